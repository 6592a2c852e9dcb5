import { AppError, type TraceLayer } from "../../shared/domain/errors";
import type { AuthPlan } from "./auth";
import { authFailureError } from "./auth-errors";

/** An error as ssh2 emits it, where `level` names the stage that failed. */
export type Ssh2Error = Error & { level?: string; code?: unknown };

export interface SshFailureContext {
  /** `host:port` of the bastion. */
  bastion: string;
  user: string;
  plan: AuthPlan;
  /** The stage that was running: `ssh-handshake` until the handshake event, then `ssh-auth`. */
  layer: Extract<TraceLayer, "ssh-handshake" | "ssh-auth">;
  readyTimeoutMs: number;
}

const ALL_METHODS_FAILED = "All configured authentication methods failed";

/** Classifies an error ssh2 emitted before the session was ready. */
export function classifySshError(
  error: Ssh2Error,
  context: SshFailureContext,
): AppError {
  const { bastion, layer } = context;
  switch (error.level) {
    case "client-authentication":
      return error.message === ALL_METHODS_FAILED
        ? authFailureError(context.plan, bastion, context.user, error.message)
        : authError(bastion, error);
    case "client-timeout":
      return readyTimeoutError(context, error);
    case "client-socket":
      return new AppError({
        kind: "unreachable",
        code: typeof error.code === "string" ? error.code : "SSH_SOCKET_ERROR",
        message: `The connection to the SSH bastion ${bastion} failed during ${stageName(layer)}.`,
        fix: "Check the bastion host and port, and your network or VPN connection, then try again.",
        detail: error.message,
        layer,
      });
    default:
      return layer === "ssh-auth" && typeof error.code === "number"
        ? authError(bastion, error)
        : handshakeError(bastion, error.message);
  }
}

/** Builds the error for a bastion that closed the connection before authentication finished. */
export function closedBeforeReadyError(context: SshFailureContext): AppError {
  return new AppError({
    kind: "unreachable",
    code: "SSH_CONNECTION_CLOSED",
    message: `The SSH bastion ${context.bastion} closed the connection during ${stageName(context.layer)}.`,
    fix: "Check that the port is the bastion's SSH port and that the server allows this user, then try again.",
    layer: context.layer,
  });
}

function stageName(layer: SshFailureContext["layer"]): string {
  return layer === "ssh-handshake" ? "the SSH handshake" : "authentication";
}

function handshakeError(bastion: string, detail: string): AppError {
  return new AppError({
    kind: "unreachable",
    code: "SSH_HANDSHAKE_FAILED",
    message: `The SSH handshake with the bastion ${bastion} failed.`,
    fix: "Check that the port is the bastion's SSH port. If it is, the server and this app share no key exchange, cipher or host key algorithm (see the details).",
    detail,
    layer: "ssh-handshake",
  });
}

function authError(bastion: string, error: Ssh2Error): AppError {
  return new AppError({
    kind: "ssh-auth",
    code: "SSH_AUTH_FAILED",
    message: `Authentication with the SSH bastion ${bastion} failed.`,
    fix: "Check the SSH user and credentials (see the details for the server's reason).",
    detail: error.message,
    layer: "ssh-auth",
  });
}

function readyTimeoutError(
  context: SshFailureContext,
  error: Ssh2Error,
): AppError {
  const seconds = context.readyTimeoutMs / 1000;
  return new AppError({
    kind: "timed-out",
    code: "SSH_READY_TIMEOUT",
    message: `The SSH bastion ${context.bastion} did not finish ${stageName(context.layer)} within ${seconds} s.`,
    fix: "Check that the port is the bastion's SSH port and that the bastion is not overloaded, then try again.",
    detail: error.message,
    layer: context.layer,
  });
}
