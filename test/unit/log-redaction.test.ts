import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/domain/errors";
import { createLogger } from "../../main/services/logging/logger";
import {
  isSensitiveKey,
  REDACTED,
  Redactor,
} from "../../main/services/logging/redactor";
import { FileLogSink, MemoryLogSink } from "../../main/services/logging/sinks";

const DB_PASSWORD = "s3cr3t-db-pass";
const API_KEY = "phx_abcdefghijklmnopqrstuvwxyz012345";
const PRIVATE_KEY = [
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
  "QyNTUxOQAAACBfakeKeyMaterialForTestsOnly0000000000000000000000000000000",
  "-----END OPENSSH PRIVATE KEY-----",
].join("\n");

function setup() {
  const redactor = new Redactor();
  const sink = new MemoryLogSink();
  const logger = createLogger({ sink, redactor, level: "debug" });
  return { redactor, sink, logger };
}

describe("log redaction", () => {
  it("masks a secret-bearing object", () => {
    const { sink, logger } = setup();

    logger.info("Saving connection", {
      connection: {
        host: "db.internal",
        password: DB_PASSWORD,
        ssh: { privateKey: PRIVATE_KEY, passphrase: "hunter2-passphrase" },
      },
      headers: { Authorization: `Bearer ${API_KEY}` },
      api_key: API_KEY,
      credential: { id: "cred-1" },
    });

    const text = sink.text();
    expect(text).not.toContain(DB_PASSWORD);
    expect(text).not.toContain("hunter2-passphrase");
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain("fakeKeyMaterial");
    expect(text).not.toContain("cred-1");
    expect(text).toContain("db.internal");
  });

  it("masks vault secrets inside error messages", () => {
    const { redactor, sink, logger } = setup();
    redactor.addSecret(DB_PASSWORD);

    const error = new Error(`connect failed for password ${DB_PASSWORD}`);
    logger.error("Connection test failed", { error, attempt: 2 });

    expect(sink.text()).not.toContain(DB_PASSWORD);
    expect(sink.text()).toContain(REDACTED);
  });

  it("masks vault secrets in messages and nested values", () => {
    const { redactor, sink, logger } = setup();
    redactor.addSecret(DB_PASSWORD);

    logger.warn(`retrying with ${DB_PASSWORD}`, {
      steps: [{ detail: { text: `driver said ${DB_PASSWORD}` } }],
    });

    expect(sink.text()).not.toContain(DB_PASSWORD);
  });

  it("masks an AppError's shape", () => {
    const { redactor, sink, logger } = setup();
    redactor.addSecret(DB_PASSWORD);

    const error = new AppError({
      kind: "auth-rejected",
      code: "PG_28P01",
      message: "Postgres rejected the password.",
      detail: `password authentication failed: ${DB_PASSWORD}`,
    });
    logger.error("Login failed", { error });

    expect(sink.text()).not.toContain(DB_PASSWORD);
    expect(sink.text()).toContain("PG_28P01");
  });

  it("masks a fragment of a private key", () => {
    const { redactor } = setup();
    redactor.addSecret(PRIVATE_KEY);

    const text = redactor.redactText(
      "cannot parse: QyNTUxOQAAACBfakeKeyMaterialForTestsOnly0000000000000000000000000000000",
    );

    expect(text).not.toContain("fakeKeyMaterial");
  });

  it("masks secret-shaped text", () => {
    const { redactor } = setup();

    const text = redactor.redactText(
      `postgresql://analyst:pa55word@db:5432/orders host=db password=pa55word key ${API_KEY}`,
    );

    expect(text).not.toContain("pa55word");
    expect(text).not.toContain(API_KEY);
    expect(text).toContain("postgresql://analyst:");
  });

  it("keeps non-secret values", () => {
    const { sink, logger } = setup();

    logger.info("Discovered tables", { tables: 11, connectionId: "c-1" });

    const record = JSON.parse(sink.lines[0] ?? "{}") as {
      fields: Record<string, unknown>;
    };
    expect(record.fields).toEqual({ tables: 11, connectionId: "c-1" });
  });

  it("handles circular objects", () => {
    const { sink, logger } = setup();
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;

    logger.info("Circular", { loop });

    expect(sink.text()).toContain("[circular]");
  });
});

describe("short secrets", () => {
  it("masks a short secret standing alone", () => {
    const redactor = new Redactor();
    redactor.addSecret("a");

    expect(redactor.redactText('password was "a"')).toBe(
      `password was "${REDACTED}"`,
    );
  });

  it("leaves words around a short secret whole", () => {
    const redactor = new Redactor();
    redactor.addSecret("a");

    expect(redactor.redactText("auth-rejected for analyst")).toBe(
      "auth-rejected for analyst",
    );
  });

  it("masks a long secret inside a word", () => {
    const redactor = new Redactor();
    redactor.addSecret("correct-horse-battery");

    expect(redactor.redactText("xcorrect-horse-batteryx")).toBe(
      `x${REDACTED}x`,
    );
  });
});

describe("isSensitiveKey", () => {
  it.each([
    "password",
    "sshPassword",
    "sshPassphrase",
    "private_key",
    "privateKey",
    "client_secret",
    "apiKey",
    "api_key",
    "access_token",
    "Authorization",
    "credentials",
  ])("flags %s", (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(["host", "user", "port", "database", "keyBase64"])(
    "allows %s",
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe("logger", () => {
  it("drops records below the level", () => {
    const sink = new MemoryLogSink();
    const logger = createLogger({
      sink,
      redactor: new Redactor(),
      level: "warn",
    });

    logger.info("ignored");
    logger.warn("kept");

    expect(sink.lines).toHaveLength(1);
  });

  it("prefixes the component", () => {
    const sink = new MemoryLogSink();
    const logger = createLogger({ sink, redactor: new Redactor() }).child(
      "vault",
    );

    logger.info("opened");

    expect(JSON.parse(sink.lines[0] ?? "{}")).toMatchObject({
      component: "vault",
      level: "info",
      message: "opened",
    });
  });
});

describe("FileLogSink", () => {
  it("appends lines to an owner-only file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dw-connect-log-"));
    const path = join(dir, "logs", "main.log");
    const sink = new FileLogSink(path);

    sink.write('{"message":"first"}');
    sink.write('{"message":"second"}');
    await sink.close();

    expect(await readFile(path, "utf8")).toBe(
      '{"message":"first"}\n{"message":"second"}\n',
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await rm(dir, { recursive: true, force: true });
  });
});
