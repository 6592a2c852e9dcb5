import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { TraceLayer } from "../../../shared/domain/errors";
import type { PostgresErrorContext } from "./errors/classify";

/** The values an error message may name, and the secrets it must not contain. */
export function errorContext(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  layer: TraceLayer,
): PostgresErrorContext {
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    tlsMode: settings.tls.mode,
    caProvided: (settings.tls.caCertificate?.trim() ?? "") !== "",
    layer,
    secrets: Object.values(secrets).filter(
      (value): value is string => typeof value === "string" && value !== "",
    ),
  };
}
