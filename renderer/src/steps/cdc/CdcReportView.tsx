import type { DoctorReport } from "../../../../shared/domain/cdc";
import { useAppStore } from "../../store/context";
import { CdcVerdict } from "./CdcVerdict";
import { FixList } from "./FixList";
import { PostHogComparison } from "./PostHogComparison";
import { ServerChecks } from "./ServerChecks";
import { TableMatrix } from "./TableMatrix";

/**
 * Renders a doctor report: the verdict, the readiness matrix, the fixes and
 * PostHog's verdict.
 */
export function CdcReportView({ report }: { report: DoctorReport }) {
  const mode = useAppStore((state) => state.cdcRequest?.mode ?? "posthog");
  const serverChecks = report.checks.filter((check) => check.table === null);

  return (
    <div className="cdc-report">
      <CdcVerdict report={report} />
      <ServerChecks checks={serverChecks} />
      <TableMatrix report={report} mode={mode} />
      <FixList report={report} />
      <PostHogComparison comparison={report.posthog} />
    </div>
  );
}
