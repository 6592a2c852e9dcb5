import { AppError } from "../../../shared/domain/errors";

/** Returns the `cancelled` AppError for an aborted signal, reusing the signal's reason when it is one. */
export function cancelledError(signal: AbortSignal | undefined): AppError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AppError && reason.kind === "cancelled") return reason;

  return new AppError({
    kind: "cancelled",
    code: "CANCELLED",
    message: "The operation was cancelled.",
  });
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(signal);
}

/** Calls `listener` when the signal aborts, until the returned function is called. */
export function onAbort(
  signal: AbortSignal | undefined,
  listener: () => void,
): () => void {
  if (!signal) return () => undefined;

  signal.addEventListener("abort", listener, { once: true });
  return () => signal.removeEventListener("abort", listener);
}
