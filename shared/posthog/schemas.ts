import type { DiscoveredTable } from "../domain/discovery";
import { SYNC_TYPES } from "../domain/sync";
import type { TableChoice } from "../domain/sync";

/** One entry of PostHog's `payload.schemas` array at create. */
export interface PostHogSchemaEntry {
  /**
   * The table's source name exactly as discovered (`schema.table` when every
   * schema is read).
   */
  name: string;
  should_sync: boolean;
  /** Absent on unselected tables, as in PostHog's own defaults. */
  sync_type?: string | null;
  incremental_field?: string;
  incremental_field_type?: string;
  primary_key_columns?: string[];
}

const CURSOR_SYNC_TYPES = new Set(["incremental", "append"]);

/**
 * Builds `payload.schemas`: one entry per discovered table, in discovery order,
 * with the user's choice for selected tables and `should_sync: false` for the
 * rest. A choice whose table was not discovered is appended as given, so that
 * validation reports it.
 */
export function buildSchemas(
  choices: TableChoice[],
  discovered: DiscoveredTable[],
): PostHogSchemaEntry[] {
  const bySourceName = new Map(
    choices.map((choice) => [choice.sourceName, choice]),
  );
  const entries = discovered.map((table) => {
    const choice = bySourceName.get(table.sourceName);
    return choice
      ? selectedEntry(choice, table)
      : { name: table.sourceName, should_sync: false };
  });

  const known = new Set(discovered.map((table) => table.sourceName));
  for (const choice of choices) {
    if (!known.has(choice.sourceName))
      entries.push(selectedEntry(choice, undefined));
  }
  return entries;
}

function selectedEntry(
  choice: TableChoice,
  table: DiscoveredTable | undefined,
): PostHogSchemaEntry {
  const entry: PostHogSchemaEntry = {
    name: choice.sourceName,
    should_sync: true,
    sync_type: choice.syncType,
  };

  if (CURSOR_SYNC_TYPES.has(choice.syncType)) {
    if (choice.incrementalField)
      entry.incremental_field = choice.incrementalField;
    if (choice.incrementalFieldType) {
      entry.incremental_field_type = choice.incrementalFieldType;
    }
  }

  const key = choice.primaryKey ?? table?.primaryKey ?? null;
  if (choice.syncType !== "full_refresh" && key && key.length > 0) {
    entry.primary_key_columns = [...key];
  }
  return entry;
}

export interface SchemaValidationOptions {
  /** Whether the source is created with CDC on (`payload.cdc_enabled`). */
  cdcEnabled: boolean;
}

/**
 * Checks `payload.schemas` with the rules PostHog's create applies, in
 * PostHog's order, and returns PostHog's messages (one per problem; PostHog
 * itself stops at the first).
 */
export function validateSchemas(
  entries: PostHogSchemaEntry[],
  discovered: DiscoveredTable[],
  options: SchemaValidationOptions,
): string[] {
  const tables = new Map(discovered.map((table) => [table.sourceName, table]));
  const messages: string[] = [];

  if (entries.some((entry) => !tables.has(entry.name))) {
    messages.push("Schemas given do not exist in source");
  }

  const unknown = unknownSyncTypes(entries);
  if (unknown) messages.push(unknown);

  const cdc = entries.filter((e) => e.sync_type === "cdc" && e.should_sync);
  if (!options.cdcEnabled && cdc.length > 0) {
    messages.push(
      `CDC must be enabled on the source before selecting it as a sync type. The following schemas requested CDC: ${names(cdc)}.`,
    );
  }
  if (options.cdcEnabled) {
    const keyless = cdc.filter((e) => !tables.get(e.name)?.primaryKey?.length);
    if (keyless.length > 0) {
      messages.push(
        `CDC requires a primary key on each table. The following tables have no primary key: ${names(keyless)}.`,
      );
    }
  }

  for (const entry of entries) {
    const message = entryMessage(entry, tables.get(entry.name));
    if (message) messages.push(message);
  }
  return messages;
}

function names(entries: PostHogSchemaEntry[]): string {
  return entries.map((entry) => entry.name).join(", ");
}

function unknownSyncTypes(entries: PostHogSchemaEntry[]): string | null {
  const known: readonly string[] = SYNC_TYPES;
  const bad = new Set<string>();
  for (const entry of entries) {
    const type = entry.sync_type;
    if (type !== undefined && type !== null && !known.includes(type))
      bad.add(type);
  }
  if (bad.size === 0) return null;
  return `Unknown sync type: ${[...bad].join(", ")}. Use one of: ${SYNC_TYPES.join(", ")}.`;
}

function entryMessage(
  entry: PostHogSchemaEntry,
  table: DiscoveredTable | undefined,
): string | null {
  if (!entry.should_sync || !CURSOR_SYNC_TYPES.has(entry.sync_type ?? "")) {
    return null;
  }
  if (!entry.incremental_field) {
    return "Incremental schemas given do not have an incremental field set";
  }
  if (!entry.incremental_field_type) {
    return "Incremental schemas given do not have an incremental field type set";
  }
  if (entry.sync_type === "incremental" && lacksPrimaryKey(entry, table)) {
    return `Table '${entry.name}' has no primary key to sync incrementally on. Choose a primary key for it, or switch it to full table replication.`;
  }
  return null;
}

/**
 * PostHog falls back to a column named `id` (any case) when a table has no
 * primary key.
 */
function lacksPrimaryKey(
  entry: PostHogSchemaEntry,
  table: DiscoveredTable | undefined,
): boolean {
  if (entry.primary_key_columns?.length) return false;
  if (!table || table.columns.length === 0) return false;
  if (table.primaryKey?.length) return false;
  return !table.columns.some((column) => column.name.toLowerCase() === "id");
}
