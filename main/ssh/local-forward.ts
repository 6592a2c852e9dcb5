import { createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { AppError, isAppError } from "../../shared/domain/errors";
import type { Logger } from "../services/logging/logger";
import type { LocalForward } from "./types";

/**
 * A listener on 127.0.0.1:0 that pipes each accepted socket into a fresh channel from
 * `openChannel`. When either side fails or closes, the other is destroyed, so a driver gets
 * a closed socket instead of one that never answers. Because the driver then gets only a
 * closed connection, the channel-open error is kept in `lastChannelError` for the caller.
 */
export class LocalForwardServer implements LocalForward {
  readonly host = "127.0.0.1";
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | null = null;
  private channelError: AppError | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async listen(
    openChannel: () => Promise<Duplex>,
    target: string,
    logger?: Logger,
  ): Promise<LocalForwardServer> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.removeListener("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });

    const forward = new LocalForwardServer(server, port);
    server.on("connection", (socket) =>
      forward.accept(socket, openChannel, target, logger),
    );
    server.on("error", (error) =>
      logger?.error("Local SSH forward listener failed", {
        target,
        port,
        error,
      }),
    );
    return forward;
  }

  /**
   * The error of the latest channel open, or undefined when it succeeded. It is set before the
   * socket is destroyed, so it is in place when the driver fails on the closed socket.
   */
  get lastChannelError(): AppError | undefined {
    return this.channelError;
  }

  private accept(
    socket: Socket,
    openChannel: () => Promise<Duplex>,
    target: string,
    logger?: Logger,
  ): void {
    this.sockets.add(socket);
    socket.pause();
    socket.on("error", () => socket.destroy());
    socket.once("close", () => this.sockets.delete(socket));

    openChannel().then(
      (channel) => {
        this.channelError = undefined;
        pipeSocket(socket, channel);
      },
      (error: unknown) => {
        this.channelError = channelOpenError(error, target);
        logger?.warn("Opening a forwarded SSH channel failed", {
          target,
          localPort: this.port,
          error,
        });
        socket.destroy();
      },
    );
  }

  /** Stops listening and destroys every forwarded socket. */
  close(): Promise<void> {
    if (this.closing === null) {
      this.closing = new Promise((resolve) => {
        this.server.close(() => resolve());
        for (const socket of this.sockets) {
          socket.destroy();
        }
      });
    }
    return this.closing;
  }
}

/** Keeps an AppError as it is, and wraps any other error as an `ssh-forward` failure. */
function channelOpenError(error: unknown, target: string): AppError {
  if (isAppError(error)) return error;

  return new AppError({
    kind: "ssh-forward",
    code: "SSH_CHANNEL_OPEN_FAILED",
    message: `Opening a forwarded connection to ${target} failed.`,
    fix: "Check that the SSH bastion can reach the database host and port, then try again.",
    detail: error instanceof Error ? error.message : String(error),
    layer: "port-forward",
  });
}

function pipeSocket(socket: Socket, channel: Duplex): void {
  if (socket.destroyed) {
    channel.destroy();
    return;
  }

  const destroyBoth = () => {
    socket.destroy();
    channel.destroy();
  };
  channel.on("error", destroyBoth);
  channel.on("close", destroyBoth);
  socket.on("close", () => channel.destroy());
  socket.pipe(channel).pipe(socket);
  socket.resume();
}
