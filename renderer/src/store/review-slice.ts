import type { AppErrorShape } from "../../../shared/domain/errors";
import type { SetupPlan } from "../../../shared/domain/posthog";
import { toErrorShape } from "../api/client";
import { selectTableChoices } from "./selectors";
import type { SliceCreator } from "./types";
import { buildDoctorRequest } from "./cdc-rules";

export interface ReviewState {
  /** The planned requests, cleared whenever an edit would change them. */
  plan: SetupPlan | null;
  planLoading: boolean;
  planError: AppErrorShape | null;
}

export interface ReviewSlice extends ReviewState {
  /**
   * Asks main to plan the setup requests for the current connection, prefix and
   * tables.
   */
  loadPlan: () => Promise<void>;
}

export const initialReviewState: ReviewState = {
  plan: null,
  planLoading: false,
  planError: null,
};

export const createReviewSlice: SliceCreator<ReviewSlice> = (
  set,
  get,
  deps,
) => ({
  ...initialReviewState,

  async loadPlan() {
    const state = get();
    const tables = selectTableChoices(state);
    if (!state.savedConnection || tables.length === 0) return;

    set({ planLoading: true, planError: null });
    try {
      const usesCdc = tables.some((table) => table.syncType === "cdc");
      const request = buildDoctorRequest(state.cdcInputs, []);
      const plan = await deps.client.call("setup:plan", {
        connectionId: state.savedConnection.id,
        prefix: state.prefix,
        tables,
        cdc: usesCdc
          ? {
              mode: request.mode,
              slotName: request.slotName,
              publicationName: request.publicationName,
            }
          : null,
      });

      const current = get();
      const inputsChanged =
        current.prefix !== state.prefix ||
        current.cdcInputs !== state.cdcInputs ||
        current.tableSelections !== state.tableSelections ||
        current.savedConnection !== state.savedConnection;
      set({ plan: inputsChanged ? null : plan, planLoading: false });
    } catch (error) {
      set({ planLoading: false, planError: toErrorShape(error) });
    }
  },
});
