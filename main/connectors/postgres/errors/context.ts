import { isIP } from "node:net";
import type { TlsMode } from "../../../../shared/domain/connection";
import type {
  AppErrorShape,
  TraceLayer,
} from "../../../../shared/domain/errors";

/** Values the classifier names in messages, and the secrets it removes from details. */
export interface PostgresErrorContext {
  /** Database host as the user typed it, not the address the driver connected to. */
  host: string;
  port: number;
  database: string;
  user: string;
  tlsMode: TlsMode;
  /** Whether a CA certificate was given for the verify modes. */
  caProvided: boolean;
  /** The layer that was running, used when the error itself does not tell. */
  layer: TraceLayer;
  /** Values to remove from the driver text before it is kept in `detail`. */
  secrets: string[];
}

/** The parts of an error shape that each classifier fills in. */
export type ClassifiedError = Omit<AppErrorShape, "detail">;

/** `host:port`, with brackets around an IPv6 address. */
export function formatAddress(context: PostgresErrorContext): string {
  const host = isIP(context.host) === 6 ? `[${context.host}]` : context.host;
  return `${host}:${context.port}`;
}

/** Double-quotes an SQL identifier, for the statements shown in fixes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
