import type { AppErrorShape } from "../../../shared/domain/errors";
import type { ProgressEvent } from "../../../shared/ipc/contract";
import { toErrorShape } from "../api/client";
import type { StoreDependencies } from "./types";

export type RunStatus =
  "idle" | "running" | "succeeded" | "failed" | "cancelled";

/** The latest progress report of a running operation. */
export interface OperationProgress {
  operationId: string;
  message: string | null;
  completed: number | null;
  total: number | null;
}

/** State of a long call that shows progress and can be cancelled. */
export interface OperationRun {
  status: RunStatus;
  progress: OperationProgress | null;
  error: AppErrorShape | null;
}

export const idleRun: OperationRun = {
  status: "idle",
  progress: null,
  error: null,
};

export function startedRun(operationId: string): OperationRun {
  return {
    status: "running",
    progress: { operationId, message: null, completed: null, total: null },
    error: null,
  };
}

/**
 * Returns the run after a failure: `cancelled` when the user cancelled, else
 * `failed`.
 */
export function failedRun(error: unknown): OperationRun {
  const shape = toErrorShape(error);
  if (shape.kind === "cancelled") {
    return { status: "cancelled", progress: null, error: null };
  }
  return { status: "failed", progress: null, error: shape };
}

export function toProgress(event: ProgressEvent): OperationProgress {
  return {
    operationId: event.operationId,
    message: event.message,
    completed: event.completed ?? null,
    total: event.total ?? null,
  };
}

/**
 * Runs `call` while passing the progress events of `operationId` to
 * `onProgress`, and stops listening when the call settles.
 */
export async function trackOperation<T>(
  deps: StoreDependencies,
  operationId: string,
  onProgress: (event: ProgressEvent) => void,
  call: () => Promise<T>,
): Promise<T> {
  const unsubscribe = deps.client.onProgress((event) => {
    if (event.operationId === operationId) onProgress(event);
  });

  try {
    return await call();
  } finally {
    unsubscribe();
  }
}

/**
 * Asks main to cancel an operation and returns the error when the cancel
 * request fails.
 */
export async function cancelOperation(
  deps: StoreDependencies,
  operationId: string,
): Promise<AppErrorShape | null> {
  try {
    await deps.client.call("operation:cancel", { operationId });
    return null;
  } catch (error) {
    return toErrorShape(error);
  }
}
