import type { DoctorReport, DoctorRequest } from "../../../shared/domain/cdc";
import {
  buildDoctorRequest,
  DEFAULT_PUBLICATION,
  selectCdcTargetTables,
  type CdcInputs,
} from "./cdc-rules";
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

export interface CdcRun extends OperationRun {
  operationId: string | null;
}

export interface CdcState {
  cdcInputs: CdcInputs;
  cdcRun: CdcRun;
  /** Request of the latest run, which Re-check sends again. */
  cdcRequest: DoctorRequest | null;
  /** Latest finished report, kept while a new run is in progress. */
  cdcReport: DoctorReport | null;
}

export interface CdcSlice extends CdcState {
  setCdcInput: <K extends keyof CdcInputs>(
    field: K,
    value: CdcInputs[K],
  ) => void;
  /** Runs the CDC doctor on the target tables with the current inputs. */
  runCdcDoctor: () => Promise<void>;
  /** Runs the doctor again with the latest run's inputs and tables. */
  recheckCdc: () => Promise<void>;
  cancelCdcDoctor: () => Promise<void>;
  /**
   * Opens the CDC step from the table list and runs the doctor, when tables
   * are selected.
   */
  openCdcCheck: () => Promise<void>;
}

export const initialCdcInputs: CdcInputs = {
  mode: "posthog",
  publicationName: DEFAULT_PUBLICATION,
  slotName: "",
  comparePostHog: false,
};

export const initialCdcState: CdcState = {
  cdcInputs: initialCdcInputs,
  cdcRun: { ...idleRun, operationId: null },
  cdcRequest: null,
  cdcReport: null,
};

export const createCdcSlice: SliceCreator<CdcSlice> = (set, get, deps) => {
  function updateRun(operationId: string, patch: Partial<CdcRun>): void {
    set((state) =>
      state.cdcRun.operationId === operationId
        ? { cdcRun: { ...state.cdcRun, ...patch } }
        : {},
    );
  }

  async function run(request: DoctorRequest): Promise<void> {
    const connection = get().savedConnection;
    if (!connection || get().cdcRun.status === "running") return;

    const operationId = deps.newOperationId();
    set({
      cdcRun: { ...startedRun(operationId), operationId },
      cdcRequest: request,
    });

    try {
      const report = await trackOperation(
        deps,
        operationId,
        (event) => updateRun(operationId, { progress: toProgress(event) }),
        () =>
          deps.client.call("cdc:run-doctor", {
            ...request,
            connectionId: connection.id,
            operationId,
          }),
      );
      // A reset while the call ran (a new connection) makes the report stale.
      if (get().cdcRun.operationId !== operationId) return;
      set({ cdcReport: report });
      updateRun(operationId, { status: "succeeded", progress: null });
    } catch (error) {
      if (get().cdcRun.operationId !== operationId) return;
      const failed = failedRun(error);
      updateRun(operationId, failed);
      if (failed.error) get().promptForHostKey(failed.error, "cdc");
    }
  }

  return {
    ...initialCdcState,

    setCdcInput(field, value) {
      set((state) => ({ cdcInputs: { ...state.cdcInputs, [field]: value } }));
    },

    async runCdcDoctor() {
      const tables = selectCdcTargetTables(get());
      if (tables.length === 0) return;
      await run(buildDoctorRequest(get().cdcInputs, tables));
    },

    async recheckCdc() {
      const request = get().cdcRequest;
      if (request) await run(request);
      else await get().runCdcDoctor();
    },

    async cancelCdcDoctor() {
      const { operationId, status } = get().cdcRun;
      if (status !== "running" || operationId === null) return;

      const error = await cancelOperation(deps, operationId);
      if (error) updateRun(operationId, { error });
    },

    async openCdcCheck() {
      get().goTo("cdc");
      if (get().step !== "cdc") return;
      await get().runCdcDoctor();
    },
  };
};
