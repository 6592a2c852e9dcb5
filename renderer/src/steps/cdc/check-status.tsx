import type { CheckStatus } from "../../../../shared/domain/cdc";

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  skipped: "Skipped",
};

/** Status words for accessible names, which read better in a sentence. */
export const CHECK_STATUS_WORDS: Record<CheckStatus, string> = {
  pass: "passed",
  warn: "warning",
  fail: "failed",
  skipped: "skipped",
};

const CHECK_STATUS_ICONS: Record<CheckStatus, string> = {
  pass: "✓",
  warn: "!",
  fail: "✕",
  skipped: "–",
};

/**
 * Renders a check status as an icon and a word, so that it never depends on
 * colour alone.
 */
export function StatusMark({ status }: { status: CheckStatus }) {
  return (
    <span className={`check-mark check-${status}`}>
      <span className="check-icon" aria-hidden="true">
        {CHECK_STATUS_ICONS[status]}
      </span>
      {CHECK_STATUS_LABELS[status]}
    </span>
  );
}
