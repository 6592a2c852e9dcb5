import type { OperationRun } from "../store/operation";

/**
 * Renders the live region of a long operation: its latest progress message and
 * a progress bar while it runs, a Cancel button when `onCancel` is given, and a
 * note once it was cancelled.
 */
export function OperationStatus({
  run,
  label,
  onCancel,
}: {
  run: OperationRun;
  /** Operation name as a phrase, e.g. "Testing the connection". */
  label: string;
  onCancel?: () => void;
}) {
  const running = run.status === "running";
  const progress = run.progress;
  const total = progress?.total ?? null;
  const completed = progress?.completed ?? null;

  return (
    <div className="operation-status">
      <p role="status" aria-live="polite" className="status-text">
        {running && (progress?.message ?? `${label}…`)}
        {run.status === "cancelled" && `${label} was cancelled.`}
      </p>
      {running && (
        <div className="operation-controls">
          {total !== null && completed !== null ? (
            <progress aria-label={label} max={total} value={completed} />
          ) : (
            <progress aria-label={label} />
          )}
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      )}
    </div>
  );
}
