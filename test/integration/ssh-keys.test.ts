import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import type { SshSession } from "../../main/ssh/types";
import {
  execFileAsync,
  spawnManaged,
  waitFor,
  type ManagedProcess,
} from "../support/processes";
import { makeRunSubdir } from "../support/run-dir";
import { Bastion } from "../support/sshd";
import {
  convertToPpk,
  generateKey,
  generatePkcs8Key,
  type KeyPair,
} from "../support/ssh-keys";
import {
  bastionSettings,
  captureError,
  connectionLines,
  createTestFactory,
  trustBastion,
  type TestFactory,
} from "./ssh-test-helpers";

/** Reads the SSH identification line of the bastion's own sshd through a forwarded channel. */
async function readBanner(session: SshSession, port: number): Promise<string> {
  const channel: Duplex = await session.forwardOut("127.0.0.1", port);
  const banner = await new Promise<string>((resolve, reject) => {
    channel.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8")));
    channel.once("error", reject);
  });
  channel.destroy();
  return banner;
}

describe("private key formats", () => {
  let bastion: Bastion;
  let test: TestFactory;
  let rsa: KeyPair;

  beforeAll(async () => {
    bastion = await Bastion.start();
    test = createTestFactory();
    await trustBastion(test.knownHosts, bastion);
    rsa = await generateKey("pem-rsa");
    bastion.authorizeKey(rsa.publicKey);
  });

  afterAll(async () => {
    await bastion?.stop();
  });

  async function openWithKey(privateKey: string, passphrase?: string) {
    return test.factory.open({
      settings: bastionSettings(bastion, "private-key"),
      secrets: {
        sshPrivateKey: privateKey,
        ...(passphrase === undefined ? {} : { sshPassphrase: passphrase }),
      },
    });
  }

  it("connects with an OpenSSH ed25519 key", async () => {
    const ed25519 = await generateKey("openssh-ed25519");
    bastion.authorizeKey(ed25519.publicKey);

    const session = await openWithKey(ed25519.privateKey);

    expect(await readBanner(session, bastion.port)).toMatch(/^SSH-2\.0-/);
    await session.close();
  });

  it("connects with a PEM RSA key", async () => {
    const session = await openWithKey(rsa.privateKey);

    expect(await readBanner(session, bastion.port)).toMatch(/^SSH-2\.0-/);
    await session.close();
  });

  it("connects with a PEM ECDSA key", async () => {
    const ecdsa = await generateKey("pem-ecdsa");
    bastion.authorizeKey(ecdsa.publicKey);

    const session = await openWithKey(ecdsa.privateKey);

    expect(session.closed).toBe(false);
    await session.close();
  });

  it("connects with a PuTTY v2 RSA key", async () => {
    const ppk = await convertToPpk(rsa, 2);

    const session = await openWithKey(ppk.privateKey);

    expect(session.closed).toBe(false);
    await session.close();
  });

  it("rejects PKCS#8 before connecting", async () => {
    const pkcs8 = await generatePkcs8Key();
    const connectionsBefore = connectionLines(bastion).length;
    test.lookedUp.length = 0;

    const error = await captureError(() => openWithKey(pkcs8.privateKey));

    expect(error.code).toBe("SSH_KEY_PKCS8");
    expect(error.kind).toBe("ssh-key");
    expect(error.message).toBe(
      "PKCS#8 PEM keys are not supported; convert the key to OpenSSH format.",
    );
    expect(error.shape.fix).toContain("ssh-keygen -t ed25519");
    expect(test.lookedUp).toEqual([]);
    expect(connectionLines(bastion).length).toBe(connectionsBefore);
  });

  it("rejects PuTTY v3 before connecting", async () => {
    const ppk = await convertToPpk(rsa, 3);
    const connectionsBefore = connectionLines(bastion).length;
    test.lookedUp.length = 0;

    const error = await captureError(() => openWithKey(ppk.privateKey));

    expect(error.code).toBe("SSH_KEY_PPK_V3");
    expect(error.message).toBe(
      "PuTTY key version 3 is not supported; export it from PuTTYgen as an OpenSSH key (Conversions > Export OpenSSH key).",
    );
    expect(test.lookedUp).toEqual([]);
    expect(connectionLines(bastion).length).toBe(connectionsBefore);
  });
});

describe("passphrase-protected keys", () => {
  const passphrase = "correct-horse-battery-staple";
  let bastion: Bastion;
  let test: TestFactory;
  let logs: MemoryLogSink;
  const keys: Record<string, KeyPair> = {};

  beforeAll(async () => {
    bastion = await Bastion.start();
    logs = new MemoryLogSink();
    const logger = createLogger({
      sink: logs,
      redactor: new Redactor(),
      level: "debug",
    });
    test = createTestFactory({ logger });
    await trustBastion(test.knownHosts, bastion);
    keys["OpenSSH ed25519 (bcrypt KDF)"] = await generateKey(
      "openssh-ed25519",
      passphrase,
    );
    keys["PEM RSA (DEK-Info)"] = await generateKey("pem-rsa", passphrase);
    for (const key of Object.values(keys)) bastion.authorizeKey(key.publicKey);
  });

  afterAll(async () => {
    await bastion?.stop();
  });

  function openWithKey(key: KeyPair, sshPassphrase?: string) {
    return test.factory.open({
      settings: bastionSettings(bastion, "private-key"),
      secrets: {
        sshPrivateKey: key.privateKey,
        ...(sshPassphrase === undefined ? {} : { sshPassphrase }),
      },
    });
  }

  it("keys are encrypted as expected", () => {
    const ed25519 = keys["OpenSSH ed25519 (bcrypt KDF)"]?.privateKey ?? "";
    const pem = keys["PEM RSA (DEK-Info)"]?.privateKey ?? "";

    expect(ed25519).toContain("BEGIN OPENSSH PRIVATE KEY");
    expect(pem).toContain("Proc-Type: 4,ENCRYPTED");
    expect(pem).toContain("DEK-Info:");
  });

  for (const name of ["OpenSSH ed25519 (bcrypt KDF)", "PEM RSA (DEK-Info)"]) {
    it(`${name}: missing passphrase`, async () => {
      const connectionsBefore = connectionLines(bastion).length;
      test.lookedUp.length = 0;

      const error = await captureError(() => openWithKey(keys[name]!));

      expect(error.code).toBe("SSH_KEY_PASSPHRASE_REQUIRED");
      expect(error.message).toBe(
        "The private key is encrypted. Enter its passphrase.",
      );
      expect(error.shape.field).toBe("sshPassphrase");
      expect(test.lookedUp).toEqual([]);
      expect(connectionLines(bastion).length).toBe(connectionsBefore);
    });

    it(`${name}: wrong passphrase`, async () => {
      const error = await captureError(() =>
        openWithKey(keys[name]!, "not-the-passphrase"),
      );

      expect(error.code).toBe("SSH_KEY_PASSPHRASE_INCORRECT");
      expect(error.message).toBe(
        "The passphrase for the private key is incorrect.",
      );
    });

    it(`${name}: right passphrase`, async () => {
      const session = await openWithKey(keys[name]!, passphrase);

      expect(session.closed).toBe(false);
      await session.close();
    });
  }

  it("passphrase stays out of logs", () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(passphrase);
  });
});

describe("RSA signature algorithms", () => {
  let rsa: KeyPair;

  beforeAll(async () => {
    rsa = await generateKey("openssh-rsa");
  });

  it("signs with rsa-sha2 on default OpenSSH", async () => {
    const bastion = await Bastion.start();
    try {
      bastion.authorizeKey(rsa.publicKey);
      const test = createTestFactory();
      await trustBastion(test.knownHosts, bastion);

      const session = await test.factory.open({
        settings: bastionSettings(bastion, "private-key"),
        secrets: { sshPrivateKey: rsa.privateKey },
      });
      await session.close();

      // ssh2 signs with the algorithm it named in the public key query.
      const log = bastion.readLog();
      expect(log).toMatch(/Accepted publickey .* RSA SHA256:/);
      expect(log).toMatch(/pkalg rsa-sha2-(256|512) pkblob RSA/);
      expect(log).not.toMatch(/pkalg ssh-rsa /);
    } finally {
      await bastion.stop();
    }
  });

  it("explains a server without RSA", async () => {
    const bastion = await Bastion.start({
      extraConfig: ["PubkeyAcceptedAlgorithms ssh-ed25519"],
    });
    try {
      bastion.authorizeKey(rsa.publicKey);
      const test = createTestFactory();
      await trustBastion(test.knownHosts, bastion);

      const error = await captureError(() =>
        test.factory.open({
          settings: bastionSettings(bastion, "private-key"),
          secrets: { sshPrivateKey: rsa.privateKey },
        }),
      );

      expect(error.kind).toBe("ssh-auth");
      expect(error.code).toBe("SSH_RSA_KEY_REJECTED");
      expect(error.message).toContain("rejected the RSA key");
      expect(error.shape.fix).toContain("RSA signature algorithm");
      expect(error.shape.fix).toContain("ssh-keygen -t ed25519");
      expect(error.shape.detail).toContain(
        "All configured authentication methods failed",
      );
      expect(error.shape.layer).toBe("ssh-auth");
      expect(bastion.readLog()).toContain("not in PubkeyAcceptedAlgorithms");
    } finally {
      await bastion.stop();
    }
  });
});

describe("ssh-agent", () => {
  let bastion: Bastion;
  let agent: ManagedProcess;
  let agentSocket: string;

  beforeAll(async () => {
    bastion = await Bastion.start();
    agentSocket = join(makeRunSubdir("agent"), "agent.sock");
    agent = spawnManaged("ssh-agent", "ssh-agent", ["-D", "-a", agentSocket]);
    await waitFor("ssh-agent socket", () =>
      Promise.resolve(existsSync(agentSocket)),
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await bastion?.stop();
  });

  async function openWithAgent(socketPath: string) {
    const test = createTestFactory({ agentSocket: () => socketPath });
    await trustBastion(test.knownHosts, bastion);
    return test.factory.open({
      settings: bastionSettings(bastion, "agent"),
      secrets: {},
    });
  }

  it("empty agent is rejected", async () => {
    const error = await captureError(() => openWithAgent(agentSocket));

    expect(error.code).toBe("SSH_AGENT_KEYS_REJECTED");
    expect(error.shape.layer).toBe("ssh-auth");
  });

  it("connects with the agent's key", async () => {
    const key = await generateKey("openssh-ed25519");
    bastion.authorizeKey(key.publicKey);
    await execFileAsync("ssh-add", ["-q", key.privateKeyFile], {
      env: { ...process.env, SSH_AUTH_SOCK: agentSocket },
    });

    const session = await openWithAgent(agentSocket);

    expect(session.closed).toBe(false);
    await session.close();
  });

  it("missing agent socket", async () => {
    const missing = join(makeRunSubdir("agent"), "missing.sock");

    const error = await captureError(() => openWithAgent(missing));

    expect(error.code).toBe("SSH_AGENT_FAILED");
    expect(error.message).toContain(missing);
  });
});
