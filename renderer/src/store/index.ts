import { createStore } from "zustand/vanilla";
import { createCatalogSlice } from "./catalog-slice";
import { createCdcSlice } from "./cdc-slice";
import { createConnectionSlice } from "./connection-slice";
import { createCreateSlice } from "./create-slice";
import { createDiscoverySlice } from "./discovery-slice";
import { createHostKeySlice } from "./host-key-slice";
import { createPostHogSlice } from "./posthog-slice";
import { createPrefixSlice } from "./prefix-slice";
import { createReviewSlice } from "./review-slice";
import { createSavedConnectionsSlice } from "./saved-connections-slice";
import { createSelectionSlice } from "./selection-slice";
import { createStatusSlice } from "./status-slice";
import { createTestSlice } from "./test-slice";
import type { AppState, AppStore, StoreDependencies } from "./types";
import { createWizardSlice } from "./wizard-slice";

export type { AppState, AppStore, StoreDependencies } from "./types";

/**
 * Builds the app store from its slices, with main reached only through
 * `deps.client`.
 */
export function createAppStore(deps: StoreDependencies): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createWizardSlice(set, get, deps),
    ...createPostHogSlice(set, get, deps),
    ...createCatalogSlice(set, get, deps),
    ...createConnectionSlice(set, get, deps),
    ...createSavedConnectionsSlice(set, get, deps),
    ...createTestSlice(set, get, deps),
    ...createHostKeySlice(set, get, deps),
    ...createDiscoverySlice(set, get, deps),
    ...createSelectionSlice(set, get, deps),
    ...createCdcSlice(set, get, deps),
    ...createPrefixSlice(set, get, deps),
    ...createReviewSlice(set, get, deps),
    ...createCreateSlice(set, get, deps),
    ...createStatusSlice(set, get, deps),
  }));
}
