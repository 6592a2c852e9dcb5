import { describe, expect, it } from "vitest";
import {
  describeHostKey,
  fingerprintOf,
  HostKeyTrust,
} from "../../main/ssh/host-key";
import type { KnownHostsStore, TrustedHostKey } from "../../main/ssh/types";
import { AppError } from "../../shared/domain/errors";

// Public keys and the fingerprints `ssh-keygen -lf` (OpenSSH 9.2) printed for them.
const ED25519_BLOB =
  "AAAAC3NzaC1lZDI1NTE5AAAAIAXU1RBdU/8bP8rR+TWy64IYpTLTrJH3d2MzQ6xNtgWu";
const ED25519_FINGERPRINT =
  "SHA256:I9jdZpOyiDl3VY/Qid0ncML8gsqvWv7h623k25qAlSE";
const RSA_BLOB =
  "AAAAB3NzaC1yc2EAAAADAQABAAAAgQCrVuMnQV07RfYHHX9tlnUKMvqDFysAVvETrk7fioQhPsXFa3iq/GtZdFQdPcXcPD3HGNAlZHYQtsabJhEamAD0Kg1OrqZ5vvf4NUjxcv65w/SiHCWZaHHPUFQ/vvDfK9+Refcnldx49zOKjuTYYJ9PsNJBeZD5HtPe6PBb3EtsIw==";
const RSA_FINGERPRINT = "SHA256:dsKehn40c40BeMpBNAJ9hKnIgpDFJKfDX7m35jGm8tM";

class MapStore implements KnownHostsStore {
  readonly entries = new Map<string, TrustedHostKey>();

  get(host: string, port: number): Promise<TrustedHostKey | null> {
    return Promise.resolve(this.entries.get(`${host}:${port}`) ?? null);
  }

  set(host: string, port: number, key: TrustedHostKey): Promise<void> {
    this.entries.set(`${host}:${port}`, key);
    return Promise.resolve();
  }
}

const ed25519 = describeHostKey(Buffer.from(ED25519_BLOB, "base64"));
const rsa = describeHostKey(Buffer.from(RSA_BLOB, "base64"));

async function rejection(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected a rejection.");
}

describe("fingerprintOf", () => {
  it("matches ssh-keygen for ed25519", () => {
    expect(fingerprintOf(Buffer.from(ED25519_BLOB, "base64"))).toBe(
      ED25519_FINGERPRINT,
    );
  });

  it("matches ssh-keygen for RSA", () => {
    expect(fingerprintOf(Buffer.from(RSA_BLOB, "base64"))).toBe(
      RSA_FINGERPRINT,
    );
  });

  it("has no base64 padding", () => {
    expect(rsa.fingerprint.endsWith("=")).toBe(false);
  });
});

describe("describeHostKey", () => {
  it("reads the algorithm from the blob", () => {
    expect(ed25519.algorithm).toBe("ssh-ed25519");
    expect(rsa.algorithm).toBe("ssh-rsa");
  });

  it("keeps the blob as base64", () => {
    expect(ed25519.keyBase64).toBe(ED25519_BLOB);
  });
});

describe("HostKeyTrust", () => {
  it("accepts the trusted key", () => {
    const trust = new HostKeyTrust(new MapStore());

    expect(trust.check("bastion", 22, ed25519, ed25519)).toBeNull();
    expect(trust.pendingKey("bastion", 22)).toBeNull();
  });

  it("unknown key becomes pending", () => {
    const store = new MapStore();
    const trust = new HostKeyTrust(store);

    const error = trust.check("bastion", 22, ed25519, null);

    expect(error?.kind).toBe("ssh-host-key-unknown");
    expect(error?.shape.hostKey).toEqual({
      host: "bastion",
      port: 22,
      algorithm: "ssh-ed25519",
      fingerprint: ED25519_FINGERPRINT,
    });
    expect(trust.pendingKey("bastion", 22)).toEqual(ed25519);
    expect(store.entries.size).toBe(0);
  });

  it("changed key names both fingerprints", () => {
    const trust = new HostKeyTrust(new MapStore());

    const error = trust.check("bastion", 22, rsa, ed25519);

    expect(error?.kind).toBe("ssh-host-key-changed");
    expect(error?.shape.hostKey?.fingerprint).toBe(RSA_FINGERPRINT);
    expect(error?.shape.hostKey?.previousFingerprint).toBe(ED25519_FINGERPRINT);
    expect(error?.shape.layer).toBe("ssh-handshake");
  });

  it("trustPending stores the exact key", async () => {
    const store = new MapStore();
    const trust = new HostKeyTrust(store);
    trust.check("Bastion.Example", 2222, ed25519, null);

    await trust.trustPending("bastion.example", 2222, ED25519_FINGERPRINT);

    expect(store.entries.get("bastion.example:2222")).toEqual(ed25519);
    expect(trust.pendingKey("bastion.example", 2222)).toBeNull();
  });

  it("trustPending rejects another fingerprint", async () => {
    const store = new MapStore();
    const trust = new HostKeyTrust(store);
    trust.check("bastion", 22, ed25519, null);

    const error = await rejection(
      trust.trustPending("bastion", 22, RSA_FINGERPRINT),
    );

    expect(error.code).toBe("SSH_HOST_KEY_FINGERPRINT_MISMATCH");
    expect(store.entries.size).toBe(0);
    expect(trust.pendingKey("bastion", 22)).toEqual(ed25519);
  });

  it("trustPending rejects another port", async () => {
    const trust = new HostKeyTrust(new MapStore());
    trust.check("bastion", 22, ed25519, null);

    const error = await rejection(
      trust.trustPending("bastion", 2222, ED25519_FINGERPRINT),
    );

    expect(error.code).toBe("SSH_HOST_KEY_NOT_PENDING");
  });

  it("pending key is the latest seen", () => {
    const trust = new HostKeyTrust(new MapStore());
    trust.check("bastion", 22, ed25519, null);
    trust.check("bastion", 22, rsa, null);

    expect(trust.pendingKey("bastion", 22)).toEqual(rsa);
  });
});
