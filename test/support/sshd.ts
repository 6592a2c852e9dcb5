import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { join } from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import type { NetworkNamespace } from "./netns";
import { freePort } from "./ports";
import {
  execFileAsync,
  spawnManaged,
  waitFor,
  type ManagedProcess,
} from "./processes";
import { makeRunSubdir, testRunDir } from "./run-dir";

const SSHD = "/usr/sbin/sshd";
/**
 * Login name of this run's throwaway bastion user. Each run has its own user, so runs that
 * overlap never reset each other's password.
 */
export function bastionUser(runDir = testRunDir()): string {
  return `dwc_${createHash("sha256").update(runDir).digest("hex").slice(0, 10)}`;
}

export type HostKeyType = "ed25519" | "rsa" | "ecdsa";

export interface BastionOptions {
  /** Run each session's sshd inside this namespace, exposed on the host's loopback by socat. */
  namespace?: NetworkNamespace;
  /** Extra sshd_config lines, e.g. `PubkeyAcceptedAlgorithms ssh-ed25519`. */
  extraConfig?: string[];
  hostKeyTypes?: HostKeyType[];
}

/**
 * Creates this run's bastion login user (no home; forwarding needs no shell session) with a
 * random password. Global setup calls it once; workers read the password from the run folder.
 */
export async function ensureBastionUser(): Promise<string> {
  const passwordFile = join(testRunDir(), "bastion-password");
  if (existsSync(passwordFile)) return readFileSync(passwordFile, "utf8");

  const user = bastionUser();
  const known = await execFileAsync("getent", ["passwd", user]).catch(
    () => null,
  );
  if (!known) {
    await execFileAsync("useradd", [
      "--no-create-home",
      "--shell",
      "/bin/sh",
      user,
    ]);
  }
  const password = `bastion-${randomBytes(9).toString("base64url")}`;
  await chpasswd(`${user}:${password}`);
  writeFileSync(passwordFile, password, { mode: 0o600 });
  return password;
}

/** Deletes a run's bastion user at the end of the run. */
export async function deleteBastionUser(runDir = testRunDir()): Promise<void> {
  await execFileAsync("userdel", [bastionUser(runDir)]).catch(() => undefined);
}

function chpasswd(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("chpasswd", [], {
      stdio: ["pipe", "ignore", "ignore"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error("chpasswd failed")),
    );
    child.stdin.end(line + "\n");
  });
}

/** An OpenSSH server of the tests' own, with its own config and host keys. */
export class Bastion {
  readonly host = "127.0.0.1";
  readonly user = bastionUser();
  private process: ManagedProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly password: string,
    private readonly options: BastionOptions,
  ) {}

  static async start(options: BastionOptions = {}): Promise<Bastion> {
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const password = await ensureBastionUser();
    const bastion = new Bastion(
      makeRunSubdir("sshd"),
      await freePort(),
      password,
      options,
    );
    writeFileSync(bastion.authorizedKeysFile, "");
    await bastion.generateHostKeys();
    bastion.writeConfig();
    await bastion.launch();
    return bastion;
  }

  get authorizedKeysFile(): string {
    return join(this.dir, "authorized_keys");
  }

  get configFile(): string {
    return join(this.dir, "sshd_config");
  }

  get logFile(): string {
    return join(this.dir, "sshd.log");
  }

  private hostKeyFile(type: HostKeyType): string {
    return join(this.dir, `ssh_host_${type}_key`);
  }

  private get hostKeyTypes(): HostKeyType[] {
    return this.options.hostKeyTypes ?? ["ed25519"];
  }

  private async generateHostKeys(): Promise<void> {
    for (const type of this.hostKeyTypes) {
      const file = this.hostKeyFile(type);
      rmSync(file, { force: true });
      rmSync(`${file}.pub`, { force: true });
      await execFileAsync("ssh-keygen", [
        "-q",
        "-t",
        type,
        "-N",
        "",
        "-f",
        file,
      ]);
    }
  }

  private writeConfig(): void {
    const lines = [
      "ListenAddress 127.0.0.1",
      `Port ${this.port}`,
      ...this.hostKeyTypes.map((type) => `HostKey ${this.hostKeyFile(type)}`),
      "PidFile none",
      "UsePAM no",
      "PasswordAuthentication yes",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      `AuthorizedKeysFile ${this.authorizedKeysFile}`,
      "StrictModes no",
      "AllowTcpForwarding yes",
      "X11Forwarding no",
      "PermitTTY no",
      `AllowUsers ${this.user}`,
      "LogLevel DEBUG1",
      ...(this.options.extraConfig ?? []),
    ];
    writeFileSync(this.configFile, lines.join("\n") + "\n");
  }

  private async launch(): Promise<void> {
    const namespace = this.options.namespace;
    if (namespace) {
      const session = `ip netns exec ${namespace.name} ${SSHD} -i -f ${this.configFile} -E ${this.logFile}`;
      const listen = `TCP-LISTEN:${this.port},bind=127.0.0.1,reuseaddr,fork`;
      this.process = spawnManaged("socat-sshd", "socat", [
        listen,
        `EXEC:${session}`,
      ]);
    } else {
      this.process = spawnManaged("sshd", SSHD, [
        "-D",
        "-f",
        this.configFile,
        "-E",
        this.logFile,
      ]);
    }
    await waitFor(`sshd on port ${this.port}`, () =>
      acceptsConnections(this.port),
    );
  }

  /** Adds a public key line (`ssh-ed25519 AAAA...`) to the user's authorized keys. */
  authorizeKey(publicKeyLine: string): void {
    appendFileSync(this.authorizedKeysFile, publicKeyLine.trim() + "\n");
  }

  /** The host key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:...`). */
  async hostKeyFingerprint(
    type: HostKeyType = this.hostKeyTypes[0] ?? "ed25519",
  ): Promise<string> {
    const { stdout } = await execFileAsync("ssh-keygen", [
      "-lf",
      `${this.hostKeyFile(type)}.pub`,
    ]);
    const fingerprint = stdout.split(" ")[1];
    if (!fingerprint)
      throw new Error(`Unexpected ssh-keygen output: ${stdout}`);
    return fingerprint;
  }

  /** Replaces the host keys, as after a rebuilt bastion, and restarts sshd. */
  async regenerateHostKeys(): Promise<void> {
    await this.generateHostKeys();
    await this.process?.stop();
    await this.launch();
  }

  readLog(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
