import { randomUUID } from "node:crypto";
import { isObject } from "./config-validation";
import type { FakeServerContext } from "./context";
import type { FakeSchema, FakeSource } from "./types";

/**
 * Source rows as `ExternalDataSourceSerializers` returns them (list and
 * retrieve), and the sync progression the double plays while a client polls.
 */

const SECRET_KEYS = new Set([
  "password",
  "connection_string",
  "stripe_secret_key",
  "signing_secret",
  "private_key",
  "passphrase",
]);

/**
 * PostHog's `build_table_name`: lowercase `{prefix}{source_type}_{name}` with
 * `.` as `__`.
 */
export function buildTableName(source: FakeSource, schemaName: string): string {
  const name = schemaName.replaceAll(".", "__");
  return `${source.prefix ?? ""}${source.sourceType}_${name}`.toLowerCase();
}

export function serializeSource(source: FakeSource, createdByEmail: string) {
  return {
    id: source.id,
    created_at: source.createdAt.toISOString(),
    created_by: source.createdBy ?? createdByEmail,
    created_via: source.createdVia,
    status: sourceStatus(source),
    source_type: source.sourceType,
    latest_error: null,
    prefix: source.prefix,
    description: source.description,
    access_method: source.accessMethod,
    direct_query_enabled: source.directQueryEnabled,
    auto_sync_new_schemas: false,
    auto_sync_schema_patterns: [],
    engine: null,
    last_run_at: lastRunAt(source),
    schemas: source.schemas.map(serializeSchema),
    job_inputs: publicJobInputs(source.jobInputs),
    revenue_analytics_config: {
      enabled: false,
      include_invoiceless_charges: true,
    },
    user_access_level: "editor",
    supports_webhooks: source.sourceType === "Stripe",
    supports_column_selection: source.sourceType !== "MongoDB",
    api_version: null,
    api_version_deprecation: null,
  };
}

function serializeSchema(schema: FakeSchema) {
  return {
    id: schema.id,
    name: schema.name,
    label: schema.label,
    should_sync: schema.should_sync,
    status: schema.status,
    sync_type: schema.sync_type,
    last_synced_at: schema.last_synced_at,
    latest_error: schema.latest_error,
    table: schema.table,
  };
}

/** PostHog's derivation over schemas that sync or carry an error. */
function sourceStatus(source: FakeSource): string {
  const relevant = source.schemas
    .filter((schema) => schema.should_sync || schema.latest_error)
    .map((schema) => schema.status);
  const order = [
    "Failed",
    "Billing limits",
    "Billing limits too low",
    "Paused",
    "Running",
    "Completed",
  ];
  return order.find((status) => relevant.includes(status)) ?? "Running";
}

function lastRunAt(source: FakeSource): string | null {
  const times = source.schemas
    .map((schema) => schema.last_synced_at)
    .filter((time): time is string => time !== null)
    .sort();
  return times.at(-1) ?? null;
}

/**
 * Echoes the config without secrets, with the tunnel's `auth` normalised and
 * `require_tls` filled in.
 */
function publicJobInputs(
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const cleaned = withoutSecrets(inputs);
  const tunnel = cleaned.ssh_tunnel;
  if (isObject(tunnel)) {
    const { auth_type: authType, ...rest } = tunnel;
    cleaned.ssh_tunnel = {
      ...rest,
      auth: rest.auth ?? authType ?? null,
      require_tls: rest.require_tls ?? { enabled: true },
    };
  }
  return cleaned;
}

function withoutSecrets(
  value: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue;
    result[key] = isObject(item) ? withoutSecrets(item) : item;
  }
  return result;
}

/**
 * Moves the first sync forward: once a source has been retrieved
 * `retrievesUntilSynced` times, every running synced table completes, or fails
 * when the options name it.
 */
export function advanceSync(
  server: FakeServerContext,
  source: FakeSource,
): void {
  source.retrieves += 1;
  if (source.retrieves < server.options.retrievesUntilSynced) return;

  for (const schema of source.schemas) {
    if (!schema.should_sync || schema.status !== "Running") continue;

    const failure = server.options.failingTables[schema.name];
    if (failure !== undefined) {
      schema.status = "Failed";
      schema.latest_error = failure;
      continue;
    }
    schema.status = "Completed";
    schema.last_synced_at = server.now().toISOString();
    schema.table = {
      id: randomUUID(),
      name: buildTableName(source, schema.name),
      row_count: 0,
    };
  }
}
