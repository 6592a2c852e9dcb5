import { z } from "zod";

/**
 * Kinds of failure that the UI and the command line map to messages. Driver and network
 * errors are classified into one of these; the raw driver text travels in `detail`.
 */
export const ERROR_KINDS = [
  "invalid-input",
  "dns",
  "unreachable",
  "timed-out",
  "tls",
  "auth-rejected",
  "permission",
  "not-found",
  "ssh-host-key-unknown",
  "ssh-host-key-changed",
  "ssh-auth",
  "ssh-key",
  "ssh-forward",
  "tunnel-dropped",
  "posthog-auth",
  "posthog-permission",
  "posthog-validation",
  "posthog-rate-limited",
  "posthog-server",
  "posthog-unreachable",
  "cancelled",
  "internal",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export const TRACE_LAYERS = [
  "dns",
  "tcp",
  "ssh-handshake",
  "ssh-auth",
  "port-forward",
  "tls",
  "login",
  "privileges",
] as const;

export type TraceLayer = (typeof TRACE_LAYERS)[number];

export const hostKeyInfoSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  algorithm: z.string(),
  /** `SHA256:<base64 without padding>`, the form `ssh-keygen -lf` prints. */
  fingerprint: z.string(),
  /** Set when a different key was trusted before for this host and port. */
  previousFingerprint: z.string().optional(),
});

export type HostKeyInfo = z.infer<typeof hostKeyInfoSchema>;

export const appErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  /** Stable machine-readable code, e.g. `PG_28P01`, `ECONNREFUSED`, `SSH_KEY_PKCS8`. */
  code: z.string(),
  /** One plain sentence naming what failed and on which value. */
  message: z.string(),
  /** The next step for the user. */
  fix: z.string().optional(),
  /** The driver's or server's own text, verbatim (already redacted). */
  detail: z.string().optional(),
  layer: z.enum(TRACE_LAYERS).optional(),
  /** Form field the error refers to, when there is one. */
  field: z.string().optional(),
  hostKey: hostKeyInfoSchema.optional(),
  /** HTTP status for PostHog errors. */
  status: z.number().int().optional(),
});

export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** An error that carries a kind and code across process and IPC boundaries. */
export class AppError extends Error {
  readonly shape: AppErrorShape;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = "AppError";
    this.shape = shape;
  }

  get kind(): ErrorKind {
    return this.shape.kind;
  }

  get code(): string {
    return this.shape.code;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
