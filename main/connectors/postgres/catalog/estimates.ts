import type { ROW_ESTIMATE_SOURCES } from "../../../../shared/domain/discovery";
import type { StatisticsRow } from "./queries";

export type RowEstimateSource = (typeof ROW_ESTIMATE_SOURCES)[number];

/** An approximate row count and its source. `rows` is null when there is no estimate. */
export interface RowEstimate {
  rows: number | null;
  source: RowEstimateSource;
}

const UNKNOWN: RowEstimate = { rows: null, source: "unknown" };

/** PostgreSQL 14 started to mark a never-analyzed relation with `reltuples = -1`. */
const MINUS_ONE_MARKER_VERSION = 140000;

/**
 * Estimates the rows of one relation with storage. `reltuples` counts when the relation was
 * analyzed or vacuumed. Otherwise the statistics system's `n_live_tup` counts when it has seen
 * activity on the table, and else the count is unknown, so a never-analyzed table never shows
 * -1 or a false 0.
 */
export function estimateRows(
  statistics: StatisticsRow,
  serverVersionNum: number,
): RowEstimate {
  if (!neverAnalyzed(statistics, serverVersionNum)) {
    return { rows: Math.round(statistics.reltuples), source: "statistics" };
  }

  if (statistics.has_activity && statistics.live_tuples !== null) {
    return {
      rows: Math.max(0, Math.round(statistics.live_tuples)),
      source: "live-tuples",
    };
  }

  return UNKNOWN;
}

/**
 * Before PostgreSQL 14 a never-analyzed relation has `reltuples = 0` and `relpages = 0`, like
 * an analyzed empty one, so the statistics system's analyze and vacuum times tell them apart.
 * NOTE: this branch has unit tests only; no integration test runs against a server before 14.
 */
function neverAnalyzed(
  statistics: StatisticsRow,
  serverVersionNum: number,
): boolean {
  if (statistics.reltuples < 0) return true;
  if (serverVersionNum >= MINUS_ONE_MARKER_VERSION) return false;

  return (
    statistics.reltuples === 0 &&
    statistics.relpages === 0 &&
    !statistics.analyzed
  );
}

/**
 * Sums the estimates of a partitioned table's leaf partitions. Leaves without an estimate add
 * nothing. The sum is unknown when no leaf has an estimate, or when the known leaves are empty
 * but unknown ones could hold rows, so it is never a false 0. A parent without partitions is
 * empty.
 */
export function sumPartitionEstimates(leaves: RowEstimate[]): RowEstimate {
  if (leaves.length === 0) return { rows: 0, source: "partitions" };

  const known = leaves.filter((leaf) => leaf.rows !== null);
  const rows = known.reduce((total, leaf) => total + (leaf.rows ?? 0), 0);
  const hasUnknown = known.length < leaves.length;
  if (known.length === 0 || (rows === 0 && hasUnknown)) return UNKNOWN;

  return { rows, source: "partitions" };
}
