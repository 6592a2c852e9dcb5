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

export interface CreateRun extends OperationRun {
  operationId: string | null;
}

export interface CreatedSource {
  sourceId: string;
  /**
   * True when main found the source from an earlier attempt instead of creating
   * another.
   */
  adopted: boolean;
  planId: string;
}

export interface CreateState {
  createRun: CreateRun;
  createdSource: CreatedSource | null;
}

export interface CreateSlice extends CreateState {
  /**
   * Sends the planned requests; calling it again after a failure retries the
   * same plan.
   */
  createSource: () => Promise<void>;
  cancelCreate: () => Promise<void>;
}

export const initialCreateState: CreateState = {
  createRun: { ...idleRun, operationId: null },
  createdSource: null,
};

export const createCreateSlice: SliceCreator<CreateSlice> = (
  set,
  get,
  deps,
) => {
  function updateRun(patch: Partial<CreateRun>): void {
    set((state) => ({ createRun: { ...state.createRun, ...patch } }));
  }

  return {
    ...initialCreateState,

    async createSource() {
      const { plan, createRun, createdSource } = get();
      if (!plan || createdSource || createRun.status === "running") return;

      const operationId = deps.newOperationId();
      set({ createRun: { ...startedRun(operationId), operationId } });

      try {
        const created = await trackOperation(
          deps,
          operationId,
          (event) => updateRun({ progress: toProgress(event) }),
          () =>
            deps.client.call("setup:create", {
              planId: plan.planId,
              operationId,
            }),
        );
        updateRun({ status: "succeeded", progress: null });
        set({
          createdSource: { ...created, planId: plan.planId },
          step: "status",
        });
      } catch (error) {
        updateRun(failedRun(error));
      }
    },

    async cancelCreate() {
      const { operationId, status } = get().createRun;
      if (status !== "running" || operationId === null) return;

      const error = await cancelOperation(deps, operationId);
      if (error) updateRun({ error });
    },
  };
};
