import type { Duplex } from "node:stream";
import type { Client, ClientChannel } from "ssh2";
import { AppError } from "../../shared/domain/errors";
import type { Logger } from "../services/logging/logger";
import { LocalForwardServer } from "./local-forward";
import type { LocalForward, SshSession } from "./types";

export interface SessionOptions {
  /** `host:port` of the bastion, for messages and logs. */
  bastion: string;
  /** How long to wait for the bastion to open a forwarded channel. */
  forwardTimeoutMs: number;
  logger?: Logger;
}

/** How long `close` waits for the bastion to end the session before destroying the socket. */
const CLOSE_TIMEOUT_MS = 3_000;

/** Channel open failure reason codes (RFC 4254, section 5.1). */
const ADMINISTRATIVELY_PROHIBITED = 1;

/** An authenticated ssh2 client. Any error or close of the connection ends the session. */
export class Ssh2Session implements SshSession {
  private isClosed = false;
  private readonly forwards = new Set<LocalForwardServer>();
  private readonly closedEvent: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly options: SessionOptions,
  ) {
    this.closedEvent = new Promise((resolve) => {
      client.once("close", () => {
        this.markClosed("SSH session closed");
        resolve();
      });
    });
    client.on("error", (error) => {
      options.logger?.warn("SSH session failed", {
        bastion: options.bastion,
        error,
      });
      this.markClosed("SSH session closed after an error");
    });
    client.once("end", () => this.markClosed("SSH session ended"));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    if (this.isClosed) {
      return Promise.reject(this.droppedError(host, port));
    }

    return new Promise<Duplex>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(this.forwardTimeoutError(host, port));
      }, this.options.forwardTimeoutMs);

      const onOpen = (error: Error | undefined, channel: ClientChannel) => {
        if (settled) {
          channel?.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        if (error) {
          reject(this.forwardError(host, port, error));
        } else {
          resolve(channel);
        }
      };

      try {
        // direct-tcpip carries `host` as given, so the bastion resolves it and this
        // machine never does.
        this.client.forwardOut("127.0.0.1", 0, host, port, onOpen);
      } catch {
        settled = true;
        clearTimeout(timer);
        this.markClosed("SSH session is no longer connected");
        reject(this.droppedError(host, port));
      }
    });
  }

  async openLocalForward(host: string, port: number): Promise<LocalForward> {
    if (this.isClosed) {
      throw this.droppedError(host, port);
    }

    const forward = await LocalForwardServer.listen(
      () => this.forwardOut(host, port),
      `${host}:${port}`,
      this.options.logger,
    );
    this.forwards.add(forward);
    return {
      host: forward.host,
      port: forward.port,
      get lastChannelError() {
        return forward.lastChannelError;
      },
      close: () => {
        this.forwards.delete(forward);
        return forward.close();
      },
    };
  }

  /** Ends the session and closes its local forwards. Resolves once the socket is closed. */
  async close(): Promise<void> {
    this.markClosed("SSH session closed by the app");
    await this.closeForwards();
    this.client.end();

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), CLOSE_TIMEOUT_MS);
    });
    if ((await Promise.race([this.closedEvent, timeout])) === "timeout") {
      this.client.destroy();
    }
    clearTimeout(timer);
  }

  private markClosed(reason: string): void {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    this.options.logger?.info(reason, { bastion: this.options.bastion });
    void this.closeForwards();
  }

  private async closeForwards(): Promise<void> {
    const forwards = [...this.forwards];
    this.forwards.clear();
    await Promise.all(forwards.map((forward) => forward.close()));
  }

  private forwardError(host: string, port: number, error: Error): AppError {
    if (this.isClosed) {
      return this.droppedError(host, port, error.message);
    }

    const reason = (error as Error & { reason?: unknown }).reason;
    const bastionText = error.message.replace(
      /^\(SSH\) Channel open failure:\s*/,
      "",
    );
    return new AppError({
      kind: "ssh-forward",
      code: "SSH_CHANNEL_OPEN_FAILED",
      message: `The SSH bastion ${this.options.bastion} could not open a connection to ${host}:${port} and reported "${bastionText}".`,
      fix:
        reason === ADMINISTRATIVELY_PROHIBITED
          ? "Ask the bastion's administrator to allow TCP forwarding to this host and port for this user (AllowTcpForwarding and PermitOpen in sshd_config)."
          : "Check the database host and port as the bastion sees them, because the bastion resolves the name and connects. Check that the database listens on that address and that no firewall on the bastion or in front of the database blocks the port. If the bastion's sshd_config limits forwarding (AllowTcpForwarding, PermitOpen), ask its administrator to allow this host and port.",
      detail: error.message,
      layer: "port-forward",
    });
  }

  private forwardTimeoutError(host: string, port: number): AppError {
    return new AppError({
      kind: "timed-out",
      code: "SSH_CHANNEL_OPEN_TIMEOUT",
      message: `The SSH bastion ${this.options.bastion} did not open a connection to ${host}:${port} within ${this.options.forwardTimeoutMs / 1000} s.`,
      fix: "Check that the database host is reachable from the bastion, then test the connection again.",
      layer: "port-forward",
    });
  }

  private droppedError(host: string, port: number, detail?: string): AppError {
    return new AppError({
      kind: "tunnel-dropped",
      code: "SSH_SESSION_CLOSED",
      message: `The SSH session to ${this.options.bastion} closed before a connection to ${host}:${port} could be opened.`,
      fix: "Test the connection again to open a new SSH session.",
      layer: "port-forward",
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
