import { useEffect, useRef } from "react";
import type { TraceResult, TraceStep } from "../../../../shared/domain/trace";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDuration, LAYER_LABELS } from "../../components/format";
import { OperationStatus } from "../../components/OperationStatus";
import { useAppStore } from "../../store/context";
import {
  selectHostKeyDecision,
  type HostKeyDecision,
} from "../../store/selectors";

/** Display of a trace step: its style, status word, icon and summary. */
interface StepView {
  tone: TraceStep["status"] | "waiting";
  label: string;
  icon: string;
  summary: string;
}

const STATUS_VIEWS: Record<TraceStep["status"], Omit<StepView, "summary">> = {
  passed: { tone: "passed", label: "Passed", icon: "✓" },
  warning: { tone: "warning", label: "Warning", icon: "!" },
  failed: { tone: "failed", label: "Failed", icon: "✕" },
  skipped: { tone: "skipped", label: "Skipped", icon: "–" },
};

/**
 * Returns the display of a step. A test that stopped at an unknown host key
 * has not failed but waits for the user's decision, so that step and the
 * skipped layers after it show the wait.
 */
function stepView(step: TraceStep, decision: HostKeyDecision | null): StepView {
  const view = { ...STATUS_VIEWS[step.status], summary: step.summary };
  if (decision === null) return view;

  if (step.error?.kind === "ssh-host-key-unknown") {
    return decision === "waiting"
      ? {
          tone: "waiting",
          label: "Waiting",
          icon: "…",
          summary: "Waiting for you to trust the bastion's host key.",
        }
      : {
          tone: "warning",
          label: "Not trusted",
          icon: "!",
          summary: "Host key not trusted, so no credentials were sent.",
        };
  }
  if (step.status === "skipped") {
    return { ...view, summary: "Runs once the bastion's host key is trusted." };
  }
  return view;
}

/**
 * Renders the layered connection trace: each layer as it finishes, then the
 * outcome.
 */
export function TraceView() {
  const sectionRef = useRef<HTMLElement>(null);
  const run = useAppStore((state) => state.testRun);
  const running = run.status === "running";
  const cancelTest = useAppStore((state) => state.cancelTest);
  const decision = useAppStore(selectHostKeyDecision);
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
            <TraceStepItem
              key={step.layer}
              view={stepView(step, decision)}
              layer={step.layer}
              durationMs={step.durationMs}
            />
          ))}
        </ol>
      )}
      {run.result && <TraceOutcome result={run.result} />}
      {decision ? (
        <HostKeyDecisionNotice decision={decision} />
      ) : (
        <ErrorAlert error={run.error} />
      )}
      {stale && run.status !== "running" && (
        <p className="notice">
          The form changed since this test. Test again to continue.
        </p>
      )}
    </section>
  );
}

function TraceStepItem({
  view,
  layer,
  durationMs,
}: {
  view: StepView;
  layer: TraceStep["layer"];
  durationMs: number;
}) {
  return (
    <li className={`trace-step trace-${view.tone}`}>
      <span className="trace-icon" aria-hidden="true">
        {view.icon}
      </span>
      <span className="trace-layer">{LAYER_LABELS[layer]}</span>
      <span className="trace-status">{view.label}</span>
      <span className="trace-time">{formatDuration(durationMs)}</span>
      <span className="trace-summary">{view.summary}</span>
    </li>
  );
}

/**
 * Explains, in place of an error, a test stopped at an unknown host key: while
 * the dialog is open, and after it was closed, with a button that reopens it.
 */
function HostKeyDecisionNotice({ decision }: { decision: HostKeyDecision }) {
  const error = useAppStore((state) => state.testRun.error);
  const promptForHostKey = useAppStore((state) => state.promptForHostKey);
  const bastion = error?.hostKey
    ? `${error.hostKey.host}:${error.hostKey.port}`
    : "the bastion";

  if (decision === "waiting") {
    return (
      <p className="notice">
        The test is waiting for you to trust the host key of {bastion}. No
        credentials were sent yet.
      </p>
    );
  }

  return (
    <div className="notice notice-warning">
      <p>
        Host key not trusted. The test stopped before any credentials were sent
        to {bastion}.
      </p>
      <div className="alert-actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (error) promptForHostKey(error, "test");
          }}
        >
          Review host key…
        </button>
      </div>
    </div>
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
