import { z } from "zod";

/**
 * The parts of PostHog's responses the app reads. Objects are loose so that
 * fields PostHog adds later pass through, and optional where PostHog versions
 * differ.
 */

const nullableText = z.string().nullish();

/** `GET /api/users/@me/` (`UserSerializer`, `posthog/api/user.py`). */
export const posthogUserSchema = z.looseObject({
  uuid: z.string(),
  email: z.string(),
  first_name: nullableText,
  organizations: z
    .array(z.looseObject({ id: z.string(), name: z.string() }))
    .default([]),
  team: z.looseObject({ id: z.number().int(), name: z.string() }).nullish(),
});

export type PostHogUser = z.infer<typeof posthogUserSchema>;

function paginated<T extends z.ZodType>(item: T) {
  return z.looseObject({
    count: z.number().int().optional(),
    next: nullableText,
    results: z.array(item),
  });
}

/** One row of `GET /api/projects/` (`ProjectBackwardCompatBasicSerializer`). */
export const projectSummarySchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  organization: nullableText,
});

export type ProjectSummary = z.infer<typeof projectSummarySchema>;
export const projectPageSchema = paginated(projectSummarySchema);

/**
 * One field of a wizard `SourceConfig`. Nested option fields are kept unparsed.
 */
export const wizardFieldSchema = z.looseObject({
  name: z.string(),
  label: nullableText,
  type: z.string(),
  required: z.boolean().optional(),
  placeholder: nullableText,
  caption: nullableText,
  secret: z.boolean().optional(),
});

export const wizardSourceSchema = z.looseObject({
  name: z.string(),
  label: nullableText,
  caption: nullableText,
  docsUrl: nullableText,
  fields: z.array(wizardFieldSchema).default([]),
  releaseStatus: nullableText,
  unreleasedSource: z.boolean().nullish(),
});

export type WizardSource = z.infer<typeof wizardSourceSchema>;
export const wizardSchema = z.record(z.string(), wizardSourceSchema);

/** A schema entry of a source (`ExternalDataSchemaListSerializer`). */
export const externalDataSchemaSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  should_sync: z.boolean(),
  status: nullableText,
  sync_type: nullableText,
  last_synced_at: nullableText,
  latest_error: nullableText,
  table: z
    .looseObject({ name: z.string(), row_count: z.number().nullish() })
    .nullish(),
});

export type ExternalDataSchema = z.infer<typeof externalDataSchemaSchema>;

/** `ExternalDataSourceSerializers`, as list and retrieve return it. */
export const externalDataSourceSchema = z.looseObject({
  id: z.string(),
  created_at: nullableText,
  source_type: z.string(),
  status: nullableText,
  prefix: nullableText,
  latest_error: nullableText,
  schemas: z.array(externalDataSchemaSchema).default([]),
});

export type ExternalDataSource = z.infer<typeof externalDataSourceSchema>;
export const sourcePageSchema = paginated(externalDataSourceSchema);

export const storedCredentialSchema = z.looseObject({
  credential_id: z.string(),
  source_type: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

export type StoredCredential = z.infer<typeof storedCredentialSchema>;

export const createdSourceSchema = z.looseObject({ id: z.string() });

export const cdcCheckResultSchema = z.looseObject({
  valid: z.boolean(),
  errors: z.array(z.string()),
});

export type CdcCheckResult = z.infer<typeof cdcCheckResultSchema>;

/** One table of `database_schema` (PostHog's server-side discovery). */
export const databaseSchemaTableSchema = z.looseObject({
  table: z.string(),
  should_sync_default: z.boolean().optional(),
  incremental_available: z.boolean().optional(),
  append_available: z.boolean().optional(),
  detected_primary_keys: z.array(z.string()).nullish(),
  rows: z.number().nullish(),
});

export type DatabaseSchemaTable = z.infer<typeof databaseSchemaTableSchema>;

/** The create body (`ExternalDataSourceCreateSerializer`). */
export interface CreateSourceBody {
  source_type: string;
  prefix?: string | null;
  description?: string;
  payload: Record<string, unknown>;
  access_method?: "warehouse" | "direct";
  created_via?: "web" | "api" | "mcp";
}
