import type { Duplex } from "node:stream";
import { connect as connectTls, type ConnectionOptions } from "node:tls";
import { NO_SSL_TEXT } from "./errors/tls";

/** Protocol code of PostgreSQL's SSLRequest message. */
const SSL_REQUEST_CODE = 80877103;

/** Protocol and cipher the TLS handshake negotiated. */
export interface TlsHandshake {
  protocol: string | null;
  cipher: string;
}

/**
 * Sends PostgreSQL's SSLRequest on a connected stream and, when the server responds `S`, runs
 * the TLS handshake with the same options `pg` will use. Rejects with `pg`'s own text when the
 * server responds `N`, and with the `tls` module's error (code and certificate attached) when
 * the handshake fails. Destroys the stream in every case.
 */
export async function probeTls(
  stream: Duplex,
  options: ConnectionOptions,
  timeoutMs: number,
): Promise<TlsHandshake> {
  const timer = setTimeout(
    () => stream.destroy(timeoutError(timeoutMs)),
    timeoutMs,
  );
  try {
    await requestSsl(stream);
    return await handshake(stream, options);
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
}

function requestSsl(stream: Duplex): Promise<void> {
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(SSL_REQUEST_CODE, 4);

  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const onClose = () => reject(connectionClosedError("after the SSLRequest"));
    stream.once("error", onError);
    stream.once("close", onClose);
    stream.once("data", (answer: Buffer) => {
      stream.off("error", onError);
      stream.off("close", onClose);
      if (answer[0] === 0x53) resolve();
      else if (answer[0] === 0x4e) reject(new Error(NO_SSL_TEXT));
      else
        reject(new Error("There was an error establishing an SSL connection"));
    });
    stream.write(request);
  });
}

function handshake(
  stream: Duplex,
  options: ConnectionOptions,
): Promise<TlsHandshake> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ ...options, socket: stream });
    socket.once("error", (error: Error) => {
      socket.destroy();
      reject(error);
    });
    socket.once("close", () =>
      reject(connectionClosedError("during the TLS handshake")),
    );
    socket.once("secureConnect", () => {
      resolve({
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
      });
      socket.destroy();
    });
  });
}

function connectionClosedError(when: string): Error {
  const error = new Error(
    `The server closed the connection ${when}.`,
  ) as NodeJS.ErrnoException;
  error.code = "ECONNRESET";
  return error;
}

function timeoutError(timeoutMs: number): Error {
  const error = new Error(
    `connection timeout: no TLS handshake within ${timeoutMs} ms`,
  ) as NodeJS.ErrnoException;
  error.code = "ETIMEDOUT";
  return error;
}
