import { readFile } from "node:fs/promises";
import { z } from "zod";
import { AppError } from "../../../shared/domain/errors";
import { SerialQueue } from "../storage/serial-queue";
import { writeFileAtomic } from "../storage/atomic-write";
import type { Cipher, Vault } from "./vault";

const vaultFileSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.string()),
});

/**
 * Keeps secrets in one file encrypted as a whole with the operating system's cipher. The file
 * is read on first use and rewritten atomically on every change. Nothing is ever written
 * unencrypted: when the cipher is unavailable, every call that needs it raises an AppError.
 */
export class EncryptedFileVault implements Vault {
  private readonly queue = new SerialQueue();
  private entries: Map<string, string> | null = null;

  constructor(
    private readonly path: string,
    private readonly cipher: Cipher,
  ) {}

  get(key: string): Promise<string | null> {
    return this.queue.run(async () => (await this.load()).get(key) ?? null);
  }

  has(key: string): Promise<boolean> {
    return this.queue.run(async () => (await this.load()).has(key));
  }

  set(key: string, value: string): Promise<void> {
    return this.queue.run(async () => {
      this.requireCipher();
      const entries = new Map(await this.load());
      entries.set(key, value);
      await this.save(entries);
    });
  }

  delete(key: string): Promise<void> {
    return this.queue.run(async () => {
      const current = await this.load();
      if (!current.has(key)) {
        return;
      }

      const entries = new Map(current);
      entries.delete(key);
      await this.save(entries);
    });
  }

  private async load(): Promise<Map<string, string>> {
    if (this.entries !== null) {
      return this.entries;
    }

    const encrypted = await readIfExists(this.path);
    if (encrypted === null) {
      this.entries = new Map();
      return this.entries;
    }

    this.requireCipher();
    this.entries = new Map(Object.entries(this.decryptFile(encrypted).entries));
    return this.entries;
  }

  private decryptFile(encrypted: Buffer): z.infer<typeof vaultFileSchema> {
    try {
      return vaultFileSchema.parse(JSON.parse(this.cipher.decrypt(encrypted)));
    } catch (error) {
      throw new AppError({
        kind: "internal",
        code: "VAULT_UNREADABLE",
        message: `The secret store ${this.path} could not be decrypted.`,
        fix: "Sign in to the same operating system account that saved the secrets, or delete the file and enter the secrets again.",
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async save(entries: Map<string, string>): Promise<void> {
    this.requireCipher();
    const text = JSON.stringify({
      version: 1,
      entries: Object.fromEntries(entries),
    });

    await writeFileAtomic(this.path, this.cipher.encrypt(text));
    this.entries = entries;
  }

  private requireCipher(): void {
    if (!this.cipher.isAvailable()) {
      throw new AppError({
        kind: "internal",
        code: "VAULT_ENCRYPTION_UNAVAILABLE",
        message:
          "Secrets cannot be stored or read because the operating system's encryption is not available.",
        fix: "On Linux, install and unlock a keyring such as GNOME Keyring or KWallet, then restart dw-connect.",
      });
    }
  }
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }

    throw error;
  }
}
