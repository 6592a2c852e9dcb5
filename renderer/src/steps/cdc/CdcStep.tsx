import { useShallow } from "zustand/react/shallow";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatCount, plural } from "../../components/format";
import { OperationStatus } from "../../components/OperationStatus";
import { StepSection } from "../../components/StepSection";
import {
  selectCdcTableNames,
  selectCdcTargetTables,
  uncheckedCdcTables,
} from "../../store/cdc-rules";
import { useAppStore } from "../../store/context";
import { CdcReportView } from "./CdcReportView";
import { CdcSettings } from "./CdcSettings";

/** Table names listed in full before the rest are counted. */
const LISTED_NAMES = 5;

export function CdcStep() {
  const run = useAppStore((state) => state.cdcRun);
  const report = useAppStore((state) => state.cdcReport);
  const cancel = useAppStore((state) => state.cancelCdcDoctor);
  const recheck = useAppStore((state) => state.recheckCdc);

  return (
    <StepSection
      step="cdc"
      title="CDC readiness"
      intro="Checks every prerequisite of Postgres change data capture (CDC) at once, on the server and for each table, and gives the exact fix for each problem. The check only reads: it never changes the database."
      continueHint="Every table set to CDC has to pass the check. Run it, apply the fixes and re-check, or choose another sync type for the failing tables."
    >
      <CdcTargets />
      <CdcSettings />
      <OperationStatus
        run={run}
        label="Checking CDC readiness"
        onCancel={() => void cancel()}
      />
      <ErrorAlert error={run.error}>
        <button type="button" className="button" onClick={() => void recheck()}>
          Try again
        </button>
      </ErrorAlert>
      <UncheckedNotice />
      {report && <CdcReportView report={report} />}
    </StepSection>
  );
}

function CdcTargets() {
  const targets = useAppStore(selectCdcTargetTables);
  const cdcCount = useAppStore((state) => selectCdcTableNames(state).length);

  if (targets.length === 0) {
    return (
      <p className="notice">
        Select tables in the previous step to check them for CDC.
      </p>
    );
  }
  const scope =
    cdcCount > 0
      ? `the ${plural(targets.length, "table")} set to CDC`
      : `all ${plural(targets.length, "selected table")}, because none is set to CDC yet`;
  return (
    <p className="cdc-targets">
      Checks {scope}: <span className="table-name">{listNames(targets)}</span>
    </p>
  );
}

function listNames(names: string[]): string {
  const listed = names.slice(0, LISTED_NAMES).join(", ");
  const rest = names.length - LISTED_NAMES;
  return rest > 0 ? `${listed} and ${formatCount(rest)} more` : listed;
}

function UncheckedNotice() {
  const report = useAppStore((state) => state.cdcReport);
  const unchecked = useAppStore(useShallow(uncheckedCdcTables));
  if (!report || unchecked.length === 0) return null;

  return (
    <p className="notice notice-warning">
      The last check did not include {listNames(unchecked)}. Check readiness
      again to include {unchecked.length === 1 ? "it" : "them"}.
    </p>
  );
}
