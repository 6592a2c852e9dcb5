/** Storage for secrets: connection passwords, SSH keys and passphrases, the PostHog API key. */
export interface Vault {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

/** Encryption backed by the operating system, such as Electron's `safeStorage`. */
export interface Cipher {
  isAvailable(): boolean;
  encrypt(text: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/** Vault key of one secret of a saved connection. */
export function connectionSecretKey(
  connectionId: string,
  secretName: string,
): string {
  return `connection:${connectionId}:${secretName}`;
}

export const POSTHOG_API_KEY_VAULT_KEY = "posthog:api-key";

/** Keeps secrets in memory only, for tests and for runs that must not persist anything. */
export class MemoryVault implements Vault {
  private readonly entries = new Map<string, string>();

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(key) ?? null);
  }

  set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.entries.has(key));
  }

  /** Every stored value, so a test can check that none of them leaves the main process. */
  values(): string[] {
    return [...this.entries.values()];
  }
}
