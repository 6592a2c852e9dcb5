import { AppError, isAppError } from "../../shared/domain/errors";

/** Returns the `cancelled` AppError for an aborted signal, or its reason when that is one. */
export function cancelledError(signal: AbortSignal | undefined): AppError {
  const reason: unknown = signal?.reason;
  if (isAppError(reason) && reason.kind === "cancelled") {
    return reason;
  }
  return new AppError({
    kind: "cancelled",
    code: "CANCELLED",
    message: "The SSH connection was cancelled.",
  });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    throw cancelledError(signal);
  }
}

/**
 * Settles with `work` unless the signal aborts first. On abort, `onAbort` runs to close the
 * socket or client that the work waits on, and the promise rejects with the `cancelled` error.
 */
export function raceAbort<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => void,
): Promise<T> {
  if (signal === undefined) {
    return work;
  }
  if (signal.aborted) {
    onAbort();
    return Promise.reject(cancelledError(signal));
  }

  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(cancelledError(signal));
    };
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
