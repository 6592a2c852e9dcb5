import type {
  DiscoveredTable,
  RelationKind,
} from "../../../../shared/domain/discovery";
import {
  collectKeys,
  incrementalCandidates,
  primaryKeyNames,
  toDiscoveredColumn,
} from "./columns";
import {
  estimateRows,
  sumPartitionEstimates,
  type RowEstimate,
} from "./estimates";
import type { ColumnRow, IndexRow, PartitionRow, RelationRow } from "./queries";

/** The rows of the catalog queries, as discovery read them. */
export interface CatalogRows {
  serverVersionNum: number;
  relations: RelationRow[];
  partitions: PartitionRow[];
  columns: ColumnRow[];
  indexes: IndexRow[];
}

const RELATION_KINDS: Record<string, RelationKind> = {
  r: "table",
  p: "partitioned-table",
  v: "view",
  m: "materialized-view",
  f: "foreign-table",
};

const REPLICA_IDENTITIES: Record<string, DiscoveredTable["replicaIdentity"]> = {
  d: "default",
  n: "nothing",
  f: "full",
  i: "index",
};

/**
 * Builds the discovered tables from the catalog rows. `schemaSetting` is the schema the user
 * chose, blank for every schema, and decides whether source names carry the schema.
 */
export function assembleTables(
  rows: CatalogRows,
  schemaSetting: string,
): DiscoveredTable[] {
  const columnsByRelation = groupBy(rows.columns, (column) => column.relid);
  const partitionsByRoot = groupBy(rows.partitions, (row) => row.root_oid);
  const keysByRelation = collectKeys(rows.indexes);
  const qualifyNames = schemaSetting.trim() === "";

  return rows.relations.map((relation) => {
    const columns = columnsByRelation.get(relation.oid) ?? [];
    const keys = keysByRelation.get(relation.oid);
    const leaves = (partitionsByRoot.get(relation.oid) ?? []).filter(
      (partition) => partition.relkind !== "p",
    );
    const estimate = relationEstimate(relation, leaves, rows.serverVersionNum);

    return {
      schema: relation.schema,
      name: relation.name,
      sourceName: qualifyNames
        ? `${relation.schema}.${relation.name}`
        : relation.name,
      kind: RELATION_KINDS[relation.relkind] ?? "table",
      estimatedRows: estimate.rows,
      rowEstimateSource: estimate.source,
      columns: columns.map(toDiscoveredColumn),
      primaryKey: primaryKeyNames(columns, keys),
      incrementalCandidates: incrementalCandidates(columns, keys),
      canSelect: relation.schema_usage && relation.table_select,
      readIssue: readIssue(relation),
      rowLevelSecurity: relation.row_security,
      replicaIdentity:
        REPLICA_IDENTITIES[relation.replica_identity] ?? "default",
      partitionCount: leaves.length,
    };
  });
}

function relationEstimate(
  relation: RelationRow,
  leaves: PartitionRow[],
  serverVersionNum: number,
): RowEstimate {
  if (relation.relkind === "v") return { rows: null, source: "unknown" };
  if (relation.relkind === "p") {
    return sumPartitionEstimates(
      leaves.map((leaf) => estimateRows(leaf, serverVersionNum)),
    );
  }
  return estimateRows(relation, serverVersionNum);
}

function readIssue(relation: RelationRow): string | null {
  if (!relation.schema_usage) return `no USAGE on schema "${relation.schema}"`;
  if (!relation.table_select) return "no SELECT privilege";
  return null;
}

function groupBy<T>(items: T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
