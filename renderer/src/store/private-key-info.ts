/**
 * Facts that a private key's text shows without parsing the key: its format,
 * algorithm and whether it is encrypted. They describe a key that the masked
 * key field does not show.
 */
export type PrivateKeyInfo =
  | {
      kind: "private-key";
      /** Format named by the header: OpenSSH, PEM, PKCS#8 or PuTTY. */
      format: string;
      /** Key algorithm such as ed25519 or RSA, or null when the text does not name it. */
      algorithm: string | null;
      encrypted: boolean;
    }
  | { kind: "public-key" }
  | { kind: "unknown" };

const OPENSSH_MAGIC = "openssh-key-v1\0";

/** SSH key type names, as in `ssh-keygen -l` output, by their wire name. */
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

/** Reads a key's format, algorithm and encryption from its header lines. */
export function inspectPrivateKeyText(text: string): PrivateKeyInfo {
  const trimmed = text.trim();
  const firstLine = trimmed.split(/\r?\n/, 1)[0]?.trim() ?? "";

  if (firstLine === "-----BEGIN OPENSSH PRIVATE KEY-----") {
    return inspectOpenSshKey(trimmed);
  }

  const pem = /^-----BEGIN (RSA|DSA|EC) PRIVATE KEY-----$/.exec(firstLine);
  if (pem) {
    return {
      kind: "private-key",
      format: "PEM",
      algorithm: PEM_ALGORITHMS[pem[1] ?? ""] ?? null,
      encrypted: /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(trimmed),
    };
  }

  const pkcs8 = /^-----BEGIN (ENCRYPTED )?PRIVATE KEY-----$/.exec(firstLine);
  if (pkcs8) {
    const encrypted = pkcs8[1] !== undefined;
    return {
      kind: "private-key",
      format: "PKCS#8",
      algorithm: null,
      encrypted,
    };
  }

  const putty = /^PuTTY-User-Key-File-\d+:\s*(\S+)/.exec(firstLine);
  if (putty) {
    const encryption = /^Encryption:\s*(\S+)/m.exec(trimmed)?.[1] ?? "none";
    return {
      kind: "private-key",
      format: "PuTTY",
      algorithm: sshKeyTypeName(putty[1] ?? ""),
      encrypted: encryption !== "none",
    };
  }

  if (PUBLIC_KEY_PREFIXES.some((prefix) => firstLine.startsWith(prefix))) {
    return { kind: "public-key" };
  }
  return { kind: "unknown" };
}

/**
 * Describes a private key in a few words, e.g. "OpenSSH ed25519 key,
 * encrypted".
 */
export function describePrivateKey(
  info: Extract<PrivateKeyInfo, { kind: "private-key" }>,
): string {
  const name = [info.format, info.algorithm, "key"]
    .filter((part) => part !== null)
    .join(" ");
  return info.encrypted ? `${name}, encrypted` : name;
}

function sshKeyTypeName(wireName: string): string | null {
  if (wireName === "") return null;
  return SSH_KEY_TYPE_NAMES[wireName] ?? wireName;
}

/**
 * Reads the cipher name and the public key's type from the binary body of an
 * OpenSSH key (`openssh-key-v1`, as PROTOCOL.key in OpenSSH's sources
 * describes it). A body that cannot be read leaves the algorithm unknown.
 */
function inspectOpenSshKey(text: string): PrivateKeyInfo {
  const body = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("-----"))
    .join("");
  const fields = readOpenSshFields(decodeBase64(body));

  return {
    kind: "private-key",
    format: "OpenSSH",
    algorithm: sshKeyTypeName(fields?.keyType ?? ""),
    encrypted: fields !== null && fields.cipherName !== "none",
  };
}

function decodeBase64(text: string): string {
  try {
    return atob(text);
  } catch {
    return "";
  }
}

/**
 * Reads the fields of an `openssh-key-v1` body up to the first public key:
 * cipher name, KDF name, KDF options, key count, then the public key blob,
 * whose first string is the key type.
 */
function readOpenSshFields(
  bytes: string,
): { cipherName: string; keyType: string | null } | null {
  if (!bytes.startsWith(OPENSSH_MAGIC)) return null;
  const reader = new SshStringReader(bytes, OPENSSH_MAGIC.length);

  const cipherName = reader.readString();
  if (cipherName === null) return null;

  reader.readString();
  reader.readString();
  reader.skip(4);
  const publicKey = reader.readString();
  const keyType =
    publicKey === null ? null : new SshStringReader(publicKey, 0).readString();
  return { cipherName, keyType };
}

/** Reads SSH wire-format strings (a uint32 length, then the bytes). */
class SshStringReader {
  constructor(
    private readonly bytes: string,
    private offset: number,
  ) {}

  readString(): string | null {
    if (this.offset + 4 > this.bytes.length) return null;
    let length = 0;
    for (let i = 0; i < 4; i += 1) {
      length = length * 256 + this.bytes.charCodeAt(this.offset + i);
    }

    const start = this.offset + 4;
    if (start + length > this.bytes.length) return null;
    this.offset = start + length;
    return this.bytes.slice(start, start + length);
  }

  skip(count: number): void {
    this.offset += count;
  }
}
