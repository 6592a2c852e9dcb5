import {
  readPrivateKeyHeader,
  type PrivateKeyHeader,
} from "../../../shared/ssh/private-key-text";

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

/** Reads a key's format, algorithm and encryption from its header lines. */
export function inspectPrivateKeyText(text: string): PrivateKeyInfo {
  const header = readPrivateKeyHeader(text);
  if (header.format === "public-key") {
    return { kind: "public-key" };
  }

  const format = formatName(header);
  if (format === null) {
    return { kind: "unknown" };
  }
  return {
    kind: "private-key",
    format,
    algorithm: header.algorithm,
    encrypted: header.encrypted,
  };
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

/** Names the file format for display. A PuTTY file of any version is named PuTTY. */
function formatName(header: PrivateKeyHeader): string | null {
  if (header.puttyVersion !== undefined) {
    return "PuTTY";
  }

  switch (header.format) {
    case "openssh":
      return "OpenSSH";
    case "pem":
      return "PEM";
    case "pkcs8":
    case "pkcs8-encrypted":
      return "PKCS#8";
    default:
      return null;
  }
}
