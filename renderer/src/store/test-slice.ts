import type { AppErrorShape } from "../../../shared/domain/errors";
import type { TraceResult, TraceStep } from "../../../shared/domain/trace";
import type { ProgressEvent } from "../../../shared/ipc/contract";
import {
  cancelOperation,
  failedRun,
  idleRun,
  startedRun,
  toProgress,
  trackOperation,
  type OperationRun,
} from "./operation";
import type { SliceCreator } from "./types";

export interface TestRun extends OperationRun {
  operationId: string | null;
  /**
   * Trace layers in the order they finished, streamed before the final result.
   */
  steps: TraceStep[];
  result: TraceResult | null;
  /**
   * `formRevision` the test ran against. A later edit makes the result stale.
   */
  revision: number | null;
}

export interface TestState {
  testRun: TestRun;
}

export interface TestSlice extends TestState {
  /** Saves the form when it changed, then runs the layered connection trace. */
  testConnection: () => Promise<void>;
  cancelTest: () => Promise<void>;
}

export const initialTestState: TestState = {
  testRun: {
    ...idleRun,
    operationId: null,
    steps: [],
    result: null,
    revision: null,
  },
};

export const createTestSlice: SliceCreator<TestSlice> = (set, get, deps) => {
  function updateRun(patch: Partial<TestRun>): void {
    set((state) => ({ testRun: { ...state.testRun, ...patch } }));
  }

  return {
    ...initialTestState,

    async testConnection() {
      if (get().testRun.status === "running") return;

      const saved = await get().saveConnection();
      if (!saved) return;

      const operationId = deps.newOperationId();
      const revision = get().savedRevision;
      set({
        testRun: {
          ...startedRun(operationId),
          operationId,
          steps: [],
          result: null,
          revision,
        },
      });

      try {
        const result = await trackOperation(
          deps,
          operationId,
          (event) =>
            set((state) => ({ testRun: withProgress(state.testRun, event) })),
          () =>
            deps.client.call("connection:test", {
              connectionId: saved.id,
              operationId,
            }),
        );
        finishTest(result);
      } catch (error) {
        const run = failedRun(error);
        updateRun(run);
        if (run.error) showTestError(run.error);
      }
    },

    async cancelTest() {
      const { operationId, status } = get().testRun;
      if (status !== "running" || operationId === null) return;

      const error = await cancelOperation(deps, operationId);
      if (error) updateRun({ error });
    },
  };

  function finishTest(result: TraceResult): void {
    const failedStep = result.steps.find((step) => step.status === "failed");
    updateRun({
      status: result.ok ? "succeeded" : "failed",
      progress: null,
      steps: result.steps,
      result,
      error: result.ok ? null : (failedStep?.error ?? null),
    });
    if (failedStep?.error) showTestError(failedStep.error);
  }

  /**
   * Opens the host key dialog for a host key error, and otherwise marks the
   * form field the error names.
   */
  function showTestError(error: AppErrorShape): void {
    if (get().promptForHostKey(error, "test")) return;
    get().showFieldError(error);
  }
};

/**
 * Applies a progress event to the run. A streamed trace step is appended, or
 * replaces an earlier report of the same layer in place.
 */
function withProgress(run: TestRun, event: ProgressEvent): TestRun {
  const progress = toProgress(event);
  const step = event.step;
  if (!step) return { ...run, progress };

  const index = run.steps.findIndex(
    (existing) => existing.layer === step.layer,
  );
  const steps = [...run.steps];
  if (index < 0) steps.push(step);
  else steps[index] = step;
  return { ...run, progress, steps };
}
