import { connect, type Socket } from "node:net";
import { AppError } from "../../shared/domain/errors";
import type { Lookup, ResolvedAddress } from "../net/lookup";
import { raceAbort } from "./abort";

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : "UNKNOWN";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Resolves the bastion's name with the injected lookup, raising a `dns` AppError when the name
 * is unknown and a `timed-out` one (layer `dns`) after `timeoutMs`.
 */
export async function resolveBastion(
  lookup: Lookup,
  host: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ResolvedAddress> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(dnsTimeoutError(host, timeoutMs)),
      timeoutMs,
    );
  });

  try {
    const resolving = Promise.race([lookup(host), timeout]);
    return await raceAbort(resolving, signal, () => undefined);
  } catch (error) {
    if (error instanceof AppError) {
      throw error;
    }
    throw new AppError({
      kind: "dns",
      code: errorCode(error),
      message: `The SSH bastion host name ${host} could not be resolved.`,
      fix: "Check the bastion host name for typos, and your DNS or VPN connection.",
      detail: errorText(error),
      layer: "dns",
      field: "ssh.host",
    });
  } finally {
    clearTimeout(timer);
  }
}

function dnsTimeoutError(host: string, timeoutMs: number): AppError {
  return new AppError({
    kind: "timed-out",
    code: "DNS_TIMEOUT",
    message: `Resolving the SSH bastion host name ${host} timed out after ${timeoutMs / 1000} s.`,
    fix: "Check your DNS or VPN connection, or enter the bastion's IP address.",
    layer: "dns",
    field: "ssh.host",
  });
}

/**
 * Opens the TCP connection to the bastion, so that ssh2 never resolves or connects by itself.
 * Raises an `unreachable` or `timed-out` AppError (layer `tcp`). An abort destroys the socket.
 */
export async function connectToBastion(
  address: ResolvedAddress,
  port: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Socket> {
  const socket = connect({
    host: address.address,
    port,
    family: address.family,
  });
  const connected = new Promise<Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(tcpTimeoutError(address.address, port, timeoutMs));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(tcpError(address.address, port, error));
    });
  });

  return raceAbort(connected, signal, () => socket.destroy());
}

function tcpTimeoutError(
  address: string,
  port: number,
  timeoutMs: number,
): AppError {
  return new AppError({
    kind: "timed-out",
    code: "ETIMEDOUT",
    message: `Connecting to the SSH bastion at ${address}:${port} timed out after ${timeoutMs / 1000} s.`,
    fix: "Check the bastion host and port, and that no firewall or missing VPN blocks the way.",
    layer: "tcp",
  });
}

function tcpError(address: string, port: number, error: Error): AppError {
  const code = errorCode(error);
  const refused = code === "ECONNREFUSED";
  return new AppError({
    kind: code === "ETIMEDOUT" ? "timed-out" : "unreachable",
    code,
    message: refused
      ? `The SSH bastion at ${address}:${port} refused the connection.`
      : `The SSH bastion at ${address}:${port} could not be reached.`,
    fix: refused
      ? "Check the SSH port and that the SSH server runs on the bastion."
      : "Check the bastion host and port, and your network or VPN connection.",
    detail: error.message,
    layer: "tcp",
    field: "ssh.port",
  });
}
