import type {
  DiscoveredColumn,
  IncrementalCandidate,
  IncrementalFieldType,
} from "../../../../shared/domain/discovery";
import type { ColumnRow, IndexRow } from "./queries";

/**
 * Built-in type oids whose values can order an incremental sync, as PostHog's Postgres source
 * accepts them: timestamp with and without time zone, date, and the integer types.
 */
const INCREMENTAL_TYPES = new Map<number, IncrementalFieldType>([
  [1114, "timestamp"],
  [1184, "timestamp"],
  [1082, "date"],
  [21, "integer"],
  [23, "integer"],
  [20, "integer"],
]);

/** Keys and leading index columns of one relation, by column number. */
export interface RelationKeys {
  primaryKey: number[] | null;
  leadingIndexColumns: Set<number>;
}

/** Groups index rows by relation oid. */
export function collectKeys(indexes: IndexRow[]): Map<number, RelationKeys> {
  const keys = new Map<number, RelationKeys>();
  for (const index of indexes) {
    let entry = keys.get(index.relid);
    if (!entry) {
      entry = { primaryKey: null, leadingIndexColumns: new Set() };
      keys.set(index.relid, entry);
    }

    if (index.is_primary) entry.primaryKey = index.key_columns;
    const leading = index.key_columns[0];
    if (leading !== undefined && leading > 0) {
      entry.leadingIndexColumns.add(leading);
    }
  }
  return keys;
}

export function toDiscoveredColumn(row: ColumnRow): DiscoveredColumn {
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    generated: row.generated,
    sequenceBacked: row.sequence_backed,
  };
}

/** Returns the columns that can order an incremental sync. Generated columns never qualify. */
export function incrementalCandidates(
  columns: ColumnRow[],
  keys: RelationKeys | undefined,
): IncrementalCandidate[] {
  const candidates: IncrementalCandidate[] = [];
  for (const column of columns) {
    const fieldType = INCREMENTAL_TYPES.get(column.base_type_oid);
    if (fieldType === undefined || column.generated) continue;

    candidates.push({
      field: column.name,
      fieldType,
      nullable: column.nullable,
      indexed: keys?.leadingIndexColumns.has(column.attnum) ?? false,
    });
  }
  return candidates;
}

/** Primary key column names in key order, or null when the relation has no primary key. */
export function primaryKeyNames(
  columns: ColumnRow[],
  keys: RelationKeys | undefined,
): string[] | null {
  if (!keys?.primaryKey) return null;

  const names = new Map(columns.map((column) => [column.attnum, column.name]));
  const primaryKey: string[] = [];
  for (const attnum of keys.primaryKey) {
    const name = names.get(attnum);
    if (name === undefined) return null;
    primaryKey.push(name);
  }
  return primaryKey;
}
