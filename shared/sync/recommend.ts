import type {
  DiscoveredTable,
  IncrementalCandidate,
} from "../domain/discovery";
import type { SyncRecommendation } from "../domain/sync";

/**
 * Column names that track updates, most specific first. The first seven follow the order
 * PostHog uses when it picks an incremental field itself.
 */
const UPDATE_TRACKING_NAMES = [
  "updated_at",
  "updatedat",
  "modified_at",
  "modifiedat",
  "last_modified",
  "updated",
  "modified",
  "last_modified_at",
  "lastmodified",
  "last_updated",
  "last_updated_at",
  "updated_on",
  "updatedon",
  "modified_on",
  "changed_at",
  "update_time",
  "updated_time",
  "modified_date",
  "updated_date",
];

/** Column names whose values only grow as rows are inserted, most specific first. */
const INSERT_ORDERED_NAMES = [
  "created_at",
  "createdat",
  "created",
  "created_on",
  "createdon",
  "inserted_at",
  "insertedat",
  "creation_date",
  "created_date",
  "create_time",
  "created_time",
  "event_time",
  "occurred_at",
  "logged_at",
  "timestamp",
  "ts",
];

/**
 * Recommends a sync type for one table: `incremental` on an update-tracking column when the
 * table has a primary key to merge on, else `append` on an insert-ordered cursor, else
 * `full_refresh`. CDC is never recommended; the user must choose it.
 */
export function recommendSyncType(table: DiscoveredTable): SyncRecommendation {
  const key = table.primaryKey ?? [];
  const updateColumn = findByName(
    table.incrementalCandidates,
    UPDATE_TRACKING_NAMES,
  );

  if (updateColumn && key.length > 0) {
    return {
      syncType: "incremental",
      incrementalField: updateColumn.field,
      incrementalFieldType: updateColumn.fieldType,
      reason: incrementalReason(updateColumn, key),
    };
  }

  const insertColumn = findInsertOrdered(table);
  if (insertColumn) {
    return {
      syncType: "append",
      incrementalField: insertColumn.field,
      incrementalFieldType: insertColumn.fieldType,
      reason: appendReason(insertColumn, updateColumn),
    };
  }

  return {
    syncType: "full_refresh",
    incrementalField: null,
    incrementalFieldType: null,
    reason: fullRefreshReason(updateColumn),
  };
}

function findByName(
  candidates: IncrementalCandidate[],
  names: string[],
): IncrementalCandidate | undefined {
  for (const name of names) {
    const match = candidates.find(
      (candidate) => candidate.field.toLowerCase() === name,
    );
    if (match) return match;
  }
  return undefined;
}

function findInsertOrdered(
  table: DiscoveredTable,
): IncrementalCandidate | undefined {
  const named = findByName(
    table.incrementalCandidates.filter(
      (candidate) => candidate.fieldType !== "integer",
    ),
    INSERT_ORDERED_NAMES,
  );
  if (named) return named;

  const sequenceBacked = new Set(
    table.columns
      .filter((column) => column.sequenceBacked)
      .map((column) => column.name),
  );
  return table.incrementalCandidates.find(
    (candidate) =>
      candidate.fieldType === "integer" && sequenceBacked.has(candidate.field),
  );
}

function incrementalReason(
  column: IncrementalCandidate,
  key: string[],
): string {
  const keyText =
    key.length === 1
      ? `primary key ${key[0]}`
      : `primary key (${key.join(", ")})`;
  const granularity =
    column.fieldType === "date"
      ? "; date granularity, so same-day changes are read again"
      : "";
  return `${column.field} tracks updates and ${keyText} merges them${granularity}`;
}

function appendReason(
  column: IncrementalCandidate,
  updateColumn: IncrementalCandidate | undefined,
): string {
  if (updateColumn) {
    return `${column.field} grows with each insert; ${updateColumn.field} has no primary key to merge on`;
  }
  if (column.fieldType === "integer") {
    return `${column.field} comes from a sequence, so new rows are appended in order`;
  }
  return `${column.field} grows with each insert and no column tracks updates`;
}

function fullRefreshReason(
  updateColumn: IncrementalCandidate | undefined,
): string {
  if (updateColumn) {
    return `${updateColumn.field} tracks updates but there is no primary key to merge on, so the table is copied whole`;
  }
  return "No update-tracking or insert-ordered column, so the table is copied whole each sync";
}
