import { z } from "zod";
import { INCREMENTAL_FIELD_TYPES } from "./discovery";

/** PostHog's `ExternalDataSchema.SyncType` values. */
export const SYNC_TYPES = [
  "full_refresh",
  "incremental",
  "append",
  "webhook",
  "cdc",
  "xmin",
] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

/** Sync types a user may pick for a Postgres table in this app. */
export const POSTGRES_SYNC_TYPES = [
  "incremental",
  "append",
  "full_refresh",
  "cdc",
] as const;
export type PostgresSyncType = (typeof POSTGRES_SYNC_TYPES)[number];

export const syncRecommendationSchema = z.object({
  syncType: z.enum(["incremental", "append", "full_refresh"]),
  incrementalField: z.string().nullable(),
  incrementalFieldType: z.enum(INCREMENTAL_FIELD_TYPES).nullable(),
  /** One line for the table list, e.g. "updated_at tracks updates and id is the key". */
  reason: z.string(),
});

export type SyncRecommendation = z.infer<typeof syncRecommendationSchema>;

/** The user's choice for one table, as sent to main to plan the requests. */
export const tableChoiceSchema = z.object({
  sourceName: z.string(),
  syncType: z.enum(POSTGRES_SYNC_TYPES),
  incrementalField: z.string().nullable(),
  incrementalFieldType: z.enum(INCREMENTAL_FIELD_TYPES).nullable(),
  primaryKey: z.array(z.string()).nullable(),
});

export type TableChoice = z.infer<typeof tableChoiceSchema>;
