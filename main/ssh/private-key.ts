import { createPrivateKey, randomBytes } from "node:crypto";
import ssh2 from "ssh2";
import type { ParsedKey } from "ssh2";
import { AppError } from "../../shared/domain/errors";
import {
  detectPrivateKeyFormat,
  type DetectedPrivateKey,
} from "./private-key-format";

export interface InspectedPrivateKey {
  format: "openssh" | "pem" | "ppk-v2";
  /** SSH key type, such as `ssh-ed25519` or `ssh-rsa`. */
  type: string;
  encrypted: boolean;
  /** The decrypted key, ready for ssh2's `privateKey` option. */
  key: ParsedKey;
}

const ACCEPTED_FORMATS =
  "an OpenSSH key (BEGIN OPENSSH PRIVATE KEY), a PEM RSA, DSA or EC key (BEGIN RSA PRIVATE KEY and similar), or a PuTTY version 2 RSA or DSA key";

const CONVERT_WITH_SSH_KEYGEN =
  "Run `ssh-keygen -p -f <file>`, which rewrites an RSA or ECDSA key file in place in OpenSSH format (it prompts for the current and a new passphrase), then paste the file again.";

// Running them showed that neither OpenSSH 9.2's ssh-keygen nor puttygen 0.78 reads an ed25519
// key in PKCS#8 format.
const REPLACE_ED25519_KEY =
  "ssh-keygen cannot convert an ed25519 key in PKCS#8 format, so create a new key with `ssh-keygen -t ed25519`, add its public key to the bastion user's authorized_keys and use the new key.";

/**
 * Checks and decrypts a private key before any network call. Raises an `ssh-key` AppError
 * that names the format problem and its fix, or that requests the passphrase.
 */
export function inspectPrivateKey(
  text: string | undefined,
  passphrase?: string,
): InspectedPrivateKey {
  if (text === undefined || text.trim() === "") {
    throw keyError(
      "SSH_KEY_MISSING",
      "No SSH private key was given.",
      "Paste the private key or choose another authentication method.",
    );
  }

  const detected = detectPrivateKeyFormat(text);
  const format = supportedFormat(detected, text, passphrase);
  if (detected.encrypted && !passphrase) {
    throw new AppError({
      kind: "ssh-key",
      code: "SSH_KEY_PASSPHRASE_REQUIRED",
      message: "The private key is encrypted. Enter its passphrase.",
      fix: "Enter the key's passphrase in the Key passphrase field, then test again.",
      layer: "ssh-auth",
      field: "sshPassphrase",
    });
  }

  const key = parseKey(text, detected.encrypted ? passphrase : undefined);
  return { format, type: key.type, encrypted: detected.encrypted, key };
}

/** Narrows the detected format to one ssh2 parses, or raises the format's own error. */
function supportedFormat(
  detected: DetectedPrivateKey,
  text: string,
  passphrase: string | undefined,
): InspectedPrivateKey["format"] {
  switch (detected.format) {
    case "openssh":
    case "pem":
      return detected.format;
    case "ppk-v2":
      return checkPuttyKeyType(detected.declaredType ?? "");
    case "ppk-v3":
      throw keyError(
        "SSH_KEY_PPK_V3",
        "PuTTY key version 3 is not supported; export it from PuTTYgen as an OpenSSH key (Conversions > Export OpenSSH key).",
      );
    case "pkcs8":
    case "pkcs8-encrypted":
      throw pkcs8Error(text, passphrase);
    case "public-key":
      throw keyError(
        "SSH_KEY_PUBLIC",
        "The SSH key given is a public key, not a private key.",
        "Paste the private key file (such as ~/.ssh/id_ed25519), not the .pub file.",
      );
    case "unknown":
      throw keyError(
        "SSH_KEY_UNSUPPORTED_FORMAT",
        `The SSH private key is not in a supported format; use ${ACCEPTED_FORMATS}.`,
      );
  }
}

function checkPuttyKeyType(
  declaredType: string,
): InspectedPrivateKey["format"] {
  if (declaredType === "ssh-rsa" || declaredType === "ssh-dss") {
    return "ppk-v2";
  }

  throw keyError(
    "SSH_KEY_PPK_TYPE",
    `PuTTY keys of type ${declaredType} are not supported; export it from PuTTYgen as an OpenSSH key (Conversions > Export OpenSSH key).`,
  );
}

function pkcs8Error(text: string, passphrase: string | undefined): AppError {
  const keyType = pkcs8KeyType(text, passphrase);
  let fix = `${CONVERT_WITH_SSH_KEYGEN} For an ed25519 key, ${REPLACE_ED25519_KEY}`;
  if (keyType === "ed25519") {
    fix = `This is an ed25519 key, and ${REPLACE_ED25519_KEY}`;
  } else if (keyType !== null) {
    fix = CONVERT_WITH_SSH_KEYGEN;
  }

  return keyError(
    "SSH_KEY_PKCS8",
    "PKCS#8 PEM keys are not supported; convert the key to OpenSSH format.",
    fix,
  );
}

/** Reads the key type (`rsa`, `ec`, `ed25519`, ...) of a PKCS#8 key, or null when it cannot. */
function pkcs8KeyType(text: string, passphrase?: string): string | null {
  try {
    const key = createPrivateKey({
      key: text,
      format: "pem",
      ...(passphrase ? { passphrase } : {}),
    });
    return key.asymmetricKeyType ?? null;
  } catch {
    return null;
  }
}

/**
 * Parses the key with ssh2 and proves that it signs. A wrong passphrase for a PEM or PuTTY key
 * can decrypt to bytes that ssh2 still reads, so only a sign-and-verify round shows the
 * decrypted key is the real one.
 */
function parseKey(text: string, passphrase: string | undefined): ParsedKey {
  const parsed = ssh2.utils.parseKey(text, passphrase);
  const failure =
    parsed instanceof Error ? parsed.message : signingFailure(parsed);
  if (failure === null && !(parsed instanceof Error)) {
    return parsed;
  }

  if (passphrase !== undefined) {
    throw new AppError({
      kind: "ssh-key",
      code: "SSH_KEY_PASSPHRASE_INCORRECT",
      message: "The passphrase for the private key is incorrect.",
      fix: "Enter the passphrase the key was encrypted with.",
      layer: "ssh-auth",
      field: "sshPassphrase",
      ...(failure === null ? {} : { detail: failure }),
    });
  }
  throw keyError(
    "SSH_KEY_INVALID",
    `The SSH private key could not be read; use ${ACCEPTED_FORMATS}.`,
    "Paste the whole key file, including its BEGIN and END lines.",
    failure ?? undefined,
  );
}

function signingFailure(key: ParsedKey): string | null {
  try {
    const data = randomBytes(32);
    const signature = key.sign(data);
    if (signature instanceof Error) {
      return signature.message;
    }
    return key.verify(data, signature) === true
      ? null
      : "The key's signature did not verify with its public key.";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function keyError(
  code: string,
  message: string,
  fix?: string,
  detail?: string,
): AppError {
  return new AppError({
    kind: "ssh-key",
    code,
    message,
    layer: "ssh-auth",
    field: "sshPrivateKey",
    ...(fix === undefined ? {} : { fix }),
    ...(detail === undefined ? {} : { detail }),
  });
}
