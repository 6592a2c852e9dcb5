import { isObject } from "./config-validation";
import type { FakeDiscoveredTable } from "./types";

/**
 * PostHog's checks of `payload.schemas` at create, in its order
 * (`_create_external_data_source` in `V/source_setup.py`). The first failing
 * check's message is returned.
 */

export type SchemaEntry = Record<string, unknown> & { name: string };

const SYNC_TYPES = [
  "full_refresh",
  "incremental",
  "append",
  "webhook",
  "cdc",
  "xmin",
];
const MAX_LOOKBACK_SECONDS = 5_184_000;

export function normalizeDiscovered(
  tables: Array<string | FakeDiscoveredTable>,
): FakeDiscoveredTable[] {
  return tables.map((table) =>
    typeof table === "string" ? { name: table } : table,
  );
}

/**
 * Builds PostHog's defaults when `schemas` is missing or empty: every table,
 * full refresh.
 */
function defaultEntries(discovered: FakeDiscoveredTable[]): SchemaEntry[] {
  return discovered.map((table) => ({
    name: table.name,
    should_sync: true,
    sync_type: "full_refresh",
  }));
}

export function checkSchemas(
  raw: unknown,
  discovered: FakeDiscoveredTable[],
  cdcEnabled: boolean,
): { entries: SchemaEntry[] } | { error: string } {
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    return {
      error: "The 'schemas' field must be a list of the tables to sync.",
    };
  }
  if (!raw || raw.length === 0) return { entries: defaultEntries(discovered) };

  const names = new Set(discovered.map((table) => table.name));
  const entries = raw.filter(isObject) as SchemaEntry[];
  if (
    entries.length !== raw.length ||
    entries.some((e) => !names.has(e.name))
  ) {
    return { error: "Schemas given do not exist in source" };
  }

  const error =
    unknownSyncTypes(entries) ??
    cdcWhileOff(entries, cdcEnabled) ??
    (cdcEnabled ? cdcWithoutKey(entries, discovered) : null) ??
    firstEntryError(entries, discovered);
  return error ? { error } : { entries };
}

function unknownSyncTypes(entries: SchemaEntry[]): string | null {
  const bad = [
    ...new Set(
      entries
        .map((entry) => entry.sync_type)
        .filter((type) => type !== undefined && type !== null)
        .map(String)
        .filter((type) => !SYNC_TYPES.includes(type)),
    ),
  ];
  if (bad.length === 0) return null;
  return `Unknown sync type: ${bad.join(", ")}. Use one of: ${SYNC_TYPES.join(", ")}.`;
}

function syncedCdc(entries: SchemaEntry[]): SchemaEntry[] {
  return entries.filter(
    (entry) => entry.sync_type === "cdc" && entry.should_sync === true,
  );
}

function cdcWhileOff(
  entries: SchemaEntry[],
  cdcEnabled: boolean,
): string | null {
  const cdc = syncedCdc(entries);
  if (cdcEnabled || cdc.length === 0) return null;
  return `CDC must be enabled on the source before selecting it as a sync type. The following schemas requested CDC: ${cdc.map((e) => e.name).join(", ")}.`;
}

function cdcWithoutKey(
  entries: SchemaEntry[],
  discovered: FakeDiscoveredTable[],
): string | null {
  const missing = syncedCdc(entries).filter((entry) => {
    const table = discovered.find((t) => t.name === entry.name);
    return table?.primaryKey !== undefined && !table.primaryKey?.length;
  });
  if (missing.length === 0) return null;
  return `CDC requires a primary key on each table. The following tables have no primary key: ${missing.map((e) => e.name).join(", ")}.`;
}

function firstEntryError(
  entries: SchemaEntry[],
  discovered: FakeDiscoveredTable[],
): string | null {
  for (const entry of entries) {
    const table = discovered.find((t) => t.name === entry.name);
    const error = incrementalError(entry, table) ?? lookbackError(entry);
    if (error) return error;
  }
  return null;
}

function incrementalError(
  entry: SchemaEntry,
  table: FakeDiscoveredTable | undefined,
): string | null {
  const cursorBased =
    entry.sync_type === "incremental" || entry.sync_type === "append";
  if (!cursorBased || entry.should_sync !== true) return null;

  if (!entry.incremental_field) {
    return "Incremental schemas given do not have an incremental field set";
  }
  if (!entry.incremental_field_type) {
    return "Incremental schemas given do not have an incremental field type set";
  }
  if (entry.sync_type === "incremental" && lacksKey(entry, table)) {
    return `Table '${entry.name}' has no primary key to sync incrementally on. Choose a primary key for it, or switch it to full table replication.`;
  }
  return null;
}

/** PostHog can only tell when it introspected the table's columns. */
function lacksKey(
  entry: SchemaEntry,
  table: FakeDiscoveredTable | undefined,
): boolean {
  const chosen = entry.primary_key_columns;
  if (Array.isArray(chosen) && chosen.length > 0) return false;
  if (!table?.columns?.length) return false;
  if (table.primaryKey?.length) return false;
  return !table.columns.some((column) => column.toLowerCase() === "id");
}

function lookbackError(entry: SchemaEntry): string | null {
  const value = entry.incremental_field_lookback_seconds;
  if (value === undefined || value === null) return null;

  const valid =
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_LOOKBACK_SECONDS;
  if (valid) return null;
  return `incremental_field_lookback_seconds must be an integer between 0 and ${MAX_LOOKBACK_SECONDS} (60 days) for schema '${entry.name}'.`;
}
