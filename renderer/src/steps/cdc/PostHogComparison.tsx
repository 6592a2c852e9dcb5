import type { DoctorReport } from "../../../../shared/domain/cdc";

/**
 * Renders PostHog's own verdict and each point where it disagrees with the
 * doctor, or why PostHog was not asked.
 */
export function PostHogComparison({
  comparison,
}: {
  comparison: DoctorReport["posthog"];
}) {
  return (
    <section aria-labelledby="cdc-posthog-heading">
      <h3 id="cdc-posthog-heading">PostHog's own check</h3>
      {comparison.ran ? (
        <RanComparison comparison={comparison} />
      ) : (
        <p className="status-text">
          Not run: {comparison.skippedReason ?? "no reason was given."}
        </p>
      )}
    </section>
  );
}

function RanComparison({
  comparison,
}: {
  comparison: DoctorReport["posthog"];
}) {
  const verdict =
    comparison.valid === true
      ? "PostHog's check passed."
      : "PostHog's check failed.";

  return (
    <>
      <p>{verdict}</p>
      {comparison.errors.length > 0 && (
        <>
          <p>PostHog reported:</p>
          <ul className="posthog-errors">
            {comparison.errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </>
      )}
      {comparison.disagreements.length === 0 ? (
        <p className="notice notice-success">
          PostHog and this check reach the same verdict.
        </p>
      ) : (
        <div className="notice notice-warning">
          <p>Where PostHog and this check disagree:</p>
          <ul>
            {comparison.disagreements.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
