import type { Socket } from "node:net";
import { Client, type ConnectConfig } from "ssh2";
import type { SshTunnelSettings } from "../../shared/domain/connection";
import type { AppError, TraceLayer } from "../../shared/domain/errors";
import { cancelledError } from "./abort";
import { observeAgentError, type AuthPlan } from "./auth";
import { describeHostKey, type HostKeyTrust } from "./host-key";
import {
  classifySshError,
  closedBeforeReadyError,
  type Ssh2Error,
  type SshFailureContext,
} from "./ssh-errors";
import type { TrustedHostKey } from "./types";

/** Reports one finished layer, with its error when it failed. */
export type StepReporter = (
  layer: TraceLayer,
  startedAt: number,
  summary: string,
  error?: AppError,
) => void;

export interface HandshakeOptions {
  socket: Socket;
  settings: SshTunnelSettings;
  plan: AuthPlan;
  hostKeys: HostKeyTrust;
  /** The key trusted for this bastion before the attempt, or null on first contact. */
  trusted: TrustedHostKey | null;
  signal: AbortSignal | undefined;
  report: StepReporter;
  now: () => number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  readyTimeoutMs: number;
}

/**
 * One SSH handshake and authentication over a connected socket. `run` resolves with the
 * ready client and reports the `ssh-handshake` and `ssh-auth` layers. On a failure or an
 * abort it destroys the socket, reports the failed layer and rejects with an AppError.
 */
export class SshHandshake {
  private readonly client = new Client();
  private readonly context: SshFailureContext;
  private stageStartedAt: number;
  private hostKeyError: AppError | null = null;
  private settled = false;
  private resolve: (client: Client) => void = () => undefined;
  private reject: (error: AppError) => void = () => undefined;
  private readonly onAbort = () =>
    this.fail(cancelledError(this.options.signal));

  constructor(private readonly options: HandshakeOptions) {
    const { settings } = options;
    this.context = {
      bastion: `${settings.host}:${settings.port}`,
      user: settings.user,
      plan: options.plan,
      layer: "ssh-handshake",
      readyTimeoutMs: options.readyTimeoutMs,
    };
    this.stageStartedAt = options.now();
  }

  run(): Promise<Client> {
    return new Promise<Client>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.options.signal?.addEventListener("abort", this.onAbort, {
        once: true,
      });
      this.listen();
      this.client.connect(this.connectConfig());
    });
  }

  private listen(): void {
    const { client } = this;
    client.on("handshake", (negotiated) => {
      const summary = `Negotiated ${negotiated.kex} with host key ${negotiated.serverHostKey}`;
      this.options.report("ssh-handshake", this.stageStartedAt, summary);
      this.context.layer = "ssh-auth";
      this.stageStartedAt = this.options.now();
    });
    client.on("ready", () => this.succeed());
    client.on("error", (error: Ssh2Error) => {
      if (error.level === "agent") {
        observeAgentError(error.message, this.options.plan.observations);
        return;
      }
      this.fail(this.hostKeyError ?? classifySshError(error, this.context));
    });
    client.on("close", () => this.fail(closedBeforeReadyError(this.context)));
  }

  private connectConfig(): ConnectConfig {
    const { settings, plan } = this.options;
    return {
      sock: this.options.socket,
      username: settings.user,
      hostVerifier: (keyBlob: Buffer) => this.verifyHostKey(keyBlob),
      authHandler: plan.authHandler,
      debug: plan.debug,
      keepaliveInterval: this.options.keepaliveIntervalMs,
      keepaliveCountMax: this.options.keepaliveCountMax,
      readyTimeout: this.options.readyTimeoutMs,
    };
  }

  /** Runs during key exchange, before any credential is sent. */
  private verifyHostKey(keyBlob: Buffer): boolean {
    const { settings } = this.options;
    this.hostKeyError = this.options.hostKeys.check(
      settings.host,
      settings.port,
      describeHostKey(keyBlob),
      this.options.trusted,
    );
    return this.hostKeyError === null;
  }

  private succeed(): void {
    if (this.settled) {
      return;
    }
    this.settled = true;
    this.options.signal?.removeEventListener("abort", this.onAbort);
    this.options.report("ssh-auth", this.stageStartedAt, this.authSummary());
    this.resolve(this.client);
  }

  private fail(error: AppError): void {
    if (this.settled) {
      return;
    }
    this.settled = true;
    this.options.signal?.removeEventListener("abort", this.onAbort);
    this.client.destroy();
    this.options.socket.destroy();
    this.options.report(
      this.context.layer,
      this.stageStartedAt,
      error.message,
      error,
    );
    this.reject(error);
  }

  private authSummary(): string {
    const { plan, settings } = this.options;
    const method =
      plan.method === "private-key"
        ? `${plan.keyType ?? "private"} key`
        : plan.method;
    return `Authenticated as ${settings.user} with ${method}`;
  }
}
