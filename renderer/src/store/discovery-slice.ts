import type { DiscoveryResult } from "../../../shared/domain/discovery";
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

export interface DiscoveryRun extends OperationRun {
  operationId: string | null;
}

export interface DiscoveryState {
  discoveryRun: DiscoveryRun;
  discovery: DiscoveryResult | null;
}

export interface DiscoverySlice extends DiscoveryState {
  /**
   * Discovers the saved connection's tables and sets each table's recommended
   * sync type.
   */
  runDiscovery: () => Promise<void>;
  cancelDiscovery: () => Promise<void>;
}

export const initialDiscoveryState: DiscoveryState = {
  discoveryRun: { ...idleRun, operationId: null },
  discovery: null,
};

export const createDiscoverySlice: SliceCreator<DiscoverySlice> = (
  set,
  get,
  deps,
) => {
  function updateRun(patch: Partial<DiscoveryRun>): void {
    set((state) => ({ discoveryRun: { ...state.discoveryRun, ...patch } }));
  }

  return {
    ...initialDiscoveryState,

    async runDiscovery() {
      const connection = get().savedConnection;
      if (!connection || get().discoveryRun.status === "running") return;

      const operationId = deps.newOperationId();
      set({ discoveryRun: { ...startedRun(operationId), operationId } });

      try {
        const discovery = await trackOperation(
          deps,
          operationId,
          (event) => updateRun({ progress: toProgress(event) }),
          () =>
            deps.client.call("discovery:run", {
              connectionId: connection.id,
              operationId,
            }),
        );
        set({ discovery });
        updateRun({ status: "succeeded", progress: null });
        get().initializeSelection(discovery.tables);
        get().suggestPrefix(connection.settings.database);
      } catch (error) {
        const run = failedRun(error);
        updateRun(run);
        if (run.error) get().promptForHostKey(run.error, "discovery");
      }
    },

    async cancelDiscovery() {
      const { operationId, status } = get().discoveryRun;
      if (status !== "running" || operationId === null) return;

      const error = await cancelOperation(deps, operationId);
      if (error) updateRun({ error });
    },
  };
};
