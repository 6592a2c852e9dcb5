import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Client } from "ssh2";
import type { SshTunnelSettings } from "../../shared/domain/connection";
import { AppError, type TraceLayer } from "../../shared/domain/errors";
import type { TraceStep } from "../../shared/domain/trace";
import type { Lookup } from "../net/lookup";
import type { Logger } from "../services/logging/logger";
import { throwIfAborted } from "./abort";
import { planAuthentication } from "./auth";
import { connectToBastion, resolveBastion } from "./bastion-socket";
import { SshHandshake, type StepReporter } from "./handshake";
import type { HostKeyTrust } from "./host-key";
import { Ssh2Session } from "./session";
import type { SshConnectOptions, SshSession, SshSessionFactory } from "./types";

export interface Ssh2SessionFactoryOptions {
  /** Resolves the bastion's name on this machine. */
  lookup: Lookup;
  hostKeys: HostKeyTrust;
  logger?: Logger;
  /** Milliseconds between SSH keepalive requests, or 0 to turn them off. Defaults to 15 000. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalive requests before the session counts as dropped. Defaults to 3. */
  keepaliveCountMax?: number;
  /** Milliseconds to wait for the bastion's name to resolve. Defaults to 10 000. */
  lookupTimeoutMs?: number;
  /** Milliseconds to wait for the TCP connection to the bastion. Defaults to 10 000. */
  connectTimeoutMs?: number;
  /** Milliseconds for the SSH handshake and authentication together. Defaults to 20 000. */
  readyTimeoutMs?: number;
  /** Milliseconds to wait for the bastion to open a forwarded channel. Defaults to 15 000. */
  forwardTimeoutMs?: number;
  /** The ssh-agent socket path. Defaults to reading SSH_AUTH_SOCK when a session opens. */
  agentSocket?: () => string | undefined;
  /** Monotonic clock in milliseconds, for step durations. */
  now?: () => number;
}

/** Opens SSH sessions with ssh2 over sockets it connects itself, reporting each layer. */
export class Ssh2SessionFactory implements SshSessionFactory {
  private readonly now: () => number;

  constructor(private readonly options: Ssh2SessionFactoryOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async open(options: SshConnectOptions): Promise<SshSession> {
    const { settings, signal } = options;
    const report = this.stepReporter(options.onStep);
    throwIfAborted(signal);

    const agentSocket = this.options.agentSocket
      ? this.options.agentSocket()
      : process.env.SSH_AUTH_SOCK;
    const plan = planAuthentication(settings, options.secrets, agentSocket);
    const trusted = await this.options.hostKeys.trusted(
      settings.host,
      settings.port,
    );
    const socket = await this.connectSocket(settings, signal, report);

    const client = await new SshHandshake({
      socket,
      settings,
      plan,
      hostKeys: this.options.hostKeys,
      trusted,
      signal,
      report,
      now: this.now,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 20_000,
    }).run();
    return this.createSession(client, settings);
  }

  /** Resolves the bastion (layer `dns`) and connects to it (layer `tcp`). */
  private async connectSocket(
    settings: SshTunnelSettings,
    signal: AbortSignal | undefined,
    report: StepReporter,
  ): Promise<Socket> {
    const { host, port } = settings;
    const address = await this.runStep("dns", report, async () => {
      const resolved = await resolveBastion(
        this.options.lookup,
        host,
        this.options.lookupTimeoutMs ?? 10_000,
        signal,
      );
      return [resolved, `Resolved ${host} to ${resolved.address}`];
    });

    return this.runStep("tcp", report, async () => {
      const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
      const socket = await connectToBastion(address, port, timeoutMs, signal);
      return [socket, `Connected to ${address.address}:${port}`];
    });
  }

  private createSession(
    client: Client,
    settings: SshTunnelSettings,
  ): Ssh2Session {
    const bastion = `${settings.host}:${settings.port}`;
    const { logger } = this.options;
    logger?.info("SSH session opened", {
      bastion,
      user: settings.user,
      auth: settings.auth,
    });
    return new Ssh2Session(client, {
      bastion,
      forwardTimeoutMs: this.options.forwardTimeoutMs ?? 15_000,
      ...(logger === undefined ? {} : { logger }),
    });
  }

  private stepReporter(onStep?: (step: TraceStep) => void): StepReporter {
    return (layer, startedAt, summary, error) => {
      onStep?.({
        layer,
        status: error === undefined ? "passed" : "failed",
        durationMs: Math.max(0, this.now() - startedAt),
        summary,
        ...(error === undefined ? {} : { error: error.shape }),
      });
    };
  }

  private async runStep<T>(
    layer: TraceLayer,
    report: StepReporter,
    work: () => Promise<[T, string]>,
  ): Promise<T> {
    const startedAt = this.now();
    try {
      const [value, summary] = await work();
      report(layer, startedAt, summary);
      return value;
    } catch (error) {
      const appError = asAppError(error, layer);
      report(layer, startedAt, appError.message, appError);
      throw appError;
    }
  }
}

function asAppError(error: unknown, layer: TraceLayer): AppError {
  if (error instanceof AppError) {
    return error;
  }
  return new AppError({
    kind: "internal",
    code: "SSH_UNEXPECTED_ERROR",
    message: `The SSH connection failed unexpectedly at the ${layer} step.`,
    fix: "Try again; if it keeps failing, report the details.",
    detail: error instanceof Error ? error.message : String(error),
    layer,
  });
}
