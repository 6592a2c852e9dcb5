/**
 * Private key formats, recognised by their header line. ssh2 1.17 parses `openssh`, `pem`
 * (PKCS#1 RSA, DSA and SEC1 EC) and `ppk-v2` for ssh-rsa and ssh-dss only. The app rejects
 * every other format before any connection attempt.
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

export interface DetectedPrivateKey {
  format: PrivateKeyFormat;
  /** Whether the key text marks the key as encrypted, read without any passphrase. */
  encrypted: boolean;
  /** SSH key type named in the header, for PuTTY files (such as `ssh-rsa`). */
  declaredType?: string;
}

const OPENSSH_MAGIC = "openssh-key-v1\0";

const PUBLIC_KEY_PREFIXES = [
  "ssh-",
  "ecdsa-sha2-",
  "sk-",
  "-----BEGIN PUBLIC KEY-----",
  "-----BEGIN RSA PUBLIC KEY-----",
  "---- BEGIN SSH2 PUBLIC KEY ----",
];

/** Detects a private key's format and encryption from its text alone. */
export function detectPrivateKeyFormat(text: string): DetectedPrivateKey {
  const trimmed = text.trim();
  const firstLine = trimmed.split(/\r?\n/, 1)[0]?.trim() ?? "";

  if (firstLine === "-----BEGIN OPENSSH PRIVATE KEY-----") {
    return { format: "openssh", encrypted: isOpenSshKeyEncrypted(trimmed) };
  }
  if (/^-----BEGIN (RSA|DSA|EC) PRIVATE KEY-----$/.test(firstLine)) {
    return { format: "pem", encrypted: isPemKeyEncrypted(trimmed) };
  }
  if (firstLine === "-----BEGIN PRIVATE KEY-----") {
    return { format: "pkcs8", encrypted: false };
  }
  if (firstLine === "-----BEGIN ENCRYPTED PRIVATE KEY-----") {
    return { format: "pkcs8-encrypted", encrypted: true };
  }

  const putty = /^PuTTY-User-Key-File-(\d+):\s*(\S+)/.exec(firstLine);
  if (putty !== null) {
    return detectPuttyKey(trimmed, putty[1] ?? "", putty[2] ?? "");
  }
  if (PUBLIC_KEY_PREFIXES.some((prefix) => firstLine.startsWith(prefix))) {
    return { format: "public-key", encrypted: false };
  }
  return { format: "unknown", encrypted: false };
}

function detectPuttyKey(
  text: string,
  version: string,
  declaredType: string,
): DetectedPrivateKey {
  const encryption = /^Encryption:\s*(\S+)/m.exec(text)?.[1] ?? "none";
  const encrypted = encryption !== "none";
  if (version === "2") {
    return { format: "ppk-v2", encrypted, declaredType };
  }
  if (version === "3") {
    return { format: "ppk-v3", encrypted, declaredType };
  }
  return { format: "unknown", encrypted };
}

/** Checks for the `Proc-Type: 4,ENCRYPTED` header of an encrypted PEM key. */
function isPemKeyEncrypted(text: string): boolean {
  return /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(text);
}

/**
 * Reads the cipher name after the `openssh-key-v1` magic, which is `none` for an unencrypted
 * key. A body too short to contain the name counts as unencrypted here, and the parser then
 * reports it as malformed.
 */
function isOpenSshKeyEncrypted(text: string): boolean {
  const body = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("-----"))
    .join("");
  const blob = Buffer.from(body, "base64");
  const magicLength = OPENSSH_MAGIC.length;
  if (blob.toString("latin1", 0, magicLength) !== OPENSSH_MAGIC) {
    return false;
  }
  if (blob.length < magicLength + 4) {
    return false;
  }

  const nameLength = blob.readUInt32BE(magicLength);
  const nameStart = magicLength + 4;
  const cipherName = blob.toString("latin1", nameStart, nameStart + nameLength);
  return cipherName !== "none";
}
