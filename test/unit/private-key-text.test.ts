import { generateKeyPairSync } from "node:crypto";
import ssh2 from "ssh2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readPrivateKeyHeader } from "../../shared/ssh/private-key-text";

const PASSPHRASE = "unit-test-passphrase";
const OPENSSH_MAGIC = "openssh-key-v1\0";

function opensshEd25519(passphrase?: string): string {
  if (passphrase === undefined) {
    return ssh2.utils.generateKeyPairSync("ed25519").private;
  }
  return ssh2.utils.generateKeyPairSync("ed25519", {
    passphrase,
    cipher: "aes256-ctr",
    rounds: 4,
  }).private;
}

/** Wraps a base64 `openssh-key-v1` body in the OpenSSH armour lines. */
function opensshArmour(base64: string): string {
  return [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    base64,
    "-----END OPENSSH PRIVATE KEY-----",
  ].join("\n");
}

function sshString(value: string | Buffer): Buffer {
  const bytes =
    typeof value === "string" ? Buffer.from(value, "latin1") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * Builds an `openssh-key-v1` body up to its first public key, whose key data
 * is zeros.
 */
function opensshBody(
  cipherName: string,
  kdfOptions: Buffer,
  keyType: string,
): Buffer {
  const keyCount = Buffer.from([0, 0, 0, 1]);
  const publicKey = Buffer.concat([
    sshString(keyType),
    sshString(Buffer.alloc(32)),
  ]);
  return Buffer.concat([
    Buffer.from(OPENSSH_MAGIC, "latin1"),
    sshString(cipherName),
    sshString("bcrypt"),
    sshString(kdfOptions),
    keyCount,
    sshString(publicKey),
  ]);
}

/** Replaces the base64 body of an armoured key, keeping its first and last lines. */
function replaceBody(key: string, body: (lines: string[]) => string[]): string {
  const lines = key.trim().split("\n");
  return [lines[0], ...body(lines.slice(1, -1)), lines.at(-1)].join("\n");
}

function puttyHeader(version: string, type: string): string {
  return [
    `PuTTY-User-Key-File-${version}: ${type}`,
    "Encryption: aes256-cbc",
    "Comment: test",
  ].join("\n");
}

describe("readPrivateKeyHeader", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("reads an OpenSSH key", () => {
    expect(readPrivateKeyHeader(opensshEd25519())).toEqual({
      format: "openssh",
      encrypted: false,
      algorithm: "ed25519",
    });
  });

  it("reads an encrypted OpenSSH key", () => {
    expect(readPrivateKeyHeader(opensshEd25519(PASSPHRASE))).toEqual({
      format: "openssh",
      encrypted: true,
      algorithm: "ed25519",
    });
  });

  it("reads without Node's Buffer", () => {
    const key = opensshEd25519(PASSPHRASE);
    vi.stubGlobal("Buffer", undefined);

    const header = readPrivateKeyHeader(key);

    expect(header.encrypted).toBe(true);
    expect(header.algorithm).toBe("ed25519");
  });

  it("skips stray characters as ssh2 does", () => {
    const key = opensshEd25519(PASSPHRASE);
    const damaged = replaceBody(key, (lines) =>
      lines.map((line, index) => (index === 0 ? `*${line}\u00a0` : line)),
    );

    const header = readPrivateKeyHeader(damaged);

    expect(header.encrypted).toBe(true);
    expect(header.algorithm).toBe("ed25519");
    expect(ssh2.utils.parseKey(damaged, PASSPHRASE)).not.toBeInstanceOf(Error);
  });

  it("reads the URL-safe alphabet", () => {
    // These KDF option bytes encode to `+` and `/` at their offset in the body.
    const kdfOptions = Buffer.from([0, 0, 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff]);
    const body = opensshBody("aes256-ctr", kdfOptions, "ssh-ed25519");
    const standard = opensshArmour(body.toString("base64"));
    const urlSafe = opensshArmour(body.toString("base64url"));

    expect(standard).toMatch(/\+/);
    expect(standard).toMatch(/\//);
    expect(readPrivateKeyHeader(urlSafe)).toEqual({
      format: "openssh",
      encrypted: true,
      algorithm: "ed25519",
    });
  });

  it("cut-off cipher name reads plain", () => {
    const body = Buffer.concat([
      Buffer.from(OPENSSH_MAGIC, "latin1"),
      sshString("aes256-ctr").subarray(0, 7),
    ]);

    expect(
      readPrivateKeyHeader(opensshArmour(body.toString("base64"))),
    ).toEqual({
      format: "openssh",
      encrypted: false,
      algorithm: null,
    });
  });

  it("cipher name alone reads encrypted", () => {
    const body = Buffer.concat([
      Buffer.from(OPENSSH_MAGIC, "latin1"),
      sshString("aes256-ctr"),
    ]);

    expect(
      readPrivateKeyHeader(opensshArmour(body.toString("base64"))),
    ).toEqual({
      format: "openssh",
      encrypted: true,
      algorithm: null,
    });
  });

  it("missing magic reads plain", () => {
    const body = Buffer.concat([
      Buffer.from("openssh-key-v2\0"),
      sshString("aes"),
    ]);

    expect(
      readPrivateKeyHeader(opensshArmour(body.toString("base64"))).encrypted,
    ).toBe(false);
  });

  it("reads a PEM EC key", () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "sec1", format: "pem" },
    });

    expect(readPrivateKeyHeader(privateKey)).toEqual({
      format: "pem",
      encrypted: false,
      algorithm: "ECDSA",
    });
  });

  it("reads an encrypted PKCS#8 key", () => {
    const { privateKey } = generateKeyPairSync("ed25519", {
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: {
        type: "pkcs8",
        format: "pem",
        cipher: "aes-256-cbc",
        passphrase: PASSPHRASE,
      },
    });

    expect(readPrivateKeyHeader(privateKey)).toEqual({
      format: "pkcs8-encrypted",
      encrypted: true,
      algorithm: null,
    });
  });

  it("reads a PuTTY version 2 key", () => {
    expect(readPrivateKeyHeader(puttyHeader("2", "ssh-rsa"))).toEqual({
      format: "ppk-v2",
      encrypted: true,
      declaredType: "ssh-rsa",
      puttyVersion: "2",
      algorithm: "RSA",
    });
  });

  it("PuTTY version 1 is unknown", () => {
    expect(readPrivateKeyHeader(puttyHeader("1", "ssh-dss"))).toEqual({
      format: "unknown",
      encrypted: true,
      declaredType: "ssh-dss",
      puttyVersion: "1",
      algorithm: "DSA",
    });
  });

  it("keeps an unlisted type's wire name", () => {
    const header = readPrivateKeyHeader(puttyHeader("3", "ssh-future"));

    expect(header.algorithm).toBe("ssh-future");
  });

  it("recognises a public key", () => {
    const publicKey = ssh2.utils.generateKeyPairSync("ed25519").public;

    expect(readPrivateKeyHeader(publicKey)).toEqual({
      format: "public-key",
      encrypted: false,
      algorithm: null,
    });
  });

  it("other text is unknown", () => {
    expect(readPrivateKeyHeader("hunter2")).toEqual({
      format: "unknown",
      encrypted: false,
      algorithm: null,
    });
  });
});
