export { DEFAULT_API_KEY, startFakePostHog, type FakePostHog } from "./server";
export type { FaultMode, FaultSpec } from "./faults";
export type {
  CdcCheckResult,
  DiscoverTables,
  FakeApiKey,
  FakeDiscoveredTable,
  FakeOrganization,
  FakePostHogOptions,
  FakeSchema,
  FakeSource,
  FakeState,
  FakeStoredCredential,
  RecordedRequest,
} from "./types";
