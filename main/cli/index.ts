import type { DoctorReport } from "../../shared/domain/cdc";
import type { PostgresConnectionSettings } from "../../shared/domain/connection";
import {
  AppError,
  isAppError,
  type AppErrorShape,
  type TraceLayer,
} from "../../shared/domain/errors";
import type { PostHogSession } from "../app/ports";
import { systemLookup, type Lookup } from "../net/lookup";
import { parseCliArgs, UsageError, type CliOptions } from "./args";
import { resolveConnection, type ResolvedConnection } from "./connection";
import { defaultDataDir } from "./data-dir";
import { discoveryJson, formatDiscovery } from "./discover-output";
import { formatDoctorReport } from "./doctor-output";
import { HELP_TEXT } from "./help";
import { processIo, type CliIo } from "./io";
import { createCliServices, type CliServices } from "./services";

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_ERROR = 2;

const USAGE_ERROR_CODE = "CLI_USAGE";

/** Connection layers as the error output names them. */
const LAYER_NAMES: Record<TraceLayer, string> = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  "ssh-handshake": "SSH handshake",
  "ssh-auth": "SSH authentication",
  "port-forward": "port forward through the bastion",
  tls: "TLS",
  login: "database login",
  privileges: "privileges",
};

export interface CliDependencies {
  io: CliIo;
  lookup: Lookup;
  fetch?: typeof fetch;
}

/** Runs `dw-connect <command>` and returns the exit code. */
export async function main(
  argv: string[],
  deps: CliDependencies = { io: processIo(), lookup: systemLookup },
): Promise<number> {
  const { io } = deps;
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    return reportError(errorShape(error), argv.includes("--json"), io);
  }
  if (options.command === "help") {
    io.stdout.write(HELP_TEXT);
    return EXIT_READY;
  }

  const services = createCliServices({
    dataDir: defaultDataDir(io.env),
    lookup: deps.lookup,
    fetch: deps.fetch,
    logFile: io.env.DW_CONNECT_LOG,
    connectTimeoutMs: options.connectTimeoutSeconds * 1000,
  });
  try {
    const connection = await resolveConnection(options, io, (name) =>
      savedSettings(services, name),
    );
    for (const note of connection.notes) io.stderr.write(`note: ${note}\n`);
    for (const secret of Object.values(connection.secrets)) {
      if (secret) services.redactor.addSecret(secret);
    }
    return options.command === "discover"
      ? await runDiscover(options, connection, services, io)
      : await runDoctor(options, connection, services, io);
  } catch (error) {
    return reportError(
      redactShape(errorShape(error), services),
      options.json,
      io,
    );
  }
}

async function runDiscover(
  options: CliOptions,
  connection: ResolvedConnection,
  services: CliServices,
  io: CliIo,
): Promise<number> {
  const result = await withHostKeyTrust(options, services, () =>
    services.postgres.discover(connection.settings, connection.secrets),
  );
  io.stdout.write(
    options.json
      ? JSON.stringify(discoveryJson(result), null, 2) + "\n"
      : formatDiscovery(result),
  );
  return EXIT_READY;
}

async function runDoctor(
  options: CliOptions,
  connection: ResolvedConnection,
  services: CliServices,
  io: CliIo,
): Promise<number> {
  const session = options.comparePostHog ? posthogSession(options, io) : null;
  const input = {
    connection: {
      id: "command-line",
      sourceType: "Postgres" as const,
      settings: connection.settings,
      secrets: {
        password: true,
        sshPassword: true,
        sshPrivateKey: true,
        sshPassphrase: true,
      },
      updatedAt: new Date().toISOString(),
    },
    secrets: connection.secrets,
    session,
    request: {
      tables: options.tables,
      mode: options.mode,
      slotName: options.slot,
      publicationName: options.publication,
      comparePostHog: options.comparePostHog,
    },
  };
  const report: DoctorReport = await withHostKeyTrust(options, services, () =>
    services.doctor.run(input, {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    }),
  );
  io.stdout.write(
    options.json
      ? JSON.stringify(report, null, 2) + "\n"
      : formatDoctorReport(report),
  );
  return report.overall === "ready" ? EXIT_READY : EXIT_NOT_READY;
}

/**
 * Runs `operation`. When the bastion's host key is unknown or changed and --trust-host-key
 * names exactly the key it presented, trusts that key and runs the operation once more.
 */
async function withHostKeyTrust<T>(
  options: CliOptions,
  services: CliServices,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const hostKey = isAppError(error) ? error.shape.hostKey : undefined;
    if (!hostKey || options.trustHostKey === null) throw error;
    if (hostKey.fingerprint !== options.trustHostKey) {
      throw new UsageError(
        `The bastion ${hostKey.host}:${hostKey.port} presented host key ${hostKey.fingerprint}, not the ${options.trustHostKey} given with --trust-host-key. Check the fingerprint with the bastion's administrator.`,
      );
    }
    await services.hostKeys.trustPending(
      hostKey.host,
      hostKey.port,
      hostKey.fingerprint,
    );
    return operation();
  }
}

function posthogSession(options: CliOptions, io: CliIo): PostHogSession {
  const apiKey = io.env.POSTHOG_API_KEY;
  if (!apiKey || !options.posthogHost || options.projectId === null) {
    throw new UsageError(
      "--compare-posthog needs POSTHOG_API_KEY in the environment, --posthog-host and --project-id.",
    );
  }
  return { host: options.posthogHost, projectId: options.projectId, apiKey };
}

async function savedSettings(
  services: CliServices,
  nameOrId: string,
): Promise<PostgresConnectionSettings> {
  const connections = await services.connections.list();
  const match = connections.find(
    (connection) =>
      connection.id === nameOrId || connection.settings.name === nameOrId,
  );
  if (!match) {
    throw new UsageError(
      `No saved connection is named "${nameOrId}". Saved connections: ${connections.map((c) => c.settings.name).join(", ") || "none"}.`,
    );
  }
  return match.settings;
}

function reportError(shape: AppErrorShape, json: boolean, io: CliIo): number {
  if (json) {
    io.stdout.write(JSON.stringify({ error: shape }, null, 2) + "\n");
    return EXIT_ERROR;
  }
  const lines = [`error: ${shape.message}`];
  if (shape.layer) lines.push(`  failed at: ${LAYER_NAMES[shape.layer]}`);
  if (shape.fix) lines.push(`  fix: ${shape.fix}`);
  if (shape.hostKey) {
    lines.push(
      `  host key: ${shape.hostKey.fingerprint}`,
      `  To trust it, confirm the fingerprint with the bastion's administrator, then run again with --trust-host-key ${shape.hostKey.fingerprint}.`,
    );
  }
  if (shape.detail) lines.push(`  detail: ${shape.detail}`);
  if (shape.code === USAGE_ERROR_CODE) {
    lines.push("  Run dw-connect --help for the options.");
  }
  io.stderr.write(lines.join("\n") + "\n");
  return EXIT_ERROR;
}

/** Masks secrets in the error's texts; its kind, code and field stay as they are. */
function redactShape(
  shape: AppErrorShape,
  services: CliServices,
): AppErrorShape {
  const redact = (text: string | undefined) =>
    text === undefined ? undefined : services.redactor.redactText(text);
  return {
    ...shape,
    message: services.redactor.redactText(shape.message),
    fix: redact(shape.fix),
    detail: redact(shape.detail),
  };
}

function errorShape(error: unknown): AppErrorShape {
  if (isAppError(error)) return error.shape;
  if (error instanceof UsageError) {
    return new AppError({
      kind: "invalid-input",
      code: USAGE_ERROR_CODE,
      message: error.message,
    }).shape;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError({ kind: "internal", code: "CLI_FAILED", message }).shape;
}
