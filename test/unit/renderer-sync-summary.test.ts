import { describe, expect, it } from "vitest";
import type { SourceStatus, TableStatus } from "../../shared/domain/posthog";
import { summarizeSync } from "../../renderer/src/store/selectors";

function tableWith(name: string, status: string | null): TableStatus {
  return {
    name,
    warehouseTable: `shop_postgres_${name}`,
    status,
    syncType: "full_refresh",
    lastSyncedAt: null,
    rowCount: null,
    error: status === "Failed" ? "permission denied" : null,
    hogql: `SELECT * FROM shop_postgres_${name} LIMIT 100`,
  };
}

function sourceWith(statuses: (string | null)[]): SourceStatus {
  const tables = statuses.map((status, index) =>
    tableWith(`table_${index}`, status),
  );
  return { sourceId: "src-1", status: "Running", tables, settled: false };
}

describe("sync summary", () => {
  it("counts finished tables", () => {
    const summary = summarizeSync(
      sourceWith(["Completed", "Completed", "Failed"]),
    );

    expect(summary).toEqual({
      total: 3,
      completed: 2,
      failed: 1,
      unfinished: 0,
    });
  });

  it("counts running and waiting tables as unfinished", () => {
    const summary = summarizeSync(sourceWith(["Running", null, "Completed"]));

    expect(summary.completed).toBe(1);
    expect(summary.failed).toBe(0);
    expect(summary.unfinished).toBe(2);
  });

  it("handles a source without tables", () => {
    expect(summarizeSync(sourceWith([]))).toEqual({
      total: 0,
      completed: 0,
      failed: 0,
      unfinished: 0,
    });
  });
});
