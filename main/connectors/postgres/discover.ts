import type {
  DiscoveredTable,
  DiscoveryResult,
} from "../../../shared/domain/discovery";
import { assembleTables } from "./catalog/assemble";
import {
  COLUMNS_QUERY,
  INDEXES_QUERY,
  PARTITIONS_QUERY,
  RELATIONS_QUERY,
  type ColumnRow,
  type IndexRow,
  type PartitionRow,
  type RelationRow,
  type ServerInfoRow,
} from "./catalog/queries";
import {
  missingSchemaMessage,
  noUsageWarning,
  readServerInfo,
  schemaParameter,
  toServerInfo,
} from "./server-info";
import type { PostgresSession } from "./session";

export interface DiscoveryProgress {
  message: string;
  completed: number;
  total: number;
}

/** Names of tables listed in a warning before the rest are only counted. */
const LISTED_TABLES = 5;
const CATALOG_STEPS = 5;

/**
 * Reads every relation of the chosen schema (or of every schema) with five catalog queries in
 * one read-only transaction, whatever the number of tables. Never reads a table's rows.
 */
export async function discoverCatalog(
  session: PostgresSession,
  schemaSetting: string,
  statementMs: number,
  onProgress: (progress: DiscoveryProgress) => void = () => undefined,
): Promise<Omit<DiscoveryResult, "durationMs" | "queryCount">> {
  const schema = schemaParameter(schemaSetting);
  const report = (message: string, completed: number) =>
    onProgress({ message, completed, total: CATALOG_STEPS });

  return session.readOnly(statementMs, async () => {
    report("Reading server information", 0);
    const info = await readServerInfo(session, schema);

    report("Reading tables, views and privileges", 1);
    const relations = await session.query<RelationRow>(RELATIONS_QUERY, [
      schema,
    ]);

    report("Reading partitions", 2);
    const partitions = await session.query<PartitionRow>(PARTITIONS_QUERY, [
      schema,
    ]);

    report(`Reading the columns of ${relations.length} relations`, 3);
    const columns = await session.query<ColumnRow>(COLUMNS_QUERY, [schema]);

    report("Reading primary keys and indexes", 4);
    const indexes = await session.query<IndexRow>(INDEXES_QUERY, [schema]);

    const tables = assembleTables(
      {
        serverVersionNum: info.version_num,
        relations,
        partitions,
        columns,
        indexes,
      },
      schemaSetting,
    );
    report(`Found ${tables.length} relations`, CATALOG_STEPS);

    return {
      tables,
      warnings: discoveryWarnings(info, schema, tables),
      server: toServerInfo(info),
    };
  });
}

function discoveryWarnings(
  info: ServerInfoRow,
  schema: string | null,
  tables: DiscoveredTable[],
): string[] {
  if (schema !== null && !info.schema_exists) {
    return [missingSchemaMessage(schema, info.database)];
  }

  const warnings: string[] = [];
  const schemasWithoutUsage = new Set(
    tables
      .filter((table) => table.readIssue?.startsWith("no USAGE") ?? false)
      .map((table) => table.schema),
  );
  if (schema !== null && !info.schema_usage) schemasWithoutUsage.add(schema);
  for (const name of schemasWithoutUsage) {
    warnings.push(noUsageWarning(name, info.user));
  }

  const noSelect = tables.filter(
    (table) => table.readIssue === "no SELECT privilege",
  );
  if (noSelect.length > 0) warnings.push(noSelectWarning(noSelect, info.user));
  return warnings;
}

function noSelectWarning(tables: DiscoveredTable[], user: string): string {
  const listed = tables
    .slice(0, LISTED_TABLES)
    .map((table) => table.sourceName);
  const more = tables.length - listed.length;
  const names =
    more > 0 ? `${listed.join(", ")} and ${more} more` : listed.join(", ");
  const noun = tables.length === 1 ? "table" : "tables";
  return `User "${user}" has no SELECT privilege on ${tables.length} ${noun} (${names}), which cannot be synced until SELECT is granted.`;
}
