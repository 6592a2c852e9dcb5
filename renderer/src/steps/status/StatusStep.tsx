import { useEffect, useMemo } from "react";
import type { TableStatus } from "../../../../shared/domain/posthog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatCount, formatDateTime, plural } from "../../components/format";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import { summarizeSync, type SyncSummary } from "../../store/selectors";
import { CopyQuery } from "./CopyQuery";

export function StatusStep() {
  const created = useAppStore((state) => state.createdSource);
  const sourceStatus = useAppStore((state) => state.sourceStatus);
  const error = useAppStore((state) => state.statusError);
  const startPolling = useAppStore((state) => state.startStatusPolling);
  const stopPolling = useAppStore((state) => state.stopStatusPolling);
  const startOver = useAppStore((state) => state.startOver);
  const settled = sourceStatus?.settled === true;

  useEffect(() => {
    if (!settled) startPolling();
    return stopPolling;
  }, [settled, startPolling, stopPolling]);

  return (
    <StepSection
      step="status"
      title="Sync status"
      intro={created ? statusIntro(created.sourceId, settled) : undefined}
    >
      <SyncProgress />
      <ErrorAlert error={error}>
        <button type="button" className="button" onClick={startPolling}>
          Check again
        </button>
      </ErrorAlert>
      {sourceStatus && <StatusTable tables={sourceStatus.tables} />}
      <div className="actions">
        <button type="button" className="button" onClick={startOver}>
          Set up another source
        </button>
      </div>
    </StepSection>
  );
}

function statusIntro(sourceId: string, settled: boolean): string {
  if (settled) {
    return `PostHog finished the first sync of source ${sourceId}. Later syncs run on each table's schedule in PostHog.`;
  }
  return `PostHog is syncing source ${sourceId}. Each table starts syncing on its own; this page follows them until every table has completed or failed.`;
}

/**
 * Renders how many tables have finished while PostHog syncs, and a summary of
 * completed and failed tables once every table has finished.
 */
function SyncProgress() {
  const sourceStatus = useAppStore((state) => state.sourceStatus);
  const polling = useAppStore((state) => state.statusPolling);
  const summary = useMemo(
    () => (sourceStatus ? summarizeSync(sourceStatus) : null),
    [sourceStatus],
  );

  if (!sourceStatus?.settled || !summary) {
    const finished = summary ? summary.completed + summary.failed : 0;
    return (
      <p role="status" aria-live="polite" className="status-text">
        {polling && "Checking PostHog every 2 seconds… "}
        {summary &&
          `${formatCount(finished)} of ${plural(summary.total, "table")} finished.`}
      </p>
    );
  }

  const tone = summary.failed > 0 ? "notice-warning" : "notice-success";
  return (
    <div role="status" aria-live="polite" className={`notice ${tone}`}>
      <p>
        Every table has completed or failed its first sync.{" "}
        {finishedSummary(summary)}
      </p>
    </div>
  );
}

function finishedSummary(summary: SyncSummary): string {
  const completed = `${formatCount(summary.completed)} of ${plural(summary.total, "table")} completed`;
  if (summary.failed === 0) return `${completed}, none failed.`;
  return `${completed}, ${formatCount(summary.failed)} failed. Each failed table shows PostHog's error below.`;
}

function StatusTable({ tables }: { tables: TableStatus[] }) {
  return (
    <div className="scroll-box scroll-box-tall">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Status</th>
            <th scope="col">Last synced</th>
            <th scope="col">Rows</th>
            <th scope="col">HogQL query</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((table) => (
            <tr key={table.warehouseTable}>
              <td>
                <span className="table-name">{table.name}</span>
                <br />
                <code>{table.warehouseTable}</code>
              </td>
              <td>
                <StatusBadge status={table.status} />
                {table.error && <p className="field-error">{table.error}</p>}
              </td>
              <td>{formatDateTime(table.lastSyncedAt)}</td>
              <td className="numeric">
                {table.rowCount === null
                  ? "not yet known"
                  : formatCount(table.rowCount)}
              </td>
              <td>
                <CopyQuery
                  query={table.hogql}
                  tableName={table.warehouseTable}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusBadge({ status }: { status: string | null }) {
  const tone =
    status === "Completed"
      ? "success"
      : status === "Failed"
        ? "error"
        : "neutral";
  return (
    <span className={`badge badge-${tone}`}>
      {status ?? "Waiting to start"}
    </span>
  );
}
