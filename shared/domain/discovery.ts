import { z } from "zod";
import { serverInfoSchema } from "./trace";

export const RELATION_KINDS = [
  "table",
  "partitioned-table",
  "view",
  "materialized-view",
  "foreign-table",
] as const;

export type RelationKind = (typeof RELATION_KINDS)[number];

/** PostHog's `IncrementalFieldType` values that Postgres columns map to. */
export const INCREMENTAL_FIELD_TYPES = [
  "timestamp",
  "date",
  "integer",
] as const;
export type IncrementalFieldType = (typeof INCREMENTAL_FIELD_TYPES)[number];

export const discoveredColumnSchema = z.object({
  name: z.string(),
  /** `format_type` output, e.g. `timestamp with time zone`, `character varying(40)`. */
  type: z.string(),
  nullable: z.boolean(),
  /** A stored generated column (`GENERATED ALWAYS AS ... STORED`). */
  generated: z.boolean(),
  /** Filled from a sequence (serial, bigserial) or an identity. */
  sequenceBacked: z.boolean(),
});

export type DiscoveredColumn = z.infer<typeof discoveredColumnSchema>;

export const incrementalCandidateSchema = z.object({
  field: z.string(),
  fieldType: z.enum(INCREMENTAL_FIELD_TYPES),
  nullable: z.boolean(),
  /** Leading column of a valid, non-partial index. */
  indexed: z.boolean(),
});

export type IncrementalCandidate = z.infer<typeof incrementalCandidateSchema>;

export const ROW_ESTIMATE_SOURCES = [
  "statistics",
  "live-tuples",
  "partitions",
  "unknown",
] as const;

export const discoveredTableSchema = z.object({
  schema: z.string(),
  name: z.string(),
  /** The name PostHog uses: `schema.table` when every schema is discovered, else `table`. */
  sourceName: z.string(),
  kind: z.enum(RELATION_KINDS),
  /** Catalog estimate (never -1); null when the server has no estimate yet. */
  estimatedRows: z.number().int().nonnegative().nullable(),
  rowEstimateSource: z.enum(ROW_ESTIMATE_SOURCES),
  columns: z.array(discoveredColumnSchema),
  /** Primary key columns in key order, or null when the relation has none. */
  primaryKey: z.array(z.string()).nullable(),
  incrementalCandidates: z.array(incrementalCandidateSchema),
  canSelect: z.boolean(),
  /** Reason the connecting role cannot read the table, e.g. "no SELECT privilege". */
  readIssue: z.string().nullable(),
  rowLevelSecurity: z.boolean(),
  /** `relreplident`: d (default), n (nothing), f (full), i (index). */
  replicaIdentity: z.enum(["default", "nothing", "full", "index"]),
  /** Number of partitions folded into a partitioned parent. */
  partitionCount: z.number().int().nonnegative(),
});

export type DiscoveredTable = z.infer<typeof discoveredTableSchema>;

export const discoveryResultSchema = z.object({
  tables: z.array(discoveredTableSchema),
  warnings: z.array(z.string()),
  server: serverInfoSchema,
  /** Catalog queries run; the same whatever the table count. */
  queryCount: z.number().int(),
  durationMs: z.number(),
});

export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;
