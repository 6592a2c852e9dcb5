import type {
  DoctorCheck,
  DoctorReport,
  Fix,
} from "../../../../shared/domain/cdc";
import { selectCdcInputsChanged } from "../../store/cdc-rules";
import { useAppStore } from "../../store/context";
import { StatusMark } from "./check-status";
import { CopyButton } from "../../components/CopyButton";

const COPY_NOUNS: Record<"sql" | "config", string> = {
  sql: "SQL",
  config: "setting",
};

/**
 * Renders the fixes of every failing or warning check, the DBA script and the
 * Re-check button.
 */
export function FixList({ report }: { report: DoctorReport }) {
  const problems = report.checks.filter(
    (check) => check.status === "fail" || check.status === "warn",
  );

  return (
    <section aria-labelledby="cdc-fixes-heading">
      <h3 id="cdc-fixes-heading">Fixes</h3>
      {problems.length === 0 ? (
        <p>Nothing to fix: no check failed or warned.</p>
      ) : (
        <>
          <p className="hint">
            Run these as a role allowed to make the changes, or hand them to
            your DBA. dw-connect never changes the database itself.
          </p>
          {report.fixScript !== "" && <DbaScript script={report.fixScript} />}
          <ol className="fix-list">
            {problems.map((check, index) => (
              <FixItem
                key={`${check.id}-${check.table}-${index}`}
                check={check}
              />
            ))}
          </ol>
        </>
      )}
      <RecheckButton />
    </section>
  );
}

function DbaScript({ script }: { script: string }) {
  return (
    <div className="dba-script">
      <CopyButton text={script} primary>
        Copy fixes for your DBA
      </CopyButton>
      <details>
        <summary>Show the script</summary>
        <pre className="detail-text fix-code">{script}</pre>
      </details>
    </div>
  );
}

function FixItem({ check }: { check: DoctorCheck }) {
  const subject =
    check.table === null ? check.title : `${check.title}, ${check.table}`;
  const count = check.fixes.length;

  return (
    <li className={`fix-item check-item-${check.status}`}>
      <p className="fix-heading">
        <StatusMark status={check.status} />
        <span className="check-title">{check.title}</span>
        {check.table !== null && (
          <span className="table-name">{check.table}</span>
        )}
      </p>
      <p className="check-message">{check.message}</p>
      {check.fixes.map((fix, index) => (
        <FixView
          key={`${index}-${fix.text}`}
          fix={fix}
          target={
            count > 1
              ? `${index + 1} of ${count} for ${subject}`
              : `for ${subject}`
          }
        />
      ))}
    </li>
  );
}

function FixView({
  fix,
  target,
}: {
  fix: Fix;
  /** End of the copy button's name, e.g. "for wal_level" or "2 of 2 for …". */
  target: string;
}) {
  return (
    <div className={`fix fix-${fix.kind}`}>
      {fix.kind === "console" ? (
        <p>
          <strong>Console step: </strong>
          {fix.text}
        </p>
      ) : (
        <>
          {fix.kind === "config" && <p>In postgresql.conf:</p>}
          <div className="fix-code-row">
            <pre className="fix-code">
              <code>{fix.text}</code>
            </pre>
            <CopyButton
              text={fix.text}
              label={`Copy ${COPY_NOUNS[fix.kind]} ${target}`}
            />
          </div>
        </>
      )}
      {fix.requiresRestart && (
        <p className="restart-note">
          <span aria-hidden="true">⟳ </span>
          <strong>Needs a server restart:</strong> the change takes effect only
          when the server starts again, and a reload is not enough.
        </p>
      )}
    </div>
  );
}

function recheckHint(running: boolean, changed: boolean): string {
  if (running) return "Checking CDC readiness…";
  if (changed) {
    return "Repeats the last check as it ran. The settings or tables changed since then: use Check readiness to check with them.";
  }
  return "Runs the check again with the same settings and tables.";
}

function RecheckButton() {
  const running = useAppStore((state) => state.cdcRun.status === "running");
  const recheck = useAppStore((state) => state.recheckCdc);
  const changed = useAppStore(selectCdcInputsChanged);

  return (
    <div className="actions">
      <button
        type="button"
        className="button"
        disabled={running}
        aria-describedby="cdc-recheck-hint"
        onClick={() => void recheck()}
      >
        Re-check
      </button>
      <p id="cdc-recheck-hint" className="hint">
        {recheckHint(running, changed)}
      </p>
    </div>
  );
}
