import { connect, type Socket } from "node:net";
import { onAbort } from "./cancellation";

/** Opens a TCP connection, failing with ETIMEDOUT after `timeoutMs`. */
export function connectSocket(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const stopListening = onAbort(signal, () => socket.destroy());

    const timer = setTimeout(() => {
      const error = new Error(
        `connect ETIMEDOUT ${host}:${port}`,
      ) as NodeJS.ErrnoException;
      error.code = "ETIMEDOUT";
      socket.destroy(error);
    }, timeoutMs);

    const settle = () => {
      clearTimeout(timer);
      stopListening();
    };
    socket.once("connect", () => {
      settle();
      resolve(socket);
    });
    socket.once("error", (error) => {
      settle();
      reject(error);
    });
    socket.once("close", () => {
      settle();
      const error = new Error(
        `The connection to ${host}:${port} was closed.`,
      ) as NodeJS.ErrnoException;
      error.code = "ECONNRESET";
      reject(error);
    });
  });
}
