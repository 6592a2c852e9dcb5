import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileAsync } from "./processes";
import { makeRunSubdir } from "./run-dir";

export interface KeyPair {
  privateKeyFile: string;
  /** Private key text as a user would paste it. */
  privateKey: string;
  /** `authorized_keys` line. */
  publicKey: string;
}

export type KeyFormat =
  "openssh-ed25519" | "pem-rsa" | "openssh-rsa" | "pem-ecdsa";

/** Generates a client key with ssh-keygen, optionally encrypted with a passphrase. */
export async function generateKey(
  format: KeyFormat,
  passphrase = "",
): Promise<KeyPair> {
  const file = join(makeRunSubdir("key"), "id");
  const typeArgs: Record<KeyFormat, string[]> = {
    "openssh-ed25519": ["-t", "ed25519"],
    "openssh-rsa": ["-t", "rsa", "-b", "3072"],
    "pem-rsa": ["-t", "rsa", "-b", "3072", "-m", "PEM"],
    "pem-ecdsa": ["-t", "ecdsa", "-b", "256", "-m", "PEM"],
  };
  await execFileAsync("ssh-keygen", [
    "-q",
    ...typeArgs[format],
    "-N",
    passphrase,
    "-f",
    file,
  ]);
  return readKeyPair(file);
}

function readKeyPair(file: string): KeyPair {
  return {
    privateKeyFile: file,
    privateKey: readFileSync(file, "utf8"),
    publicKey: readFileSync(`${file}.pub`, "utf8").trim(),
  };
}

/** Generates an ed25519 key in PKCS#8 PEM (`BEGIN PRIVATE KEY`) with openssl. */
export async function generatePkcs8Key(): Promise<{ privateKey: string }> {
  const file = join(makeRunSubdir("key"), "pkcs8.pem");
  await execFileAsync("openssl", [
    "genpkey",
    "-algorithm",
    "ed25519",
    "-out",
    file,
  ]);
  return { privateKey: readFileSync(file, "utf8") };
}

/** Converts an RSA key to a PuTTY key file of the given version with puttygen. */
export async function convertToPpk(
  source: KeyPair,
  version: 2 | 3,
): Promise<{ privateKey: string }> {
  const file = join(makeRunSubdir("key"), `v${version}.ppk`);
  await execFileAsync("puttygen", [
    source.privateKeyFile,
    ...["-O", "private", "-o", file, "--ppk-param", `version=${version}`],
  ]);
  return { privateKey: readFileSync(file, "utf8") };
}
