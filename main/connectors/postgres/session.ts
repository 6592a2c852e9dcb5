import { connect as connectTcp } from "node:net";
import pg from "pg";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { Logger } from "../../services/logging/logger";
import { cancelledError, onAbort, throwIfCancelled } from "./cancellation";
import type { PostgresTimeouts } from "./dependencies";
import type { DatabaseRoute } from "./route";
import { buildSslOptions } from "./tls-options";

/** Protocol code of PostgreSQL's CancelRequest message. */
const CANCEL_REQUEST_CODE = 80877102;
/** Time a cancel request may take before the client is ended without it. */
const CANCEL_TIMEOUT_MS = 3_000;
/** Time added to `statement_timeout` for pg's client-side query timeout, for a route that stops responding. */
const QUERY_TIMEOUT_MARGIN_MS = 5_000;

/** The backend key pg stores after login, which @types/pg does not declare. */
interface BackendKey {
  processID: number | null;
  secretKey: number | null;
}

/**
 * Builds pg's client options. Every value is set explicitly so that no PG* environment
 * variable or .pgpass file changes the connection. No `sslmode` is ever passed.
 */
export function buildClientConfig(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  route: DatabaseRoute,
  timeouts: PostgresTimeouts,
): pg.ClientConfig {
  const password = secrets.password ?? "";
  return {
    host: route.host,
    port: route.port,
    user: settings.user,
    database: settings.database,
    password: () => password,
    ssl: buildSslOptions(settings.tls, settings.host),
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.statementMs + QUERY_TIMEOUT_MARGIN_MS,
    application_name: "dw-connect",
    keepAlive: true,
  };
}

/** A logged-in pg client on an open route, whose queries stop when the signal aborts. */
export class PostgresSession {
  /** Statements sent so far, including BEGIN and COMMIT. */
  queryCount = 0;
  private pendingCancel: Promise<void> | null = null;

  private constructor(
    private readonly client: pg.Client,
    private readonly route: DatabaseRoute,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Logs in over the route. On abort the login is ended. When the bastion failed to open the
   * route's channel, raises the SSH layer's AppError for it (such as `ssh-forward`), because pg
   * then reports only a closed connection. Other errors are pg's or the socket's own, for the
   * caller to classify.
   */
  static async connect(
    config: pg.ClientConfig,
    route: DatabaseRoute,
    signal: AbortSignal | undefined,
    logger?: Logger,
  ): Promise<PostgresSession> {
    throwIfCancelled(signal);
    const client = new pg.Client(config);
    // An idle client emits `error` when the server or the tunnel drops it.
    client.on("error", (error) =>
      logger?.warn("Postgres connection closed with an error", { error }),
    );

    const stopListening = onAbort(signal, () => void client.end());
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      if (signal?.aborted) throw cancelledError(signal);
      throw route.lastChannelError ?? error;
    } finally {
      stopListening();
    }
    return new PostgresSession(client, route, signal);
  }

  /** Runs one statement. On abort the server is sent a cancel request for it. */
  async query<Row>(text: string, values?: unknown[]): Promise<Row[]> {
    throwIfCancelled(this.signal);
    this.queryCount += 1;

    const stopListening = onAbort(this.signal, () => this.cancelRunning());
    try {
      const result = await this.client.query(text, values);
      return result.rows as Row[];
    } catch (error) {
      throw this.signal?.aborted ? cancelledError(this.signal) : error;
    } finally {
      stopListening();
    }
  }

  /**
   * Runs `work` in a read-only REPEATABLE READ transaction, so that every catalog query reads
   * the same snapshot, with `statement_timeout` set for this transaction only (safe behind a
   * pooler in transaction mode).
   */
  async readOnly<T>(statementMs: number, work: () => Promise<T>): Promise<T> {
    const timeout = Math.max(1, Math.round(statementMs));
    await this.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${timeout}`,
    );
    try {
      const result = await work();
      await this.query("COMMIT");
      return result;
    } catch (error) {
      if (!this.signal?.aborted) {
        await this.client.query("ROLLBACK").catch(() => undefined);
      }
      throw error;
    }
  }

  /** Ends the client, then closes the route, after a cancel request in flight. */
  async close(): Promise<void> {
    await this.pendingCancel;
    await this.client.end().catch(() => undefined);
    await this.route.close();
  }

  /**
   * Sends a cancel request for the running statement, then ends the client, which also stops
   * the wait when the cancel request cannot get through.
   */
  private cancelRunning(): void {
    const key = this.client as unknown as BackendKey;
    const cancelled =
      key.processID !== null && key.secretKey !== null
        ? sendCancelRequest(this.route, key.processID, key.secretKey)
        : Promise.resolve();

    this.pendingCancel = cancelled.then(() =>
      this.client.end().catch(() => undefined),
    );
  }
}

/**
 * Sends PostgreSQL's CancelRequest on a new plain connection over the same route. The server
 * accepts it without authentication and then closes the connection.
 */
function sendCancelRequest(
  route: DatabaseRoute,
  processId: number,
  secretKey: number,
): Promise<void> {
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  message.writeInt32BE(processId, 8);
  message.writeInt32BE(secretKey, 12);

  return new Promise((resolve) => {
    const socket = connectTcp({ host: route.host, port: route.port });
    socket.setTimeout(CANCEL_TIMEOUT_MS, () => socket.destroy());
    socket.once("error", () => socket.destroy());
    socket.once("close", () => resolve());
    socket.once("connect", () => socket.end(message));
  });
}
