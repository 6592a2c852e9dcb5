import {
  readPrivateKeyHeader,
  type PrivateKeyFormat,
} from "../../shared/ssh/private-key-text";

/**
 * ssh2 1.17 parses `openssh`, `pem` (PKCS#1 RSA, DSA and SEC1 EC) and `ppk-v2`
 * for ssh-rsa and ssh-dss only. The app rejects every other format before any
 * connection attempt.
 */
export type { PrivateKeyFormat };

export interface DetectedPrivateKey {
  format: PrivateKeyFormat;
  /** Whether the key text marks the key as encrypted, read without any passphrase. */
  encrypted: boolean;
  /** SSH key type named in the header, for PuTTY version 2 and 3 files (such as `ssh-rsa`). */
  declaredType?: string;
}

/** Detects a private key's format and encryption from its text alone. */
export function detectPrivateKeyFormat(text: string): DetectedPrivateKey {
  const { format, encrypted, declaredType } = readPrivateKeyHeader(text);
  if (declaredType === undefined || format === "unknown") {
    return { format, encrypted };
  }
  return { format, encrypted, declaredType };
}
