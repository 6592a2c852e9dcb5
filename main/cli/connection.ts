import { readFileSync } from "node:fs";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
  SshTunnelSettings,
  TlsSettings,
} from "../../shared/domain/connection";
import { parseConnectionString } from "../../shared/postgres/connection-string";
import { detectPrivateKeyFormat } from "../ssh/private-key-format";
import { UsageError, type CliOptions } from "./args";
import type { CliIo } from "./io";

export interface ResolvedConnection {
  settings: PostgresConnectionSettings;
  secrets: ConnectionSecrets;
  /** Notes from the connection string parser on values it changed or ignored. */
  notes: string[];
}

/** Settings a saved connection contributes before the flags override them. */
export type SavedSettingsLookup = (
  nameOrId: string,
) => Promise<PostgresConnectionSettings>;

/**
 * Builds the connection from a saved connection, the connection string and the flags, each
 * overriding the one before. Then reads the secrets from the environment or a prompt.
 */
export async function resolveConnection(
  options: CliOptions,
  io: CliIo,
  savedSettings: SavedSettingsLookup,
): Promise<ResolvedConnection> {
  const saved = options.savedConnection
    ? await savedSettings(options.savedConnection)
    : null;
  const url = parseUrl(options.connectionString);

  const host = options.host ?? url?.host ?? saved?.host;
  const database = options.database ?? url?.database ?? saved?.database;
  const user = options.user ?? url?.user ?? saved?.user;
  if (!host)
    throw new UsageError(
      "The database host is missing. Give a connection string or --host.",
    );
  if (!database)
    throw new UsageError(
      "The database name is missing. Give it in the connection string or with --database.",
    );
  if (!user)
    throw new UsageError(
      "The login role is missing. Give it in the connection string or with --user.",
    );

  const ssh = sshSettings(options, saved?.ssh ?? null);
  const settings: PostgresConnectionSettings = {
    name: saved?.name ?? `${user}@${host}/${database}`,
    host,
    port: options.port ?? url?.port ?? saved?.port ?? 5432,
    database,
    user,
    schema: options.schema ?? saved?.schema ?? "",
    tls: tlsSettings(options, url?.tlsMode ?? null, saved?.tls ?? null),
    ssh,
    posthogRoute:
      saved?.posthogRoute ??
      (ssh ? { kind: "same-tunnel" } : { kind: "direct" }),
  };
  const secrets = await readSecrets(settings, options, io);
  return { settings, secrets, notes: url?.notes ?? [] };
}

function parseUrl(text: string | null) {
  if (text === null) return null;
  const parsed = parseConnectionString(text);
  if (parsed.password !== null) {
    throw new UsageError(
      "The connection string contains a password, which other users of this machine can see in the process list. Remove it and set PGPASSWORD or answer the prompt.",
    );
  }
  return parsed;
}

function tlsSettings(
  options: CliOptions,
  urlMode: TlsSettings["mode"] | null,
  saved: TlsSettings | null,
): TlsSettings {
  const mode = options.tlsMode ?? urlMode ?? saved?.mode ?? "require";
  if (options.caFile === null) return { ...saved, mode };
  return {
    mode,
    caCertificate: readTextFile("--ca-file", options.caFile),
    caFileName: options.caFile,
  };
}

function sshSettings(
  options: CliOptions,
  saved: SshTunnelSettings | null,
): SshTunnelSettings | null {
  const host = options.sshHost ?? saved?.host;
  if (!host) return null;

  const user = options.sshUser ?? saved?.user;
  if (!user)
    throw new UsageError(
      "The bastion login is missing. Give --ssh-user with --ssh-host.",
    );

  let auth: SshTunnelSettings["auth"] = saved?.auth ?? "password";
  if (options.sshKey !== null) auth = "private-key";
  if (options.sshAgent) auth = "agent";
  return { host, port: options.sshPort ?? saved?.port ?? 22, user, auth };
}

async function readSecrets(
  settings: PostgresConnectionSettings,
  options: CliOptions,
  io: CliIo,
): Promise<ConnectionSecrets> {
  const secrets: ConnectionSecrets = {
    password: await secretFrom(
      io,
      "PGPASSWORD",
      `Password for ${settings.user}@${settings.host}: `,
    ),
  };
  const ssh = settings.ssh;
  if (!ssh) return secrets;

  if (ssh.auth === "password") {
    const question = `SSH password for ${ssh.user}@${ssh.host}: `;
    secrets.sshPassword = await secretFrom(
      io,
      "DW_CONNECT_SSH_PASSWORD",
      question,
    );
  }
  if (ssh.auth === "private-key") {
    if (options.sshKey === null)
      throw new UsageError("Give the bastion's private key with --ssh-key.");
    secrets.sshPrivateKey = readTextFile("--ssh-key", options.sshKey);
    if (detectPrivateKeyFormat(secrets.sshPrivateKey).encrypted) {
      const question = `Passphrase for ${options.sshKey}: `;
      secrets.sshPassphrase = await secretFrom(
        io,
        "DW_CONNECT_SSH_PASSPHRASE",
        question,
      );
    }
  }
  return secrets;
}

async function secretFrom(
  io: CliIo,
  variable: string,
  question: string,
): Promise<string> {
  const fromEnv = io.env[variable];
  if (fromEnv !== undefined) return fromEnv;

  const typed = await io.promptSecret(question);
  if (typed === null) {
    throw new UsageError(
      `${variable} is not set, and there is no terminal to prompt on. Set ${variable}.`,
    );
  }
  return typed;
}

function readTextFile(flag: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Could not read ${flag} file ${path}: ${reason}`);
  }
}
