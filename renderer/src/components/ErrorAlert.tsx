import type { ReactNode } from "react";
import type { AppErrorShape } from "../../../shared/domain/errors";
import { LAYER_LABELS } from "./format";

/**
 * Shows an error as its plain message and fix, announced to screen readers,
 * with the code and the driver's own text in a collapsed details section.
 */
export function ErrorAlert({
  error,
  children,
}: {
  error: AppErrorShape | null;
  /** Actions such as a Retry button, shown under the message. */
  children?: ReactNode;
}) {
  if (!error) return null;

  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-message">
        {error.layer && (
          <strong>Failed at {LAYER_LABELS[error.layer]}: </strong>
        )}
        {error.message}
      </p>
      {error.fix && <p className="alert-fix">{error.fix}</p>}
      <details className="alert-details">
        <summary>Technical details</summary>
        <p>
          Code: <code>{error.code}</code>
        </p>
        {error.detail && <pre className="detail-text">{error.detail}</pre>}
      </details>
      {children && <div className="alert-actions">{children}</div>}
    </div>
  );
}
