import type {
  DiscoveredTable,
  DiscoveryResult,
} from "../../shared/domain/discovery";
import type { SyncRecommendation } from "../../shared/domain/sync";
import { recommendSyncType } from "../../shared/sync/recommend";

/** One table as `discover --json` prints it. */
export interface DiscoveredTableOutput {
  name: string;
  schema: string;
  table: string;
  kind: DiscoveredTable["kind"];
  estimatedRows: number | null;
  rowEstimateSource: DiscoveredTable["rowEstimateSource"];
  columns: Array<{
    name: string;
    type: string;
    nullable: boolean;
    generated: boolean;
  }>;
  primaryKey: string[] | null;
  incrementalCandidates: DiscoveredTable["incrementalCandidates"];
  readable: boolean;
  readIssue: string | null;
  /** Null for a table the role cannot read, which cannot be synced. */
  recommendation: SyncRecommendation | null;
}

/** Builds the object `discover --json` prints. */
export function discoveryJson(result: DiscoveryResult) {
  return {
    server: result.server,
    tableCount: result.tables.length,
    tables: result.tables.map(tableJson),
    warnings: result.warnings,
    queryCount: result.queryCount,
    durationMs: Math.round(result.durationMs),
  };
}

function tableJson(table: DiscoveredTable): DiscoveredTableOutput {
  return {
    name: table.sourceName,
    schema: table.schema,
    table: table.name,
    kind: table.kind,
    estimatedRows: table.estimatedRows,
    rowEstimateSource: table.rowEstimateSource,
    columns: table.columns.map(({ name, type, nullable, generated }) => ({
      name,
      type,
      nullable,
      generated,
    })),
    primaryKey: table.primaryKey,
    incrementalCandidates: table.incrementalCandidates,
    readable: table.canSelect,
    readIssue: table.readIssue,
    recommendation: table.canSelect ? recommendSyncType(table) : null,
  };
}

/** Formats discovery as an aligned table for a terminal. */
export function formatDiscovery(result: DiscoveryResult): string {
  const header = [
    "TABLE",
    "KIND",
    "ROWS (approx.)",
    "PRIMARY KEY",
    "RECOMMENDED",
    "REASON",
  ];
  const rows = result.tables.map((table) => tableRow(table));
  const widths = header
    .slice(0, -1)
    .map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
    );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();

  const server = result.server;
  const lines = [
    `Discovered ${result.tables.length} ${result.tables.length === 1 ? "table" : "tables"} in ${server.database} as ${server.user} (PostgreSQL ${server.version}), ${result.queryCount} queries, ${Math.round(result.durationMs)} ms`,
    "",
    render(header),
    ...rows.map(render),
  ];
  for (const warning of result.warnings) lines.push("", `Warning: ${warning}`);
  return lines.join("\n") + "\n";
}

function tableRow(table: DiscoveredTable): string[] {
  const recommendation = recommendSyncType(table);
  const field = recommendation.incrementalField
    ? ` on ${recommendation.incrementalField}`
    : "";
  return [
    table.sourceName,
    table.kind,
    table.estimatedRows === null
      ? "unknown"
      : table.estimatedRows.toLocaleString("en-US"),
    table.primaryKey?.join(", ") ?? "none",
    table.canSelect ? `${recommendation.syncType}${field}` : "not readable",
    table.canSelect ? recommendation.reason : (table.readIssue ?? ""),
  ];
}
