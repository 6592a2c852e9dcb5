import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStores, type AppStores } from "../../main/app/stores";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import { MemoryVault } from "../../main/services/vault/vault";

const API_KEY = "phx_testkey0123456789";
const ACCOUNT = {
  region: "eu" as const,
  host: "https://eu.posthog.com",
  projects: [{ id: 7, name: "Main" }],
  projectId: 7,
  userEmail: "analyst@example.com",
};
const HOST_KEY = {
  algorithm: "ssh-ed25519",
  fingerprint: "SHA256:abc",
  keyBase64: "AAAAC3NzaC1lZDI1NTE5AAAAIA==",
};

let dir: string;
let vault: MemoryVault;
let stores: AppStores;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dw-connect-stores-"));
  vault = new MemoryVault();
  stores = createStores({
    dataDir: dir,
    vault,
    logger: createLogger({
      sink: new MemoryLogSink(),
      redactor: new Redactor(),
    }),
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("PostHogAccountStore", () => {
  it("shows a signed-out account", async () => {
    expect((await stores.account.view()).signedIn).toBe(false);
  });

  it("stores the key in the vault", async () => {
    await stores.account.signIn(ACCOUNT, API_KEY);

    expect(await vault.get("posthog:api-key")).toBe(API_KEY);
  });

  it("keeps the key out of the file", async () => {
    await stores.account.signIn(ACCOUNT, API_KEY);

    const text = await readFile(join(dir, "posthog-account.json"), "utf8");
    expect(text).not.toContain(API_KEY);
    expect(text).toContain(ACCOUNT.host);
  });

  it("shows the account without the key", async () => {
    await stores.account.signIn(ACCOUNT, API_KEY);

    const view = await stores.account.view();

    expect(view).toEqual({ ...ACCOUNT, signedIn: true });
    expect(JSON.stringify(view)).not.toContain(API_KEY);
  });

  it("shows signed out without a key", async () => {
    await stores.account.signIn(ACCOUNT, API_KEY);
    await vault.delete("posthog:api-key");

    expect((await stores.account.view()).signedIn).toBe(false);
  });

  it("deletes the key on sign-out", async () => {
    await stores.account.signIn(ACCOUNT, API_KEY);

    await stores.account.signOut();

    expect(await vault.has("posthog:api-key")).toBe(false);
    expect(await stores.account.get()).toBeNull();
  });
});

describe("KnownHostsStore", () => {
  it("returns null for an unknown host", async () => {
    expect(await stores.knownHosts.get("bastion.example.com", 22)).toBeNull();
  });

  it("returns a trusted key", async () => {
    await stores.knownHosts.set("bastion.example.com", 22, HOST_KEY);

    expect(await stores.knownHosts.get("bastion.example.com", 22)).toEqual(
      HOST_KEY,
    );
  });

  it("ignores host name case", async () => {
    await stores.knownHosts.set("Bastion.Example.com", 22, HOST_KEY);

    expect(await stores.knownHosts.get("bastion.example.com", 22)).toEqual(
      HOST_KEY,
    );
  });

  it("separates ports", async () => {
    await stores.knownHosts.set("bastion.example.com", 22, HOST_KEY);

    expect(await stores.knownHosts.get("bastion.example.com", 2222)).toBeNull();
  });

  it("replaces a key", async () => {
    await stores.knownHosts.set("bastion.example.com", 22, HOST_KEY);
    const replacement = { ...HOST_KEY, fingerprint: "SHA256:new" };

    await stores.knownHosts.set("bastion.example.com", 22, replacement);

    expect(await stores.knownHosts.get("bastion.example.com", 22)).toEqual(
      replacement,
    );
  });
});

describe("CatalogCacheStore", () => {
  it("returns a cached catalog", async () => {
    const catalog = {
      host: "https://us.posthog.com",
      sources: [],
      fetchedAt: "2025-03-01T10:00:00.000Z",
    };

    await stores.catalogCache.set(catalog);

    expect(await stores.catalogCache.get()).toEqual(catalog);
  });
});
