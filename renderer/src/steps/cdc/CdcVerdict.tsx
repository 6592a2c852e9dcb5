import type { DoctorReport } from "../../../../shared/domain/cdc";
import { Facts } from "../../components/Facts";
import { formatCount, formatDuration, plural } from "../../components/format";

function countStatus(report: DoctorReport, status: "fail" | "warn"): number {
  return report.checks.filter((check) => check.status === status).length;
}

/**
 * Renders the overall verdict with its counts, and the detected provider with
 * the evidence it was detected from.
 */
export function CdcVerdict({ report }: { report: DoctorReport }) {
  const ready = report.overall === "ready";
  const failed = countStatus(report, "fail");
  const warned = countStatus(report, "warn");
  const counts = [
    failed > 0 ? `${plural(failed, "check")} failed` : null,
    warned > 0 ? plural(warned, "warning") : null,
  ].filter((part) => part !== null);

  return (
    <div className="panel cdc-verdict">
      <p
        role="status"
        className={
          ready ? "verdict verdict-ready" : "verdict verdict-not-ready"
        }
      >
        <span className="verdict-icon" aria-hidden="true">
          {ready ? "✓" : "✕"}
        </span>
        {ready ? "Ready" : "Not ready"}
        {counts.length > 0 && (
          <span className="verdict-counts">{counts.join(", ")}</span>
        )}
      </p>
      <Facts
        items={[
          ["Provider", report.provider.name],
          ["Detected from", report.provider.evidence],
          [
            "Server",
            report.serverVersion === null
              ? "version unknown"
              : `PostgreSQL ${report.serverVersion}`,
          ],
          ["Tables checked", formatCount(report.tables.length)],
          [
            "Catalog queries",
            `${report.queryCount} in ${formatDuration(report.durationMs)}`,
          ],
        ]}
      />
    </div>
  );
}
