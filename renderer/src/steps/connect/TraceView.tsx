import { useEffect, useRef } from "react";
import type { TraceResult, TraceStep } from "../../../../shared/domain/trace";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDuration, LAYER_LABELS } from "../../components/format";
import { OperationStatus } from "../../components/OperationStatus";
import { useAppStore } from "../../store/context";

const STATUS_LABELS: Record<TraceStep["status"], string> = {
  passed: "Passed",
  warning: "Warning",
  failed: "Failed",
  skipped: "Skipped",
};

const STATUS_ICONS: Record<TraceStep["status"], string> = {
  passed: "✓",
  warning: "!",
  failed: "✕",
  skipped: "–",
};

/**
 * Renders the layered connection trace: each layer as it finishes, then the
 * outcome.
 */
export function TraceView() {
  const sectionRef = useRef<HTMLElement>(null);
  const run = useAppStore((state) => state.testRun);
  const running = run.status === "running";
  const cancelTest = useAppStore((state) => state.cancelTest);
  const stale = useAppStore(
    (state) =>
      state.testRun.revision !== null &&
      state.testRun.revision !== state.formRevision,
  );

  // The trace sits under a long form, so bring it into view when a test starts.
  useEffect(() => {
    if (running) sectionRef.current?.scrollIntoView({ block: "nearest" });
  }, [running]);

  if (run.status === "idle") return null;

  return (
    <section ref={sectionRef} className="trace" aria-labelledby="trace-heading">
      <h3 id="trace-heading">Connection test</h3>
      <OperationStatus
        run={run}
        label="Testing the connection"
        onCancel={() => void cancelTest()}
      />
      {run.steps.length > 0 && (
        <ol className="trace-steps">
          {run.steps.map((step) => (
            <TraceStepItem key={step.layer} step={step} />
          ))}
        </ol>
      )}
      {run.result && <TraceOutcome result={run.result} />}
      <ErrorAlert error={run.error} />
      {stale && run.status !== "running" && (
        <p className="notice">
          The form changed since this test. Test again to continue.
        </p>
      )}
    </section>
  );
}

function TraceStepItem({ step }: { step: TraceStep }) {
  return (
    <li className={`trace-step trace-${step.status}`}>
      <span className="trace-icon" aria-hidden="true">
        {STATUS_ICONS[step.status]}
      </span>
      <span className="trace-layer">{LAYER_LABELS[step.layer]}</span>
      <span className="trace-status">{STATUS_LABELS[step.status]}</span>
      <span className="trace-time">{formatDuration(step.durationMs)}</span>
      <span className="trace-summary">{step.summary}</span>
    </li>
  );
}

function TraceOutcome({ result }: { result: TraceResult }) {
  const server = result.server;

  return (
    <>
      {result.ok && (
        <p className="notice notice-success">
          The connection works.
          {server &&
            ` PostgreSQL ${server.version}, database ${server.database} as ${server.user}, ${server.ssl ? "encrypted with TLS" : "not encrypted"}.`}
        </p>
      )}
      {result.warnings.length > 0 && (
        <div className="notice notice-warning">
          <p>Warnings:</p>
          <ul>
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
