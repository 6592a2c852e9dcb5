import { z } from "zod";

export const POSTHOG_REGIONS = ["us", "eu", "self-hosted"] as const;
export type PostHogRegion = (typeof POSTHOG_REGIONS)[number];

export const POSTHOG_CLOUD_HOSTS: Record<
  Exclude<PostHogRegion, "self-hosted">,
  string
> = {
  us: "https://us.posthog.com",
  eu: "https://eu.posthog.com",
};

export const posthogProjectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  organizationName: z.string().optional(),
});

export type PostHogProject = z.infer<typeof posthogProjectSchema>;

/** The PostHog account as the renderer receives it, without the API key. */
export const posthogAccountSchema = z.object({
  signedIn: z.boolean(),
  region: z.enum(POSTHOG_REGIONS),
  host: z.string(),
  projects: z.array(posthogProjectSchema),
  projectId: z.number().int().nullable(),
  /** Email of the key's user, when PostHog returned it. */
  userEmail: z.string().nullable(),
});

export type PostHogAccount = z.infer<typeof posthogAccountSchema>;

/** One field of a source's connection form, from PostHog's wizard (`SourceConfig.fields`). */
export const sourceFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  placeholder: z.string().optional(),
  caption: z.string().optional(),
  secret: z.boolean(),
});

export type SourceField = z.infer<typeof sourceFieldSchema>;

export const sourceCatalogEntrySchema = z.object({
  /** PostHog's source type, e.g. `Postgres`. */
  name: z.string(),
  label: z.string(),
  caption: z.string(),
  docsUrl: z.string().nullable(),
  fields: z.array(sourceFieldSchema),
  /** Whether this app can connect, discover and check locally. */
  localProbe: z.boolean(),
  releaseStatus: z.string().nullable(),
});

export type SourceCatalogEntry = z.infer<typeof sourceCatalogEntrySchema>;

export const CATALOG_ORIGINS = ["posthog", "cache", "built-in"] as const;

export const sourceCatalogSchema = z.object({
  sources: z.array(sourceCatalogEntrySchema),
  origin: z.enum(CATALOG_ORIGINS),
  /** ISO time the catalog was fetched from PostHog, when it came from PostHog or the cache. */
  fetchedAt: z.string().nullable(),
  /** Reason the built-in or cached catalog is shown instead of a fresh one. */
  warning: z.string().nullable(),
});

export type SourceCatalog = z.infer<typeof sourceCatalogSchema>;

/** A request the setup will send, as shown on the review step (secrets masked). */
export const plannedRequestSchema = z.object({
  method: z.enum(["GET", "POST", "PATCH"]),
  path: z.string(),
  /** JSON body with every secret replaced by a mask. */
  body: z.unknown(),
  purpose: z.string(),
  carriesSecrets: z.boolean(),
});

export type PlannedRequest = z.infer<typeof plannedRequestSchema>;

export const plannedTableSchema = z.object({
  sourceName: z.string(),
  warehouseTable: z.string(),
  syncType: z.string(),
  incrementalField: z.string().nullable(),
});

export const setupPlanSchema = z.object({
  planId: z.string(),
  prefix: z.string(),
  tables: z.array(plannedTableSchema),
  requests: z.array(plannedRequestSchema),
  warnings: z.array(z.string()),
});

export type SetupPlan = z.infer<typeof setupPlanSchema>;

export const SCHEMA_STATUSES = [
  "Running",
  "Paused",
  "Failed",
  "Completed",
  "Billing limits",
  "Billing limits too low",
] as const;

export const tableStatusSchema = z.object({
  name: z.string(),
  warehouseTable: z.string(),
  /** PostHog's display status, or null before the first sync starts. */
  status: z.string().nullable(),
  syncType: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  rowCount: z.number().nullable(),
  error: z.string().nullable(),
  hogql: z.string(),
});

export type TableStatus = z.infer<typeof tableStatusSchema>;

export const sourceStatusSchema = z.object({
  sourceId: z.string(),
  status: z.string(),
  tables: z.array(tableStatusSchema),
  /** True when every synced table is Completed or Failed. */
  settled: z.boolean(),
});

export type SourceStatus = z.infer<typeof sourceStatusSchema>;
