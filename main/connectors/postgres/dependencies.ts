import type { Lookup } from "../../net/lookup";
import type { Logger } from "../../services/logging/logger";
import type { SshSessionFactory } from "../../ssh/types";

export interface PostgresTimeouts {
  /** Time allowed for each connect: TCP, SSH channel, TLS handshake and login. */
  connectMs: number;
  /** `statement_timeout` of every catalog query, in milliseconds. */
  statementMs: number;
}

export const DEFAULT_TIMEOUTS: PostgresTimeouts = {
  connectMs: 15_000,
  statementMs: 60_000,
};

/** Services the Postgres connector takes from the rest of the app. */
export interface PostgresDependencies {
  /** Resolves the database host on this machine. Not called when the route goes through SSH. */
  lookup: Lookup;
  sshSessionFactory: SshSessionFactory;
  logger?: Logger;
  timeouts?: Partial<PostgresTimeouts>;
}

export function resolveTimeouts(
  dependencies: PostgresDependencies,
): PostgresTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...dependencies.timeouts };
}
