/**
 * Private key formats, recognised by their header line. `unknown` also covers
 * PuTTY files of a version other than 2 or 3.
 */
export type PrivateKeyFormat =
  | "openssh"
  | "pem"
  | "ppk-v2"
  | "ppk-v3"
  | "pkcs8"
  | "pkcs8-encrypted"
  | "public-key"
  | "unknown";

/**
 * Facts that a key's text shows without parsing or decrypting the key. Both
 * the main process and the renderer read them, so this module uses no Node
 * APIs.
 */
export interface PrivateKeyHeader {
  format: PrivateKeyFormat;
  /** Whether the key text marks the key as encrypted, read without any passphrase. */
  encrypted: boolean;
  /** SSH key type named in a PuTTY header line, such as `ssh-rsa`. */
  declaredType?: string;
  /** Version number from a PuTTY header line (`PuTTY-User-Key-File-<version>`). */
  puttyVersion?: string;
  /**
   * Key algorithm as `ssh-keygen -l` names it (such as `ed25519`, `RSA` or
   * `ECDSA`), or null when the text does not name it.
   */
  algorithm: string | null;
}

const OPENSSH_MAGIC = "openssh-key-v1\0";

/** Display names of SSH key types, as in `ssh-keygen -l` output, by their wire name. */
const SSH_KEY_TYPE_NAMES: Record<string, string> = {
  "ssh-ed25519": "ed25519",
  "ssh-rsa": "RSA",
  "ssh-dss": "DSA",
  "ecdsa-sha2-nistp256": "ECDSA",
  "ecdsa-sha2-nistp384": "ECDSA",
  "ecdsa-sha2-nistp521": "ECDSA",
  "sk-ssh-ed25519@openssh.com": "ed25519-sk",
  "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-sk",
};

/** Display names of the key types in PEM `BEGIN <type> PRIVATE KEY` lines. */
const PEM_ALGORITHMS: Record<string, string> = {
  RSA: "RSA",
  DSA: "DSA",
  EC: "ECDSA",
};

const PUBLIC_KEY_PREFIXES = [
  "ssh-",
  "ecdsa-sha2-",
  "sk-",
  "-----BEGIN PUBLIC KEY-----",
  "-----BEGIN RSA PUBLIC KEY-----",
  "---- BEGIN SSH2 PUBLIC KEY ----",
];

/** Reads a key's format, encryption and algorithm from its text alone. */
export function readPrivateKeyHeader(text: string): PrivateKeyHeader {
  const trimmed = text.trim();
  const firstLine = trimmed.split(/\r?\n/, 1)[0]?.trim() ?? "";

  if (firstLine === "-----BEGIN OPENSSH PRIVATE KEY-----") {
    return readOpenSshKey(trimmed);
  }

  const pem = /^-----BEGIN (RSA|DSA|EC) PRIVATE KEY-----$/.exec(firstLine);
  if (pem !== null) {
    return {
      format: "pem",
      encrypted: /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(trimmed),
      algorithm: PEM_ALGORITHMS[pem[1] ?? ""] ?? null,
    };
  }
  if (firstLine === "-----BEGIN PRIVATE KEY-----") {
    return { format: "pkcs8", encrypted: false, algorithm: null };
  }
  if (firstLine === "-----BEGIN ENCRYPTED PRIVATE KEY-----") {
    return { format: "pkcs8-encrypted", encrypted: true, algorithm: null };
  }

  const putty = /^PuTTY-User-Key-File-(\d+):\s*(\S+)/.exec(firstLine);
  if (putty !== null) {
    return readPuttyKey(trimmed, putty[1] ?? "", putty[2] ?? "");
  }
  if (PUBLIC_KEY_PREFIXES.some((prefix) => firstLine.startsWith(prefix))) {
    return { format: "public-key", encrypted: false, algorithm: null };
  }
  return { format: "unknown", encrypted: false, algorithm: null };
}

function readPuttyKey(
  text: string,
  version: string,
  declaredType: string,
): PrivateKeyHeader {
  const encryption = /^Encryption:\s*(\S+)/m.exec(text)?.[1] ?? "none";
  let format: PrivateKeyFormat = "unknown";
  if (version === "2") {
    format = "ppk-v2";
  } else if (version === "3") {
    format = "ppk-v3";
  }

  return {
    format,
    encrypted: encryption !== "none",
    declaredType,
    puttyVersion: version,
    algorithm: sshKeyTypeName(declaredType),
  };
}

function sshKeyTypeName(wireName: string): string | null {
  if (wireName === "") return null;
  return SSH_KEY_TYPE_NAMES[wireName] ?? wireName;
}

/**
 * Reads the cipher name and the public key's type from the binary body of an
 * OpenSSH key. A body that cannot be read counts as unencrypted with an
 * unknown algorithm, so that ssh2's parser, not a passphrase prompt, reports
 * it.
 */
function readOpenSshKey(text: string): PrivateKeyHeader {
  const body = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("-----"))
    .join("");
  const fields = readOpenSshFields(decodeBase64(body));

  return {
    format: "openssh",
    encrypted: fields !== null && fields.cipherName !== "none",
    algorithm: sshKeyTypeName(fields?.keyType ?? ""),
  };
}

/**
 * Decodes base64 the way Node 20's `Buffer.from(text, "base64")` does, because
 * ssh2 1.17 reads the key body with it. Like Buffer, it skips characters
 * outside the alphabet, accepts the URL-safe `-` and `_`, and stops at the
 * first `=`, where `atob` alone would reject the body.
 */
function decodeBase64(text: string): Uint8Array {
  const paddingStart = text.indexOf("=");
  const digits = (paddingStart === -1 ? text : text.slice(0, paddingStart))
    .replace(/[^A-Za-z0-9+/\-_]/g, "")
    .replaceAll("-", "+")
    .replaceAll("_", "/");
  // A single digit left after the last full group carries no whole byte.
  const usable = digits.length % 4 === 1 ? digits.slice(0, -1) : digits;

  return Uint8Array.from(atob(usable), (char) => char.charCodeAt(0));
}

/**
 * Reads the fields of an `openssh-key-v1` body (as PROTOCOL.key in OpenSSH's
 * sources describes it) up to the first public key: cipher name, KDF name,
 * KDF options, key count, then the public key blob, whose first string is the
 * key type. Returns null when the magic is missing or the cipher name is
 * missing or cut off.
 */
function readOpenSshFields(
  bytes: Uint8Array,
): { cipherName: string; keyType: string | null } | null {
  if (latin1(bytes.subarray(0, OPENSSH_MAGIC.length)) !== OPENSSH_MAGIC) {
    return null;
  }
  const reader = new SshWireReader(bytes, OPENSSH_MAGIC.length);

  const cipherName = reader.readString();
  if (cipherName === null) return null;

  reader.readString();
  reader.readString();
  reader.skip(4);
  const publicKey = reader.readString();
  const keyType =
    publicKey === null ? null : new SshWireReader(publicKey, 0).readString();
  return {
    cipherName: latin1(cipherName),
    keyType: keyType === null ? null : latin1(keyType),
  };
}

function latin1(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => String.fromCharCode(byte)).join("");
}

/** Reads SSH wire-format strings: a big-endian uint32 length, then the bytes. */
class SshWireReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private offset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Returns the next string's bytes, or null when the body ends inside it. */
  readString(): Uint8Array | null {
    if (this.offset + 4 > this.bytes.length) return null;
    const length = this.view.getUint32(this.offset);

    const start = this.offset + 4;
    if (start + length > this.bytes.length) return null;
    this.offset = start + length;
    return this.bytes.subarray(start, start + length);
  }

  skip(count: number): void {
    this.offset += count;
  }
}
