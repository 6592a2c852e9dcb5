/** A personal API key the double accepts. */
export interface FakeApiKey {
  key: string;
  /**
   * PostHog scopes, e.g. `external_data_source:write`, `project:read`, or `*`.
   */
  scopes: string[];
  /**
   * Project ids the key is limited to (PostHog's `scoped_teams`); absent means
   * every project.
   */
  projects?: number[];
  /**
   * User the key belongs to; stored credentials are visible only to their
   * creator.
   */
  userId?: number;
}

export interface FakeProject {
  id: number;
  name: string;
}

export interface FakeOrganization {
  id: string;
  name: string;
  projects: FakeProject[];
}

export interface FakeUser {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
}

/**
 * A table the double's discovery reports. Columns and the primary key are
 * optional: without columns PostHog cannot introspect the table, so the
 * incremental primary-key check is skipped.
 */
export interface FakeDiscoveredTable {
  name: string;
  columns?: string[];
  primaryKey?: string[] | null;
}

export type DiscoverTables = (
  payload: Record<string, unknown>,
) =>
  | Array<string | FakeDiscoveredTable>
  | Promise<Array<string | FakeDiscoveredTable>>;

export interface CdcCheckResult {
  valid: boolean;
  errors: string[];
}

export interface FakePostHogOptions {
  /** Accepted keys; default: one key `phx_test_key` with scope `*`. */
  keys?: FakeApiKey[];
  user?: Partial<FakeUser>;
  /**
   * Default: one organization "Test organization" with project 1 "Default
   * project".
   */
  organizations?: FakeOrganization[];
  /**
   * Table names the source contains (PostHog connects to the database here).
   */
  discoverTables?: DiscoverTables;
  /**
   * PostHog's CDC prerequisite validator. Default `{valid: true, errors: []}`.
   */
  checkCdcPrerequisites?: (
    body: Record<string, unknown>,
  ) => CdcCheckResult | Promise<CdcCheckResult>;
  /**
   * Live credential check after config validation: return PostHog's message to
   * reject.
   */
  validateCredentials?: (
    sourceType: string,
    payload: Record<string, unknown>,
  ) => string | null | Promise<string | null>;
  /**
   * PostHog cloud rejects internal hosts; a self-hosted PostHog may not.
   * Default true.
   */
  rejectInternalHosts?: boolean;
  /** Retrieves of a source after which its synced tables finish. Default 2. */
  retrievesUntilSynced?: number;
  /**
   * Source names of tables whose first sync fails, with the error PostHog
   * reports.
   */
  failingTables?: Record<string, string>;
  /** Whether the team has PostHog's CDC feature flag. Default true. */
  cdcTeamFlag?: boolean;
  /** Any schema paused by billing makes create fail. Default false. */
  billingLimitReached?: boolean;
  /** Prefixes reserved for PostHog-managed sources. Default none. */
  reservedPrefixes?: string[];
  /** Per-project limit of sources of one type. Default unlimited. */
  maxSourcesPerType?: number;
  now?: () => Date;
}

export interface FakeStoredCredential {
  id: string;
  projectId: number;
  userId: number;
  sourceType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

export interface FakeTable {
  id: string;
  name: string;
  row_count: number | null;
}

export interface FakeSchema {
  id: string;
  name: string;
  label: string | null;
  should_sync: boolean;
  sync_type: string | null;
  incremental_field: string | null;
  incremental_field_type: string | null;
  primary_key_columns: string[] | null;
  status: string | null;
  last_synced_at: string | null;
  latest_error: string | null;
  table: FakeTable | null;
}

export interface FakeSource {
  id: string;
  projectId: number;
  createdAt: Date;
  createdBy: string | null;
  createdVia: string;
  sourceType: string;
  prefix: string | null;
  description: string | null;
  accessMethod: string;
  directQueryEnabled: boolean;
  /**
   * The stored payload without `schemas` (secrets included, as PostHog stores
   * them encrypted).
   */
  jobInputs: Record<string, unknown>;
  schemas: FakeSchema[];
  /** GETs of this source by id, which drive the sync status forward. */
  retrieves: number;
}

export interface FakeState {
  sources: FakeSource[];
  credentials: FakeStoredCredential[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** A JSON response the handlers return. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
