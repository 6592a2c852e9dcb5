import { AppError } from "../../shared/domain/errors";

/**
 * Long-running operations (connection tests, discovery, setup) by the id the renderer chose,
 * each with an AbortController so that `operation:cancel` can stop it.
 */
export class OperationRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Registers a running operation and returns its signal. Raises if the id is already running. */
  start(operationId: string): AbortSignal {
    if (this.running.has(operationId)) {
      throw new AppError({
        kind: "invalid-input",
        code: "OPERATION_ID_IN_USE",
        message: `An operation with the id "${operationId}" is already running.`,
        fix: "Wait for it to finish or cancel it, or start the new operation with a fresh id.",
        field: "operationId",
      });
    }

    const controller = new AbortController();
    this.running.set(operationId, controller);
    return controller.signal;
  }

  /**
   * Aborts a running operation with a `cancelled` AppError as the signal's reason. Returns
   * false when no operation with that id is running or it was already cancelled.
   */
  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    if (controller === undefined || controller.signal.aborted) {
      return false;
    }

    controller.abort(
      new AppError({
        kind: "cancelled",
        code: "CANCELLED",
        message: "The operation was cancelled.",
      }),
    );
    return true;
  }

  /** Forgets a finished operation. */
  finish(operationId: string): void {
    this.running.delete(operationId);
  }

  isRunning(operationId: string): boolean {
    return this.running.has(operationId);
  }

  /** Cancels every running operation, for shutdown. Returns how many were cancelled. */
  cancelAll(): number {
    let count = 0;
    for (const operationId of [...this.running.keys()]) {
      if (this.cancel(operationId)) {
        count += 1;
      }
    }

    return count;
  }
}
