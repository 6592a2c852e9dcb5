import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSafeStorageCipher } from "../../main/electron/safe-storage-cipher";
import { Redactor } from "../../main/services/logging/redactor";
import { EncryptedFileVault } from "../../main/services/vault/encrypted-file-vault";
import { RedactingVault } from "../../main/services/vault/redacting-vault";
import { MemoryVault, type Cipher } from "../../main/services/vault/vault";
import { AppError } from "../../shared/domain/errors";

const SECRET = "correct-horse-battery-staple";

/** AES-256-GCM with a per-test key, standing in for the operating system's cipher. */
function createTestCipher(available = true): Cipher {
  const key = randomBytes(32);
  return {
    isAvailable: () => available,
    encrypt: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: (encrypted) => {
      const decipher = createDecipheriv(
        "aes-256-gcm",
        key,
        encrypted.subarray(0, 12),
      );
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([
        decipher.update(encrypted.subarray(28)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dw-connect-vault-"));
  path = join(dir, "secrets.bin");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("EncryptedFileVault", () => {
  it("returns a stored secret", async () => {
    const vault = new EncryptedFileVault(path, createTestCipher());

    await vault.set("connection:c1:password", SECRET);

    expect(await vault.get("connection:c1:password")).toBe(SECRET);
  });

  it("writes no plain text", async () => {
    const vault = new EncryptedFileVault(path, createTestCipher());

    await vault.set("connection:c1:password", SECRET);

    const bytes = await readFile(path);
    expect(bytes.toString("utf8")).not.toContain(SECRET);
    expect(bytes.toString("latin1")).not.toContain("connection:c1");
  });

  it("reads secrets saved by another instance", async () => {
    const cipher = createTestCipher();
    await new EncryptedFileVault(path, cipher).set("posthog:api-key", SECRET);

    const reopened = new EncryptedFileVault(path, cipher);

    expect(await reopened.get("posthog:api-key")).toBe(SECRET);
  });

  it("deletes a secret", async () => {
    const cipher = createTestCipher();
    const vault = new EncryptedFileVault(path, cipher);
    await vault.set("a", "1");
    await vault.set("b", "2");

    await vault.delete("a");

    const reopened = new EncryptedFileVault(path, cipher);
    expect(await reopened.has("a")).toBe(false);
    expect(await reopened.get("b")).toBe("2");
  });

  it("returns null for a missing key", async () => {
    const vault = new EncryptedFileVault(path, createTestCipher());

    expect(await vault.get("missing")).toBeNull();
  });

  it("rejects secrets without encryption", async () => {
    const vault = new EncryptedFileVault(path, createTestCipher(false));

    const error = await vault
      .set("a", SECRET)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VAULT_ENCRYPTION_UNAVAILABLE");
    expect(existsSync(path)).toBe(false);
  });

  it("reports an undecryptable file", async () => {
    await new EncryptedFileVault(path, createTestCipher()).set("a", SECRET);

    const otherKey = new EncryptedFileVault(path, createTestCipher());
    const error = await otherKey.get("a").catch((caught: unknown) => caught);

    expect((error as AppError).code).toBe("VAULT_UNREADABLE");
  });

  it("keeps concurrent writes", async () => {
    const cipher = createTestCipher();
    const vault = new EncryptedFileVault(path, cipher);

    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        vault.set(`k${index}`, `v${index}`),
      ),
    );

    const reopened = new EncryptedFileVault(path, cipher);
    expect(await reopened.get("k0")).toBe("v0");
    expect(await reopened.get("k19")).toBe("v19");
  });

  it("leaves no temporary files", async () => {
    const vault = new EncryptedFileVault(path, createTestCipher());

    await vault.set("a", SECRET);

    expect(await readdir(dir)).toEqual(["secrets.bin"]);
  });
});

describe("RedactingVault", () => {
  it("registers written secrets", async () => {
    const redactor = new Redactor();
    const vault = new RedactingVault(new MemoryVault(), redactor);

    await vault.set("a", SECRET);

    expect(redactor.redactText(`oops ${SECRET}`)).not.toContain(SECRET);
  });

  it("registers read secrets", async () => {
    const inner = new MemoryVault();
    await inner.set("a", SECRET);
    const redactor = new Redactor();

    await new RedactingVault(inner, redactor).get("a");

    expect(redactor.redactText(SECRET)).not.toContain(SECRET);
  });
});

describe("safeStorage cipher", () => {
  const fakeSafeStorage = (backend: "basic_text" | "gnome_libsecret") => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => Buffer.from(text),
    decryptString: (buffer: Buffer) => buffer.toString(),
  });

  it("rejects the basic_text backend on Linux", () => {
    const cipher = createSafeStorageCipher(
      fakeSafeStorage("basic_text"),
      "linux",
    );

    expect(cipher.isAvailable()).toBe(false);
  });

  it("accepts a keyring on Linux", () => {
    const cipher = createSafeStorageCipher(
      fakeSafeStorage("gnome_libsecret"),
      "linux",
    );

    expect(cipher.isAvailable()).toBe(true);
  });

  it("ignores the backend on macOS", () => {
    const cipher = createSafeStorageCipher(
      fakeSafeStorage("basic_text"),
      "darwin",
    );

    expect(cipher.isAvailable()).toBe(true);
  });
});

describe("vault file", () => {
  it("is not plain JSON", async () => {
    await writeFile(
      path,
      JSON.stringify({ version: 1, entries: { a: SECRET } }),
    );
    const vault = new EncryptedFileVault(path, createTestCipher());

    const error = await vault.get("a").catch((caught: unknown) => caught);

    expect((error as AppError).code).toBe("VAULT_UNREADABLE");
  });
});
