import type { Redactor } from "../logging/redactor";
import type { Vault } from "./vault";

/**
 * Wraps a vault so that every secret read or written through it is added to the redactor,
 * which then masks the value in every log record and error detail.
 */
export class RedactingVault implements Vault {
  constructor(
    private readonly inner: Vault,
    private readonly redactor: Redactor,
  ) {}

  async get(key: string): Promise<string | null> {
    const value = await this.inner.get(key);
    if (value !== null) {
      this.redactor.addSecret(value);
    }

    return value;
  }

  async set(key: string, value: string): Promise<void> {
    this.redactor.addSecret(value);
    await this.inner.set(key, value);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  has(key: string): Promise<boolean> {
    return this.inner.has(key);
  }
}
