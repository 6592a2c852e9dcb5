import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A secret to look for, with the name a failing assertion reports. */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Name of the PostHog API key among the secrets `namedSecrets` returns. */
export const API_KEY_NAME = "PostHog API key";

/** Shortest private key line that is looked for on its own. */
const MIN_KEY_LINE_LENGTH = 16;

/**
 * Returns the secrets of a run as named values: each secret itself, plus every body line of
 * the private key after the first, so that a key quoted in part is found too. The first body
 * line is left out because it starts with the OpenSSH header that every such key shares.
 */
export function namedSecrets(values: {
  databasePassword: string;
  sshPrivateKey: string;
  sshPassphrase: string;
  apiKey: string;
}): NamedSecret[] {
  const keyLines = values.sshPrivateKey
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_KEY_LINE_LENGTH)
    .filter((line) => !line.startsWith("-----"))
    .slice(1);

  return [
    { name: "database password", value: values.databasePassword },
    { name: "SSH private key", value: values.sshPrivateKey.trim() },
    ...keyLines.map((line, index) => ({
      name: `SSH private key line ${index + 2}`,
      value: line,
    })),
    { name: "SSH key passphrase", value: values.sshPassphrase },
    { name: API_KEY_NAME, value: values.apiKey },
  ];
}

/** Returns the names of the secrets that occur in `text`. */
export function secretsIn(text: string, secrets: NamedSecret[]): string[] {
  return secrets
    .filter((secret) => text.includes(secret.value))
    .map((secret) => secret.name);
}

/** A text file under a folder, with its path relative to that folder. */
export interface FileText {
  path: string;
  text: string;
}

/** Reads every file under `dir`, recursively, as UTF-8 text. */
export function readFilesUnder(dir: string): FileText[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: relative(dir, path), text: readFileSync(path, "utf8") };
    });
}
