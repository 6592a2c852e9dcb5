import type { AppErrorShape } from "../../../shared/domain/errors";
import type { SourceStatus } from "../../../shared/domain/posthog";
import { toErrorShape } from "../api/client";
import type { SliceCreator } from "./types";

export interface StatusState {
  sourceStatus: SourceStatus | null;
  statusPolling: boolean;
  statusError: AppErrorShape | null;
}

export interface StatusSlice extends StatusState {
  /**
   * Polls `setup:get-status` at the dependency's interval until PostHog reports
   * the source settled, a poll fails, or polling is stopped.
   */
  startStatusPolling: () => void;
  stopStatusPolling: () => void;
}

export const initialStatusState: StatusState = {
  sourceStatus: null,
  statusPolling: false,
  statusError: null,
};

export const createStatusSlice: SliceCreator<StatusSlice> = (
  set,
  get,
  deps,
) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Bumped by every start and stop, so that a poll that is still in flight can
  // tell it is stale.
  let generation = 0;

  async function poll(pollGeneration: number): Promise<void> {
    const planId = get().createdSource?.planId;
    if (!planId) {
      set({ statusPolling: false });
      return;
    }

    try {
      const sourceStatus = await deps.client.call("setup:get-status", {
        planId,
      });
      if (pollGeneration !== generation) return;
      set({ sourceStatus, statusError: null });
      if (sourceStatus.settled) {
        set({ statusPolling: false });
        return;
      }
    } catch (error) {
      if (pollGeneration !== generation) return;
      set({ statusPolling: false, statusError: toErrorShape(error) });
      return;
    }

    timer = setTimeout(
      () => void poll(pollGeneration),
      deps.statusPollIntervalMs,
    );
  }

  return {
    ...initialStatusState,

    startStatusPolling() {
      if (get().statusPolling) return;
      generation += 1;
      set({ statusPolling: true, statusError: null });
      void poll(generation);
    },

    stopStatusPolling() {
      generation += 1;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (get().statusPolling) set({ statusPolling: false });
    },
  };
};
