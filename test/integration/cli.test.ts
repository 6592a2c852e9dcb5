import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChinook } from "../support/chinook";
import { freePort } from "../support/ports";
import { makeRunSubdir } from "../support/run-dir";
import {
  startPrivateNetwork,
  type PrivateNetwork,
} from "../support/private-network";
import { generateKey, type KeyPair } from "../support/ssh-keys";

const CLI = join(import.meta.dirname, "..", "..", "bin", "dw-connect.mjs");
const ANALYST = { user: "analyst", password: "analyst-password-1" };
const CDC_USER = { user: "cdc_user", password: "cdc-password-2" };

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line as a user would: a child process with its own environment. */
function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("dw-connect command line through a bastion", () => {
  let network: PrivateNetwork;
  let key: KeyPair;
  let dataDir: string;
  let fingerprint: string;

  beforeAll(async () => {
    network = await startPrivateNetwork();
    await loadChinook(network.database, ANALYST);
    await network.database.sql(
      `CREATE ROLE ${CDC_USER.user} LOGIN REPLICATION PASSWORD '${CDC_USER.password}'`,
    );
    await network.database.sql(`CREATE DATABASE shop OWNER ${CDC_USER.user}`);
    await network.database.sql(
      `SET ROLE ${CDC_USER.user};
       CREATE TABLE public.orders(id bigint PRIMARY KEY, updated_at timestamptz NOT NULL);
       CREATE TABLE public.customers(id int PRIMARY KEY, created_at timestamptz);`,
      "shop",
    );

    key = await generateKey("openssh-ed25519");
    network.bastion.authorizeKey(key.publicKey);
    fingerprint = await network.bastion.hostKeyFingerprint();
    dataDir = makeRunSubdir("cli-data");
  });

  afterAll(async () => {
    await network?.stop();
  });

  function bastionArgs(trust: string | null = fingerprint): string[] {
    const args = [
      ...[
        "--ssh-host",
        "127.0.0.1",
        "--ssh-port",
        String(network.bastion.port),
      ],
      ...["--ssh-user", network.bastion.user, "--ssh-key", key.privateKeyFile],
      ...["--tls-mode", "disable"],
    ];
    return trust ? [...args, "--trust-host-key", trust] : args;
  }

  function url(user: string, database: string): string {
    return `postgresql://${user}@db.internal:${network.database.port}/${database}`;
  }

  function env(password: string): Record<string, string> {
    return { PGPASSWORD: password, DW_CONNECT_DATA_DIR: dataDir };
  }

  it("stops at an unknown host key and shows its fingerprint", async () => {
    const run = await runCli(
      ["discover", url(ANALYST.user, "chinook"), ...bastionArgs(null)],
      env(ANALYST.password),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(fingerprint);
    expect(run.stderr).toContain("--trust-host-key");
  });

  it("rejects a host key other than the one given", async () => {
    const run = await runCli(
      [
        "discover",
        url(ANALYST.user, "chinook"),
        ...bastionArgs(`SHA256:${"A".repeat(43)}`),
      ],
      env(ANALYST.password),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`presented host key ${fingerprint}`);
  });

  it("discovers Chinook as JSON", async () => {
    const run = await runCli(
      [
        "discover",
        url(ANALYST.user, "chinook"),
        "--schema",
        "public",
        "--json",
        ...bastionArgs(),
      ],
      env(ANALYST.password),
    );
    const output = JSON.parse(run.stdout) as {
      tables: Array<{
        name: string;
        kind: string;
        primaryKey: string[];
        recommendation: { syncType: string };
      }>;
      queryCount: number;
    };
    const album = output.tables.find((table) => table.name === "album");

    expect(run.code).toBe(0);
    expect(output.tables).toHaveLength(11);
    expect(album?.kind).toBe("table");
    expect(album?.primaryKey).toEqual(["album_id"]);
    expect(album?.recommendation.syncType).toBe("full_refresh");
    expect(output.queryCount).toBeGreaterThan(0);
  });

  it("discovers Chinook as a readable table", async () => {
    const run = await runCli(
      [
        "discover",
        url(ANALYST.user, "chinook"),
        "--schema",
        "public",
        ...bastionArgs(),
      ],
      env(ANALYST.password),
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Discovered 11 tables in chinook as analyst");
    expect(run.stdout).toMatch(/invoice_line\s+table/);
  });

  it("reports not ready for a role without replication", async () => {
    const run = await runCli(
      [
        "doctor",
        url(ANALYST.user, "chinook"),
        "--schema",
        "public",
        "--json",
        ...bastionArgs(),
      ],
      env(ANALYST.password),
    );
    const report = JSON.parse(run.stdout) as {
      overall: string;
      checks: Array<{
        id: string;
        status: string;
        current: string | null;
        required: string | null;
      }>;
    };
    const privilege = report.checks.find(
      (check) => check.id === "replication-privilege",
    );

    expect(run.code).toBe(1);
    expect(report.overall).toBe("not-ready");
    expect(privilege?.status).toBe("fail");
  });

  it("prints the fixes in human output", async () => {
    const run = await runCli(
      [
        "doctor",
        url(ANALYST.user, "chinook"),
        "--schema",
        "public",
        ...bastionArgs(),
      ],
      env(ANALYST.password),
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("CDC readiness: NOT READY");
    expect(run.stdout).toContain("ALTER ROLE");
  });

  it("reports ready for a replication role that owns its tables", async () => {
    const run = await runCli(
      [
        "doctor",
        url(CDC_USER.user, "shop"),
        "--schema",
        "public",
        "--tables",
        "orders",
        ...bastionArgs(),
      ],
      env(CDC_USER.password),
    );

    expect(run.stdout).toContain("CDC readiness: READY");
    expect(run.code).toBe(0);
  });

  it("exits 2 on a wrong password", async () => {
    const run = await runCli(
      ["discover", url(ANALYST.user, "chinook"), ...bastionArgs()],
      env("wrong-password"),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("analyst");
    expect(run.stderr).not.toContain("wrong-password");
  });

  it("keeps the error intact with a one-letter password", async () => {
    const run = await runCli(
      ["discover", url(ANALYST.user, "chinook"), "--json", ...bastionArgs()],
      env("a"),
    );
    const output = JSON.parse(run.stdout) as {
      error: { kind: string; message: string };
    };

    expect(run.code).toBe(2);
    expect(output.error.kind).toBe("auth-rejected");
    expect(output.error.message).toContain("analyst");
  });

  it("applies the connect timeout to the SSH handshake", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) =>
      silent.listen(0, "127.0.0.1", resolve),
    );
    const port = (silent.address() as AddressInfo).port;
    try {
      const run = await runCli(
        [
          "discover",
          url(ANALYST.user, "chinook"),
          ...["--ssh-host", "127.0.0.1", "--ssh-port", String(port)],
          ...["--ssh-user", "nobody", "--ssh-key", key.privateKeyFile],
          ...["--connect-timeout", "2"],
        ],
        env(ANALYST.password),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("within 2 s");
    } finally {
      silent.close();
    }
  });

  it("exits 2 on a closed port", async () => {
    const closed = await freePort();
    const run = await runCli(
      [
        "discover",
        `postgresql://analyst@127.0.0.1:${closed}/chinook`,
        "--tls-mode",
        "disable",
      ],
      env(ANALYST.password),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(String(closed));
  });

  it("rejects a password in the connection string", async () => {
    const run = await runCli(
      ["doctor", `postgresql://analyst:secret@127.0.0.1:5432/chinook`],
      env(ANALYST.password),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("contains a password");
  });

  it("reads saved connection settings", async () => {
    const saved = {
      version: 1,
      connections: [
        {
          id: "c1",
          sourceType: "Postgres",
          updatedAt: new Date().toISOString(),
          settings: {
            name: "Chinook via bastion",
            host: "db.internal",
            port: network.database.port,
            database: "chinook",
            user: ANALYST.user,
            schema: "public",
            tls: { mode: "disable" },
            ssh: {
              host: "127.0.0.1",
              port: network.bastion.port,
              user: network.bastion.user,
              auth: "private-key",
            },
            posthogRoute: { kind: "same-tunnel" },
          },
        },
      ],
    };
    writeFileSync(join(dataDir, "connections.json"), JSON.stringify(saved));

    const run = await runCli(
      [
        "discover",
        "--connection",
        "Chinook via bastion",
        "--ssh-key",
        key.privateKeyFile,
        "--json",
      ],
      env(ANALYST.password),
    );

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
