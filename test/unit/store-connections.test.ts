import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import { ConnectionStore } from "../../main/services/storage/connection-store";
import { MemoryVault } from "../../main/services/vault/vault";
import { AppError } from "../../shared/domain/errors";
import { SETTINGS } from "./ipc-fake-ports";

const NO_SECRETS = {
  password: false,
  sshPassword: false,
  sshPrivateKey: false,
  sshPassphrase: false,
};

let dir: string;
let path: string;
let vault: MemoryVault;
let store: ConnectionStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dw-connect-connections-"));
  path = join(dir, "connections.json");
  vault = new MemoryVault();
  store = new ConnectionStore({
    path,
    vault,
    logger: createLogger({
      sink: new MemoryLogSink(),
      redactor: new Redactor(),
    }),
    now: () => new Date("2025-03-01T10:00:00Z"),
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ConnectionStore", () => {
  it("splits secrets into the vault", async () => {
    const saved = await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass", sshPassword: "ssh-pass" },
      clearSecrets: [],
    });

    expect(await vault.get(`connection:${saved.id}:password`)).toBe("db-pass");
    expect(await vault.get(`connection:${saved.id}:sshPassword`)).toBe(
      "ssh-pass",
    );
  });

  it("keeps secrets out of the settings file", async () => {
    await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass", sshPrivateKey: "KEY-MATERIAL" },
      clearSecrets: [],
    });

    const text = await readFile(path, "utf8");
    expect(text).not.toContain("db-pass");
    expect(text).not.toContain("KEY-MATERIAL");
    expect(text).toContain(SETTINGS.host);
  });

  it("returns presence flags", async () => {
    const saved = await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass" },
      clearSecrets: [],
    });

    expect(saved.secrets).toEqual({ ...NO_SECRETS, password: true });
    expect(JSON.stringify(saved)).not.toContain("db-pass");
  });

  it("keeps stored secrets on update", async () => {
    const first = await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass" },
      clearSecrets: [],
    });

    const updated = await store.save({
      id: first.id,
      settings: { ...SETTINGS, name: "Renamed" },
      secrets: { password: "" },
      clearSecrets: [],
    });

    expect(updated.settings.name).toBe("Renamed");
    expect(await store.getSecrets(first.id)).toEqual({ password: "db-pass" });
  });

  it("clears secrets", async () => {
    const first = await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass", sshPassword: "ssh-pass" },
      clearSecrets: [],
    });

    const updated = await store.save({
      id: first.id,
      settings: SETTINGS,
      secrets: {},
      clearSecrets: ["sshPassword"],
    });

    expect(updated.secrets.sshPassword).toBe(false);
    expect(await vault.has(`connection:${first.id}:sshPassword`)).toBe(false);
  });

  it("replaces a cleared and typed secret", async () => {
    const first = await store.save({
      settings: SETTINGS,
      secrets: { password: "old" },
      clearSecrets: [],
    });

    await store.save({
      id: first.id,
      settings: SETTINGS,
      secrets: { password: "new" },
      clearSecrets: ["password"],
    });

    expect(await store.getSecrets(first.id)).toEqual({ password: "new" });
  });

  it("lists saved connections in order", async () => {
    const a = await store.save({
      settings: SETTINGS,
      secrets: {},
      clearSecrets: [],
    });
    const b = await store.save({
      settings: { ...SETTINGS, name: "Second" },
      secrets: {},
      clearSecrets: [],
    });
    await store.save({
      id: a.id,
      settings: SETTINGS,
      secrets: {},
      clearSecrets: [],
    });

    const ids = (await store.list()).map((connection) => connection.id);

    expect(ids).toEqual([a.id, b.id]);
  });

  it("deletes a connection with its secrets", async () => {
    const saved = await store.save({
      settings: SETTINGS,
      secrets: { password: "db-pass", sshPassphrase: "phrase" },
      clearSecrets: [],
    });

    await store.delete(saved.id);

    expect(await store.list()).toEqual([]);
    expect(vault.values()).toEqual([]);
  });

  it("rejects an unknown id", async () => {
    const error = await store.get("missing").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("not-found");
  });

  it("rejects an update of an unknown id", async () => {
    const saving = store.save({
      id: "missing",
      settings: SETTINGS,
      secrets: { password: "db-pass" },
      clearSecrets: [],
    });

    await expect(saving).rejects.toThrow(
      'No saved connection has the id "missing".',
    );
    expect(vault.values()).toEqual([]);
  });

  it("stamps the update time", async () => {
    const saved = await store.save({
      settings: SETTINGS,
      secrets: {},
      clearSecrets: [],
    });

    expect(saved.updatedAt).toBe("2025-03-01T10:00:00.000Z");
  });
});
