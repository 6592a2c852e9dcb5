import type { StoreApi } from "zustand/vanilla";
import type { IpcClient } from "../api/client";
import type { CatalogSlice } from "./catalog-slice";
import type { CdcSlice } from "./cdc-slice";
import type { ConnectionSlice } from "./connection-slice";
import type { CreateSlice } from "./create-slice";
import type { DiscoverySlice } from "./discovery-slice";
import type { HostKeySlice } from "./host-key-slice";
import type { PostHogSlice } from "./posthog-slice";
import type { PrefixSlice } from "./prefix-slice";
import type { ReviewSlice } from "./review-slice";
import type { SavedConnectionsSlice } from "./saved-connections-slice";
import type { SelectionSlice } from "./selection-slice";
import type { StatusSlice } from "./status-slice";
import type { TestSlice } from "./test-slice";
import type { WizardSlice } from "./wizard-slice";

export type AppState = WizardSlice &
  PostHogSlice &
  CatalogSlice &
  ConnectionSlice &
  SavedConnectionsSlice &
  TestSlice &
  HostKeySlice &
  DiscoverySlice &
  SelectionSlice &
  CdcSlice &
  PrefixSlice &
  ReviewSlice &
  CreateSlice &
  StatusSlice;

export type AppStore = StoreApi<AppState>;

/** Dependencies of the store, injected so that tests can pass fakes. */
export interface StoreDependencies {
  client: IpcClient;
  /** Returns a new operation id for a cancellable call. */
  newOperationId(): string;
  /** Time between two `setup:get-status` polls. */
  statusPollIntervalMs: number;
}

export type SetState = AppStore["setState"];
export type GetState = AppStore["getState"];

export type SliceCreator<Slice> = (
  set: SetState,
  get: GetState,
  deps: StoreDependencies,
) => Slice;
