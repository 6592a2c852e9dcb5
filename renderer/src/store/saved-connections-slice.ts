import type { SavedConnection } from "../../../shared/domain/connection";
import type { AppErrorShape } from "../../../shared/domain/errors";
import { toErrorShape } from "../api/client";
import { initialCdcState } from "./cdc-slice";
import { defaultConnectionForm, settingsToForm } from "./connection-form";
import { initialConnectionState } from "./connection-slice";
import { initialDiscoveryState } from "./discovery-slice";
import { initialReviewState } from "./review-slice";
import { sortByName } from "./saved-connection-list";
import { initialSelectionState } from "./selection-slice";
import { initialTestState } from "./test-slice";
import type { AppState, SliceCreator } from "./types";

export interface SavedConnectionsState {
  /** Connections saved on this machine, sorted by name, or null until loaded. */
  savedConnections: SavedConnection[] | null;
  savedConnectionsError: AppErrorShape | null;
}

export interface SavedConnectionsSlice extends SavedConnectionsState {
  loadSavedConnections: () => Promise<void>;
  /**
   * Fills the form with a saved connection's settings. Its stored secrets are
   * reused, so testing it sends no secret again.
   */
  openSavedConnection: (id: string) => void;
  /** Clears the form for a connection that is not saved yet. */
  startNewConnection: () => void;
}

export const initialSavedConnectionsState: SavedConnectionsState = {
  savedConnections: null,
  savedConnectionsError: null,
};

export const createSavedConnectionsSlice: SliceCreator<
  SavedConnectionsSlice
> = (set, get, deps) => ({
  ...initialSavedConnectionsState,

  async loadSavedConnections() {
    try {
      const { connections } = await deps.client.call("connection:list", {});
      set({
        savedConnections: sortByName(connections),
        savedConnectionsError: null,
      });
    } catch (error) {
      set({ savedConnectionsError: toErrorShape(error) });
    }
  },

  openSavedConnection(id) {
    const saved = get().savedConnections?.find((item) => item.id === id);
    if (!saved || get().testRun.status === "running") return;

    const revision = get().formRevision + 1;
    set({
      ...stateForNewForm(),
      connectionForm: settingsToForm(saved.settings),
      savedConnection: saved,
      formRevision: revision,
      savedRevision: revision,
    });
  },

  startNewConnection() {
    if (get().testRun.status === "running") return;

    set((state) => ({
      ...stateForNewForm(),
      connectionForm: defaultConnectionForm,
      savedConnection: null,
      formRevision: state.formRevision + 1,
      savedRevision: null,
    }));
  },
});

/**
 * Returns the state that a different connection starts from: no typed secrets,
 * errors or test result, and nothing discovered from the previous database.
 */
function stateForNewForm(): Partial<AppState> {
  return {
    ...initialConnectionState,
    ...initialTestState,
    ...initialDiscoveryState,
    ...initialSelectionState,
    ...initialCdcState,
    ...initialReviewState,
  };
}
