import type { CdcManagementMode } from "../../shared/domain/cdc";
import type { Logger } from "../services/logging/logger";

/** The part of `pg.Client` the doctor uses; a connected client satisfies it. */
export interface QueryClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Body of PostHog's `POST /external_data_sources/check_cdc_prerequisites/`. */
export interface PostHogCdcCheckBody extends Record<string, unknown> {
  source_type: "Postgres";
  cdc_management_mode: CdcManagementMode;
  tables: string[];
  cdc_slot_name: string;
  cdc_publication_name: string;
}

export interface PostHogCdcVerdict {
  valid: boolean;
  errors: string[];
}

/** PostHog's own prerequisite check, reached through the PostHog client. */
export type PostHogCdcCheck = (
  body: PostHogCdcCheckBody,
) => Promise<PostHogCdcVerdict>;

export interface PostHogParityDeps {
  check: PostHogCdcCheck;
  /**
   * PostHog's Postgres connection keys (`host`, `port`, `database`, `user`, `password`,
   * `schema`, `ssh_tunnel`), as the PostHog route reaches the database.
   */
  connectionKeys: Record<string, unknown>;
}

export interface DoctorDeps {
  /** The connection's schema. Blank means every schema, with tables named `schema.table`. */
  schema: string;
  /** Null when PostHog cannot be asked, e.g. no project is chosen. */
  posthog: PostHogParityDeps | null;
  /** Reason `posthog` is null, shown when a comparison was requested. */
  posthogUnavailableReason?: string;
  logger?: Logger;
  /** Milliseconds for `durationMs`; defaults to `performance.now`. */
  now?: () => number;
}

/** The outcome of one catalog query: its rows, or the error text when the server rejected it. */
export type Fetched<T> =
  { ok: true; value: T } | { ok: false; error: string; code: string | null };
