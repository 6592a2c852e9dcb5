import { join } from "node:path";
import { createDoctorPort } from "../app/wiring/doctor-port";
import { createPostHogClientFactory } from "../app/wiring/posthog-port";
import { PostgresConnector } from "../connectors/postgres/connector";
import type { Lookup } from "../net/lookup";
import { createLogger, type Logger } from "../services/logging/logger";
import { Redactor } from "../services/logging/redactor";
import { FileLogSink } from "../services/logging/sinks";
import { ConnectionStore } from "../services/storage/connection-store";
import { JsonKnownHostsStore } from "../services/storage/known-hosts-store";
import { MemoryVault } from "../services/vault/vault";
import { HostKeyTrust } from "../ssh/host-key";
import { Ssh2SessionFactory } from "../ssh/session-factory";

/** The services the command line runs, built over the app's data folder. */
export interface CliServices {
  postgres: PostgresConnector;
  hostKeys: HostKeyTrust;
  connections: ConnectionStore;
  doctor: ReturnType<typeof createDoctorPort>;
  redactor: Redactor;
  logger: Logger;
}

export interface CliServiceOptions {
  dataDir: string;
  lookup: Lookup;
  fetch?: typeof fetch;
  /** Log file; without it nothing is logged. Secrets are masked either way. */
  logFile?: string;
  connectTimeoutMs: number;
}

export function createCliServices(options: CliServiceOptions): CliServices {
  const redactor = new Redactor();
  const sink = options.logFile
    ? new FileLogSink(options.logFile)
    : { write: () => undefined };
  const logger = createLogger({
    sink,
    redactor,
    level: "info",
    component: "cli",
  });

  const hostKeys = new HostKeyTrust(
    new JsonKnownHostsStore({
      path: join(options.dataDir, "known-hosts.json"),
      logger,
    }),
    logger.child("host-keys"),
  );
  const sshSessionFactory = new Ssh2SessionFactory({
    lookup: options.lookup,
    hostKeys,
    logger: logger.child("ssh"),
    connectTimeoutMs: options.connectTimeoutMs,
    // The handshake and authentication get the same limit as the TCP connection.
    readyTimeoutMs: options.connectTimeoutMs,
  });
  const postgres = new PostgresConnector({
    lookup: options.lookup,
    sshSessionFactory,
    logger: logger.child("postgres"),
    timeouts: { connectMs: options.connectTimeoutMs },
  });
  const clientFor = createPostHogClientFactory({
    fetch: options.fetch,
    logger,
  });

  return {
    postgres,
    hostKeys,
    // Secrets of saved connections are encrypted by the desktop app's keyring, which the
    // command line cannot open, so it reads settings only and prompts for the secrets.
    connections: new ConnectionStore({
      path: join(options.dataDir, "connections.json"),
      vault: new MemoryVault(),
      logger,
    }),
    doctor: createDoctorPort({ postgres, clientFor, logger }),
    redactor,
    logger,
  };
}
