import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import type { Duplex } from "node:stream";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { AppError, TraceLayer } from "../../../shared/domain/errors";
import type {
  ServerInfo,
  TraceResult,
  TraceStep,
} from "../../../shared/domain/trace";
import type { SshSession } from "../../ssh/types";
import { cancelledError, throwIfCancelled } from "./cancellation";
import { classifyPostgresError } from "./errors/classify";
import {
  resolveTimeouts,
  type PostgresDependencies,
  type PostgresTimeouts,
} from "./dependencies";
import { checkPrivileges } from "./privileges";
import { errorContext } from "./error-context";
import { sshSecrets, type DatabaseRoute } from "./route";
import { readServerInfo, schemaParameter, toServerInfo } from "./server-info";
import { buildClientConfig, PostgresSession } from "./session";
import { connectSocket } from "./tcp";
import { probeTls, type TlsHandshake } from "./tls-probe";
import { elapsedSince, TraceRecorder, TraceStopped } from "./trace-recorder";
import { buildSslOptions } from "./tls-options";

export interface TraceOptions {
  signal?: AbortSignal;
  /** Receives each layer's step as it finishes. */
  onStep?: (step: TraceStep) => void;
}

const DIRECT_LAYERS: TraceLayer[] = [
  "dns",
  "tcp",
  "tls",
  "login",
  "privileges",
];
const SSH_LAYERS: TraceLayer[] = [
  "dns",
  "tcp",
  "ssh-handshake",
  "ssh-auth",
  "port-forward",
  "tls",
  "login",
  "privileges",
];

/**
 * Tests a connection layer by layer and stops at the first failed layer, reporting the layers
 * after it as skipped. Connection failures are returned as a failed step, not raised.
 * Raises a `cancelled` AppError when the signal aborts.
 */
export async function traceConnection(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  dependencies: PostgresDependencies,
  options: TraceOptions = {},
): Promise<TraceResult> {
  const recorder = new TraceRecorder(
    settings.ssh ? SSH_LAYERS : DIRECT_LAYERS,
    options.onStep,
  );
  const trace = new ConnectionTrace(
    settings,
    secrets,
    dependencies,
    recorder,
    options.signal,
  );

  try {
    await trace.run();
    return {
      ok: true,
      steps: recorder.steps,
      warnings: trace.warnings,
      ...trace.serverPart(),
    };
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError(options.signal);
    if (!(error instanceof TraceStopped)) throw error;

    recorder.skipRemaining();
    return {
      ok: false,
      steps: recorder.steps,
      warnings: trace.warnings,
      ...trace.serverPart(),
    };
  } finally {
    await trace.close();
  }
}

/** One run of the trace, with the resources it opened. */
class ConnectionTrace {
  readonly warnings: string[] = [];
  private server: ServerInfo | undefined;
  private readonly closers: Array<() => Promise<void>> = [];
  private readonly timeouts: PostgresTimeouts;

  constructor(
    private readonly settings: PostgresConnectionSettings,
    private readonly secrets: ConnectionSecrets,
    private readonly dependencies: PostgresDependencies,
    private readonly recorder: TraceRecorder,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timeouts = resolveTimeouts(dependencies);
  }

  async run(): Promise<void> {
    const { stream, openRoute } = this.settings.ssh
      ? await this.openTunnel()
      : await this.openDirect();
    await this.checkTls(stream);
    const session = await this.logIn(openRoute);
    await this.checkPrivileges(session);
  }

  serverPart(): { server?: ServerInfo } {
    return this.server ? { server: this.server } : {};
  }

  /** Closes what the trace opened, newest first. */
  async close(): Promise<void> {
    for (const close of this.closers.reverse()) {
      await close().catch(() => undefined);
    }
  }

  private async openDirect(): Promise<OpenedRoute> {
    const { host, port } = this.settings;
    const address = await this.recorder.run(
      "dns",
      async () => {
        const resolved = await this.dependencies.lookup(host);
        return {
          value: resolved.address,
          summary: lookupSummary(host, resolved.address),
        };
      },
      this.classifier("dns"),
    );

    const socket = await this.recorder.run(
      "tcp",
      async () => ({
        value: await connectSocket(
          address,
          port,
          this.timeouts.connectMs,
          this.signal,
        ),
        summary: `Connected to ${address}:${port} over TCP.`,
      }),
      this.classifier("tcp"),
    );
    this.closers.push(() => destroyStream(socket));

    const route: DatabaseRoute = {
      kind: "direct",
      host: address,
      port,
      close: () => Promise.resolve(),
    };
    return { stream: socket, openRoute: () => Promise.resolve(route) };
  }

  private async openTunnel(): Promise<OpenedRoute> {
    const session = await this.openSshSession();
    const { host, port } = this.settings;

    const channel = await this.recorder.run(
      "port-forward",
      async () => ({
        value: await session.forwardOut(host, port),
        summary: `The bastion opened a channel to ${host}:${port}.`,
      }),
      this.classifier("port-forward"),
    );
    this.closers.push(() => destroyStream(channel));

    const openRoute = async (): Promise<DatabaseRoute> => {
      const forward = await session.openLocalForward(host, port);
      return {
        kind: "ssh",
        host: forward.host,
        port: forward.port,
        close: () => forward.close(),
      };
    };
    return { stream: channel, openRoute };
  }

  /** Opens the SSH session; the factory reports the dns, tcp and SSH layers itself. */
  private async openSshSession(): Promise<SshSession> {
    const ssh = this.settings.ssh;
    if (!ssh) throw new Error("openSshSession needs SSH settings.");

    const started = performance.now();
    try {
      const session = await this.dependencies.sshSessionFactory.open({
        settings: ssh,
        secrets: sshSecrets(this.secrets),
        signal: this.signal,
        onStep: (step) => this.recorder.record(step),
      });
      this.closers.push(() => session.close());
      return session;
    } catch (error) {
      throwIfCancelled(this.signal);
      const classified = this.classifier("ssh-handshake")(error);
      const layer =
        classified.shape.layer ?? this.recorder.nextLayer() ?? "ssh-handshake";
      throw this.recorder.fail(layer, classified, elapsedSince(started));
    }
  }

  private async checkTls(stream: Duplex): Promise<void> {
    if (this.settings.tls.mode === "disable") {
      stream.destroy();
      this.recorder.skip(
        "tls",
        "TLS mode is disable, so the database connection is not encrypted.",
      );
      return;
    }

    const options = buildSslOptions(this.settings.tls, this.settings.host);
    await this.recorder.run(
      "tls",
      async () => {
        const handshake = await probeTls(
          stream,
          options || {},
          this.timeouts.connectMs,
        );
        return {
          value: handshake,
          summary: tlsSummary(handshake, this.settings),
        };
      },
      this.classifier("tls"),
    );
  }

  private logIn(
    openRoute: () => Promise<DatabaseRoute>,
  ): Promise<PostgresSession> {
    const { database, user } = this.settings;
    return this.recorder.run(
      "login",
      async () => {
        const route = await openRoute();
        const config = buildClientConfig(
          this.settings,
          this.secrets,
          route,
          this.timeouts,
        );
        const session = await PostgresSession.connect(
          config,
          route,
          this.signal,
          this.dependencies.logger,
        ).catch(async (error: unknown) => {
          await route.close();
          throw error;
        });
        this.closers.push(() => session.close());
        return {
          value: session,
          summary: `Logged in to database "${database}" as user "${user}".`,
        };
      },
      this.classifier("login"),
    );
  }

  private async checkPrivileges(session: PostgresSession): Promise<void> {
    const schema = schemaParameter(this.settings.schema);
    await this.recorder.run(
      "privileges",
      async () => {
        const info = await session.readOnly(this.timeouts.statementMs, () =>
          readServerInfo(session, schema),
        );
        this.server = toServerInfo(info);
        const check = checkPrivileges(info, this.settings);
        this.warnings.push(...check.warnings);
        return {
          value: undefined,
          summary: check.summary,
          status: check.status,
        };
      },
      this.classifier("privileges"),
    );
  }

  private classifier(layer: TraceLayer): (error: unknown) => AppError {
    return (error) => {
      throwIfCancelled(this.signal);
      return classifyPostgresError(
        error,
        errorContext(this.settings, this.secrets, layer),
      );
    };
  }
}

interface OpenedRoute {
  /** A connected stream to the database, for the TLS layer. */
  stream: Duplex;
  /** Opens the route `pg` logs in over. */
  openRoute: () => Promise<DatabaseRoute>;
}

function destroyStream(stream: Duplex): Promise<void> {
  stream.destroy();
  return Promise.resolve();
}

function lookupSummary(host: string, address: string): string {
  return isIP(host) === 0
    ? `${host} resolved to ${address} on this machine.`
    : `${host} is an IP address, so no lookup was needed.`;
}

function tlsSummary(
  handshake: TlsHandshake,
  settings: PostgresConnectionSettings,
): string {
  const session = `${handshake.protocol ?? "TLS"} with ${handshake.cipher}`;
  switch (settings.tls.mode) {
    case "verify-full":
      return `${session}, with a trusted certificate that names ${settings.host}.`;
    case "verify-ca":
      return `${session}, with a trusted certificate whose host name is not checked (verify-ca).`;
    default:
      return `${session}, without verifying the certificate (require).`;
  }
}
