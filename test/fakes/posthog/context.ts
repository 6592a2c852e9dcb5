import type {
  CdcCheckResult,
  DiscoverTables,
  FakeApiKey,
  FakeOrganization,
  FakeResponse,
  FakeState,
  FakeUser,
} from "./types";

/** The double's options with every default filled in. */
export interface ResolvedOptions {
  keys: FakeApiKey[];
  user: FakeUser;
  organizations: FakeOrganization[];
  discoverTables: DiscoverTables | null;
  checkCdcPrerequisites: (
    body: Record<string, unknown>,
  ) => CdcCheckResult | Promise<CdcCheckResult>;
  validateCredentials?: (
    sourceType: string,
    payload: Record<string, unknown>,
  ) => string | null | Promise<string | null>;
  rejectInternalHosts: boolean;
  retrievesUntilSynced: number;
  failingTables: Record<string, string>;
  cdcTeamFlag: boolean;
  billingLimitReached: boolean;
  reservedPrefixes: string[];
  maxSourcesPerType: number | null;
}

/** What every handler may read and change. */
export interface FakeServerContext {
  options: ResolvedOptions;
  state: FakeState;
  now(): Date;
}

/** One authenticated request, routed to a handler. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, or `{}` when the request had none. */
  body: unknown;
  key: FakeApiKey;
  /**
   * The id from `/api/projects/{id}/` or `/api/environments/{id}/`, or 0 on
   * other routes.
   */
  projectId: number;
  /**
   * `http://127.0.0.1:PORT`, for the absolute `next` links of paginated lists.
   */
  origin: string;
}

export type Handler = (
  server: FakeServerContext,
  request: RequestContext,
) => FakeResponse | Promise<FakeResponse>;
