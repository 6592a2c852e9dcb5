import { describe, expect, it } from "vitest";
import {
  estimateRows,
  sumPartitionEstimates,
} from "../../main/connectors/postgres/catalog/estimates";
import type { StatisticsRow } from "../../main/connectors/postgres/catalog/queries";

const PG15 = 150000;
const PG13 = 130000;

function statistics(overrides: Partial<StatisticsRow>): StatisticsRow {
  return {
    reltuples: -1,
    relpages: 0,
    live_tuples: 0,
    has_activity: false,
    analyzed: false,
    ...overrides,
  };
}

describe("estimateRows", () => {
  it("uses reltuples after ANALYZE", () => {
    const estimate = estimateRows(statistics({ reltuples: 1234.4 }), PG15);

    expect(estimate).toEqual({ rows: 1234, source: "statistics" });
  });

  it("keeps an analyzed empty table at zero", () => {
    const estimate = estimateRows(
      statistics({ reltuples: 0, analyzed: true }),
      PG15,
    );

    expect(estimate).toEqual({ rows: 0, source: "statistics" });
  });

  it("falls back to live tuples", () => {
    const estimate = estimateRows(
      statistics({ live_tuples: 500, has_activity: true }),
      PG15,
    );

    expect(estimate).toEqual({ rows: 500, source: "live-tuples" });
  });

  it("reports unknown without statistics", () => {
    const estimate = estimateRows(statistics({ live_tuples: null }), PG15);

    expect(estimate).toEqual({ rows: null, source: "unknown" });
  });

  it("never returns a false zero", () => {
    const estimate = estimateRows(statistics({ live_tuples: 0 }), PG15);

    expect(estimate.rows).toBeNull();
  });

  it("treats zero as never analyzed before 14", () => {
    const estimate = estimateRows(
      statistics({ reltuples: 0, live_tuples: 80, has_activity: true }),
      PG13,
    );

    expect(estimate).toEqual({ rows: 80, source: "live-tuples" });
  });

  it("trusts an analyzed zero before 14", () => {
    const estimate = estimateRows(
      statistics({ reltuples: 0, analyzed: true }),
      PG13,
    );

    expect(estimate).toEqual({ rows: 0, source: "statistics" });
  });
});

describe("sumPartitionEstimates", () => {
  it("sums known leaves", () => {
    const estimate = sumPartitionEstimates([
      { rows: 300, source: "statistics" },
      { rows: 200, source: "live-tuples" },
      { rows: null, source: "unknown" },
    ]);

    expect(estimate).toEqual({ rows: 500, source: "partitions" });
  });

  it("reports unknown leaves as unknown", () => {
    const estimate = sumPartitionEstimates([
      { rows: null, source: "unknown" },
      { rows: null, source: "unknown" },
    ]);

    expect(estimate).toEqual({ rows: null, source: "unknown" });
  });

  it("avoids a false zero", () => {
    const estimate = sumPartitionEstimates([
      { rows: 0, source: "statistics" },
      { rows: null, source: "unknown" },
    ]);

    expect(estimate.rows).toBeNull();
  });

  it("counts no partitions as empty", () => {
    expect(sumPartitionEstimates([])).toEqual({
      rows: 0,
      source: "partitions",
    });
  });
});
