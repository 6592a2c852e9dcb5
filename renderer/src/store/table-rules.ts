import type { DiscoveredTable } from "../../../shared/domain/discovery";
import type {
  PostgresSyncType,
  SyncRecommendation,
  TableChoice,
} from "../../../shared/domain/sync";
import { recommendSyncType } from "../../../shared/sync/recommend";

/** The user's current choice for one discovered table. */
export interface TableSelection {
  selected: boolean;
  syncType: PostgresSyncType;
  incrementalField: string | null;
  recommendation: SyncRecommendation;
}

export const SYNC_TYPE_LABELS: Record<PostgresSyncType, string> = {
  incremental: "Incremental",
  append: "Append only",
  full_refresh: "Full refresh",
  cdc: "CDC",
};

/** Returns why the table cannot use the sync type, or null when it can. */
export function syncTypeBlocker(
  table: DiscoveredTable,
  syncType: PostgresSyncType,
): string | null {
  const hasCursor = table.incrementalCandidates.length > 0;
  const hasKey = (table.primaryKey?.length ?? 0) > 0;

  switch (syncType) {
    case "full_refresh":
      return null;
    case "append":
      return hasCursor ? null : "needs a timestamp, date or integer column";
    case "incremental":
      if (!hasCursor) return "needs a timestamp, date or integer column";
      return hasKey ? null : "needs a primary key to merge updates";
    case "cdc":
      return cdcBlocker(table, hasKey);
  }
}

function cdcBlocker(table: DiscoveredTable, hasKey: boolean): string | null {
  if (table.kind !== "table" && table.kind !== "partitioned-table") {
    return "only tables have a change stream";
  }
  if (!hasKey && table.replicaIdentity !== "full") {
    return "needs a primary key or REPLICA IDENTITY FULL";
  }
  return null;
}

/**
 * Returns the starting choice: not selected, with the recommended sync type,
 * which is never CDC.
 */
export function initialSelection(table: DiscoveredTable): TableSelection {
  const recommendation = recommendSyncType(table);
  return {
    selected: false,
    syncType: recommendation.syncType,
    incrementalField: recommendation.incrementalField,
    recommendation,
  };
}

/**
 * Returns the selection with a new sync type, keeping a valid incremental field
 * or picking the recommended one, then the first candidate. Returns null when
 * the table cannot use the type.
 */
export function withSyncType(
  selection: TableSelection,
  table: DiscoveredTable,
  syncType: PostgresSyncType,
): TableSelection | null {
  if (syncTypeBlocker(table, syncType) !== null) return null;
  if (syncType === "full_refresh" || syncType === "cdc") {
    return { ...selection, syncType, incrementalField: null };
  }

  const fields = table.incrementalCandidates.map(
    (candidate) => candidate.field,
  );
  const preferred = [
    selection.incrementalField,
    selection.recommendation.incrementalField,
    fields[0] ?? null,
  ];
  const incrementalField =
    preferred.find((field) => field !== null && fields.includes(field)) ?? null;
  return { ...selection, syncType, incrementalField };
}

/**
 * Returns the tables whose source name contains the filter text, ignoring case.
 */
export function filterTables(
  tables: DiscoveredTable[],
  filter: string,
): DiscoveredTable[] {
  const needle = filter.trim().toLowerCase();
  if (needle === "") return tables;
  return tables.filter((table) =>
    table.sourceName.toLowerCase().includes(needle),
  );
}

export function toTableChoice(
  table: DiscoveredTable,
  selection: TableSelection,
): TableChoice {
  const candidate = table.incrementalCandidates.find(
    (item) => item.field === selection.incrementalField,
  );
  return {
    sourceName: table.sourceName,
    syncType: selection.syncType,
    incrementalField: candidate ? candidate.field : null,
    incrementalFieldType: candidate ? candidate.fieldType : null,
    primaryKey: table.primaryKey,
  };
}
