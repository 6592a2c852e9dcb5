import { parseArgs } from "node:util";
import {
  CDC_MANAGEMENT_MODES,
  type CdcManagementMode,
} from "../../shared/domain/cdc";
import { TLS_MODES, type TlsMode } from "../../shared/domain/connection";

export const COMMANDS = ["doctor", "discover"] as const;
export type Command = (typeof COMMANDS)[number];

/** Command-line options after parsing, before the connection is resolved. */
export interface CliOptions {
  command: Command | "help";
  connectionString: string | null;
  host: string | null;
  port: number | null;
  database: string | null;
  user: string | null;
  schema: string | null;
  tlsMode: TlsMode | null;
  caFile: string | null;
  savedConnection: string | null;
  sshHost: string | null;
  sshPort: number | null;
  sshUser: string | null;
  sshKey: string | null;
  sshAgent: boolean;
  trustHostKey: string | null;
  tables: string[];
  mode: CdcManagementMode;
  slot: string;
  publication: string;
  comparePostHog: boolean;
  posthogHost: string | null;
  projectId: number | null;
  json: boolean;
  connectTimeoutSeconds: number;
}

/** A usage error: the command line itself is wrong (exit code 2). */
export class UsageError extends Error {}

export const OPTION_SPEC = {
  host: { type: "string" },
  port: { type: "string" },
  database: { type: "string" },
  user: { type: "string" },
  schema: { type: "string" },
  "tls-mode": { type: "string" },
  "ca-file": { type: "string" },
  connection: { type: "string" },
  "ssh-host": { type: "string" },
  "ssh-port": { type: "string" },
  "ssh-user": { type: "string" },
  "ssh-key": { type: "string" },
  "ssh-agent": { type: "boolean" },
  "trust-host-key": { type: "string" },
  tables: { type: "string" },
  mode: { type: "string" },
  slot: { type: "string" },
  publication: { type: "string" },
  "compare-posthog": { type: "boolean" },
  "posthog-host": { type: "string" },
  "project-id": { type: "string" },
  json: { type: "boolean" },
  "connect-timeout": { type: "string" },
  password: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses the command line. A UsageError names the invalid value. */
export function parseCliArgs(argv: string[]): CliOptions {
  const parsed = parseOrThrow(argv);
  const values = parsed.values;
  const [commandText, connectionString, ...extra] = parsed.positionals;

  if (values.password !== undefined) {
    throw new UsageError(
      "--password is not accepted, because other users can see command lines. Set PGPASSWORD or answer the prompt.",
    );
  }
  if (extra.length > 0)
    throw new UsageError(`Unexpected argument: ${extra[0]}`);

  return {
    command: parseCommand(commandText, values.help === true),
    connectionString: connectionString ?? null,
    host: values.host ?? null,
    port: optionalPort("--port", values.port),
    database: values.database ?? null,
    user: values.user ?? null,
    schema: values.schema ?? null,
    tlsMode: optionalChoice("--tls-mode", values["tls-mode"], TLS_MODES),
    caFile: values["ca-file"] ?? null,
    savedConnection: values.connection ?? null,
    sshHost: values["ssh-host"] ?? null,
    sshPort: optionalPort("--ssh-port", values["ssh-port"]),
    sshUser: values["ssh-user"] ?? null,
    sshKey: values["ssh-key"] ?? null,
    sshAgent: values["ssh-agent"] === true,
    trustHostKey: parseFingerprint(values["trust-host-key"]),
    tables: splitList(values.tables),
    mode: parseMode(values.mode),
    slot: values.slot ?? "",
    publication: values.publication ?? defaultPublication(values.mode),
    comparePostHog: values["compare-posthog"] === true,
    posthogHost: values["posthog-host"] ?? null,
    projectId: optionalInteger("--project-id", values["project-id"]),
    json: values.json === true,
    connectTimeoutSeconds:
      optionalInteger("--connect-timeout", values["connect-timeout"]) ?? 15,
  };
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: OPTION_SPEC,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** Options that would put a secret on the command line, and where the secret goes instead. */
const SECRET_OPTIONS: Record<string, string> = {
  "--password": "PGPASSWORD",
  "--ssh-password": "DW_CONNECT_SSH_PASSWORD",
  "--ssh-passphrase": "DW_CONNECT_SSH_PASSPHRASE",
};

/** Turns node:util's parse errors into one sentence that names the option. */
function describeParseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const option = /Unknown option '([^']+)'/.exec(text)?.[1];
  if (option === undefined) return text;

  const variable = SECRET_OPTIONS[option];
  if (variable) {
    return `${option} is not accepted, because other users can see command lines. Set ${variable} or answer the prompt.`;
  }
  return `Unknown option ${option}.`;
}

function parseCommand(
  text: string | undefined,
  help: boolean,
): Command | "help" {
  if (help || text === "help") return "help";
  if (text === undefined) {
    throw new UsageError(
      `No command given. Use one of: ${COMMANDS.join(", ")}.`,
    );
  }
  if ((COMMANDS as readonly string[]).includes(text)) return text as Command;
  throw new UsageError(
    `Unknown command "${text}". Use one of: ${COMMANDS.join(", ")}.`,
  );
}

/**
 * PostHog's own defaults: in self-managed mode it expects `posthog_pub`; in PostHog-managed
 * mode it names the publication itself, so the name stays blank.
 */
function defaultPublication(mode: string | undefined): string {
  return mode?.replace("-", "_") === "self_managed" ? "posthog_pub" : "";
}

function parseMode(text: string | undefined): CdcManagementMode {
  if (text === undefined) return "posthog";
  const normalized = text.replace("-", "_");
  if ((CDC_MANAGEMENT_MODES as readonly string[]).includes(normalized)) {
    return normalized as CdcManagementMode;
  }
  throw new UsageError(
    `--mode must be posthog or self-managed, not "${text}".`,
  );
}

/** `SHA256:` and the 43 base64 characters `ssh-keygen -lf` prints. */
const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;

function parseFingerprint(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (FINGERPRINT_PATTERN.test(text)) return text;
  throw new UsageError(
    `--trust-host-key must be a fingerprint such as SHA256:${"A".repeat(43)}, as ssh-keygen -lf prints it, not "${text}".`,
  );
}

function optionalChoice<T extends string>(
  flag: string,
  text: string | undefined,
  choices: readonly T[],
): T | null {
  if (text === undefined) return null;
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(
    `${flag} must be one of ${choices.join(", ")}, not "${text}".`,
  );
}

function optionalInteger(
  flag: string,
  text: string | undefined,
): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(
      `${flag} must be a positive whole number, not "${text}".`,
    );
  }
  return value;
}

function optionalPort(flag: string, text: string | undefined): number | null {
  const value = optionalInteger(flag, text);
  if (value !== null && value > 65535) {
    throw new UsageError(`${flag} must be between 1 and 65535, not ${value}.`);
  }
  return value;
}

function splitList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
