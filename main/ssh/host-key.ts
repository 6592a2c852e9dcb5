import { createHash } from "node:crypto";
import { AppError, type HostKeyInfo } from "../../shared/domain/errors";
import type { Logger } from "../services/logging/logger";
import type { KnownHostsStore, TrustedHostKey } from "./types";

/**
 * Computes the `SHA256:` fingerprint of a public key blob as `ssh-keygen -lf` prints it, in
 * base64 without padding.
 */
export function fingerprintOf(keyBlob: Buffer): string {
  const digest = createHash("sha256").update(keyBlob).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** Describes a host key from its wire-format blob, whose first field is the key type. */
export function describeHostKey(keyBlob: Buffer): TrustedHostKey {
  let algorithm = "unknown";
  if (keyBlob.length >= 4) {
    const length = keyBlob.readUInt32BE(0);
    algorithm = keyBlob.toString("latin1", 4, 4 + length);
  }

  return {
    algorithm,
    fingerprint: fingerprintOf(keyBlob),
    keyBase64: keyBlob.toString("base64"),
  };
}

function endpointKey(host: string, port: number): string {
  return `${host.trim().toLowerCase()}:${port}`;
}

/**
 * Host key decisions for SSH bastions. A key seen but not trusted is kept in memory as
 * pending, and only `trustPending` with that exact fingerprint stores it.
 */
export class HostKeyTrust {
  private readonly pending = new Map<string, TrustedHostKey>();

  constructor(
    private readonly store: KnownHostsStore,
    private readonly logger?: Logger,
  ) {}

  /** Returns the key trusted for this bastion, or null on first contact. */
  trusted(host: string, port: number): Promise<TrustedHostKey | null> {
    return this.store.get(host, port);
  }

  /**
   * Compares the key a bastion presented with the trusted one and returns null when they
   * match. Otherwise it keeps the key as pending and returns the `ssh-host-key-unknown` or
   * `ssh-host-key-changed` error to raise.
   */
  check(
    host: string,
    port: number,
    presented: TrustedHostKey,
    trusted: TrustedHostKey | null,
  ): AppError | null {
    if (trusted !== null && trusted.keyBase64 === presented.keyBase64) {
      return null;
    }

    this.pending.set(endpointKey(host, port), presented);
    this.logger?.warn("SSH host key is not trusted", {
      host,
      port,
      algorithm: presented.algorithm,
      fingerprint: presented.fingerprint,
      previousFingerprint: trusted?.fingerprint,
    });
    return trusted === null
      ? unknownHostKeyError(host, port, presented)
      : changedHostKeyError(host, port, presented, trusted);
  }

  /** Returns the key this bastion presented last and that is not trusted yet, if any. */
  pendingKey(host: string, port: number): TrustedHostKey | null {
    return this.pending.get(endpointKey(host, port)) ?? null;
  }

  /**
   * Stores the pending key of this bastion when its fingerprint is exactly `fingerprint`.
   * Raises when no key is pending or the fingerprints differ, so the user can only trust the
   * key they were shown.
   */
  async trustPending(
    host: string,
    port: number,
    fingerprint: string,
  ): Promise<TrustedHostKey> {
    const key = endpointKey(host, port);
    const pending = this.pending.get(key);
    if (pending === undefined) {
      throw new AppError({
        kind: "invalid-input",
        code: "SSH_HOST_KEY_NOT_PENDING",
        message: `No host key from the SSH bastion ${host}:${port} is waiting to be trusted.`,
        fix: "Test the connection again to see the key the bastion presents now.",
      });
    }
    if (pending.fingerprint !== fingerprint) {
      throw new AppError({
        kind: "invalid-input",
        code: "SSH_HOST_KEY_FINGERPRINT_MISMATCH",
        message: `The fingerprint ${fingerprint} is not the host key the SSH bastion ${host}:${port} presented (${pending.fingerprint}).`,
        fix: "Test the connection again and trust the fingerprint it shows.",
      });
    }

    await this.store.set(host, port, pending);
    this.pending.delete(key);
    this.logger?.info("SSH host key trusted", { host, port, fingerprint });
    return pending;
  }
}

function hostKeyInfo(
  host: string,
  port: number,
  presented: TrustedHostKey,
): HostKeyInfo {
  return {
    host,
    port,
    algorithm: presented.algorithm,
    fingerprint: presented.fingerprint,
  };
}

function unknownHostKeyError(
  host: string,
  port: number,
  presented: TrustedHostKey,
): AppError {
  return new AppError({
    kind: "ssh-host-key-unknown",
    code: "SSH_HOST_KEY_UNKNOWN",
    message: `The SSH bastion ${host}:${port} presented a host key that is not trusted yet (${presented.algorithm} ${presented.fingerprint}).`,
    fix: "Compare the fingerprint with the one the bastion's administrator gives you (ssh-keygen -lf on the bastion's host key file prints it), then trust it. No credentials were sent.",
    layer: "ssh-handshake",
    hostKey: hostKeyInfo(host, port, presented),
  });
}

function changedHostKeyError(
  host: string,
  port: number,
  presented: TrustedHostKey,
  trusted: TrustedHostKey,
): AppError {
  return new AppError({
    kind: "ssh-host-key-changed",
    code: "SSH_HOST_KEY_CHANGED",
    message: `The host key of the SSH bastion ${host}:${port} changed from ${trusted.fingerprint} to ${presented.fingerprint}.`,
    fix: "A rebuilt bastion gets a new key, but so does a connection that someone intercepts. Confirm the new fingerprint with the bastion's administrator before trusting it. No credentials were sent.",
    layer: "ssh-handshake",
    hostKey: {
      ...hostKeyInfo(host, port, presented),
      previousFingerprint: trusted.fingerprint,
    },
  });
}
