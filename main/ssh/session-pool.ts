import { createHash } from "node:crypto";
import type { Logger } from "../services/logging/logger";
import type { SshConnectOptions, SshSession, SshSessionFactory } from "./types";

interface PoolEntry {
  /** Hash of the settings and secrets the session was opened with. */
  identity: string;
  session: Promise<SshSession>;
}

/**
 * SSH sessions reused by connection id. The next `acquire` evicts a session that closed or
 * failed and opens a fresh one, and so does a change of bastion settings or secrets.
 */
export class SshSessionPool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(
    private readonly factory: SshSessionFactory,
    private readonly logger?: Logger,
  ) {}

  /**
   * Returns the open session for `key`, or opens one with `options`. Concurrent calls for the
   * same key share one opening, and with it the first caller's abort signal. A failed opening
   * is not kept.
   */
  async acquire(key: string, options: SshConnectOptions): Promise<SshSession> {
    const identity = identityOf(options);
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.identity === identity) {
      const session = await entry.session.catch(() => null);
      if (session !== null && !session.closed) {
        return session;
      }
    }

    if (entry !== undefined) {
      await this.evict(key, entry, "SSH session replaced");
    }
    return this.openEntry(key, identity, options);
  }

  /** Closes the session for `key`, if any, and removes it from the pool. */
  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      await this.evict(key, entry, "SSH session released");
    }
  }

  /** Closes every session, for shutdown. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.release(key)));
  }

  private openEntry(
    key: string,
    identity: string,
    options: SshConnectOptions,
  ): Promise<SshSession> {
    const session = this.factory.open(options);
    const entry: PoolEntry = { identity, session };
    this.entries.set(key, entry);
    session.catch(() => {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
      }
    });
    return session;
  }

  private async evict(
    key: string,
    entry: PoolEntry,
    reason: string,
  ): Promise<void> {
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
    }
    const session = await entry.session.catch(() => null);
    if (session !== null) {
      this.logger?.info(reason, { connectionId: key });
      await session.close();
    }
  }
}

function identityOf(options: SshConnectOptions): string {
  const { settings, secrets } = options;
  const fields = [
    settings.host.trim().toLowerCase(),
    settings.port,
    settings.user,
    settings.auth,
    secrets.sshPassword,
    secrets.sshPrivateKey,
    secrets.sshPassphrase,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64");
}
