import { performance } from "node:perf_hooks";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { DiscoveryResult } from "../../../shared/domain/discovery";
import type { TraceResult } from "../../../shared/domain/trace";
import { cancelledError } from "./cancellation";
import type { PostgresDependencies } from "./dependencies";
import { resolveTimeouts } from "./dependencies";
import { discoverCatalog, type DiscoveryProgress } from "./discover";
import { errorContext } from "./error-context";
import { classifyPostgresError } from "./errors/classify";
import { openRoute } from "./route";
import { buildClientConfig, PostgresSession } from "./session";
import { elapsedSince } from "./trace-recorder";
import { traceConnection, type TraceOptions } from "./trace";

export type { DiscoveryProgress } from "./discover";
export type { TraceOptions } from "./trace";

export interface DiscoverOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DiscoveryProgress) => void;
}

/**
 * The Postgres connector for the app's composition root: tests a connection layer by layer
 * and discovers what the database holds. Each call opens its own route (direct or through
 * SSH) and closes it before returning.
 */
export class PostgresConnector {
  constructor(private readonly dependencies: PostgresDependencies) {}

  /** Runs the connection trace. Connection failures come back as a failed step. */
  test(
    settings: PostgresConnectionSettings,
    secrets: ConnectionSecrets,
    options: TraceOptions = {},
  ): Promise<TraceResult> {
    return traceConnection(settings, secrets, this.dependencies, options);
  }

  /**
   * Discovers tables, views, materialized views, foreign tables and partitioned parents with a
   * fixed number of catalog queries. Raises a classified AppError when the connection fails.
   */
  async discover(
    settings: PostgresConnectionSettings,
    secrets: ConnectionSecrets,
    options: DiscoverOptions = {},
  ): Promise<DiscoveryResult> {
    const started = performance.now();
    const session = await this.openSession(settings, secrets, options.signal);
    try {
      const timeouts = resolveTimeouts(this.dependencies);
      const catalog = await discoverCatalog(
        session,
        settings.schema,
        timeouts.statementMs,
        options.onProgress,
      );
      const result = {
        ...catalog,
        queryCount: session.queryCount,
        durationMs: elapsedSince(started),
      };
      this.dependencies.logger?.info("Postgres discovery finished", {
        database: settings.database,
        tables: result.tables.length,
        queryCount: result.queryCount,
        durationMs: result.durationMs,
      });
      return result;
    } catch (error) {
      throw this.classify(
        error,
        settings,
        secrets,
        "privileges",
        options.signal,
      );
    } finally {
      await session.close();
    }
  }

  /**
   * Opens a session over the route, runs `work` with it and closes it. Connection failures are
   * classified; errors raised by `work` pass through unchanged.
   */
  async withSession<T>(
    settings: PostgresConnectionSettings,
    secrets: ConnectionSecrets,
    signal: AbortSignal | undefined,
    work: (session: PostgresSession) => Promise<T>,
  ): Promise<T> {
    const session = await this.openSession(settings, secrets, signal);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  /** Opens the route and logs in, classifying any failure by the layer it happened in. */
  private async openSession(
    settings: PostgresConnectionSettings,
    secrets: ConnectionSecrets,
    signal: AbortSignal | undefined,
  ): Promise<PostgresSession> {
    const route = await openRoute(
      settings,
      secrets,
      this.dependencies,
      signal,
    ).catch((error: unknown) => {
      throw this.classify(error, settings, secrets, "dns", signal);
    });

    const config = buildClientConfig(
      settings,
      secrets,
      route,
      resolveTimeouts(this.dependencies),
    );
    try {
      return await PostgresSession.connect(
        config,
        route,
        signal,
        this.dependencies.logger,
      );
    } catch (error) {
      await route.close();
      const layer = route.kind === "ssh" ? "port-forward" : "tcp";
      throw this.classify(error, settings, secrets, layer, signal);
    }
  }

  private classify(
    error: unknown,
    settings: PostgresConnectionSettings,
    secrets: ConnectionSecrets,
    layer: "dns" | "tcp" | "port-forward" | "privileges",
    signal: AbortSignal | undefined,
  ): Error {
    if (signal?.aborted) return cancelledError(signal);
    return classifyPostgresError(error, errorContext(settings, secrets, layer));
  }
}
