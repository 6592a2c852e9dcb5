import { useEffect, useId, useRef, type ReactNode } from "react";
import { useAppStore } from "../store/context";
import { selectStepCompletion } from "../store/selectors";
import { selectVisibleSteps } from "../store/cdc-rules";
import type { StepId } from "../store/steps";

/**
 * Renders one wizard step: its heading (focused when the step opens, so screen
 * readers announce it), its content, and Back and Continue buttons.
 */
export function StepSection({
  step,
  title,
  intro,
  continueHint,
  children,
}: {
  step: StepId;
  title: string;
  intro?: ReactNode;
  /** Hint shown while Continue is disabled, naming what is missing. */
  continueHint?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="step" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {intro && <p className="step-intro">{intro}</p>}
      {children}
      <StepFooter step={step} continueHint={continueHint} />
    </section>
  );
}

function StepFooter({
  step,
  continueHint,
}: {
  step: StepId;
  continueHint?: string;
}) {
  const complete = useAppStore((state) => selectStepCompletion(state)[step]);
  const locked = useAppStore((state) => state.createdSource !== null);
  const goTo = useAppStore((state) => state.goTo);
  const steps = useAppStore(selectVisibleSteps);
  const hintId = useId();

  const index = steps.findIndex((item) => item.id === step);
  const previous = locked ? undefined : steps[index - 1];
  const next = steps[index + 1];
  if (!previous && !next) return null;

  return (
    <div className="step-footer">
      {previous && (
        <button
          type="button"
          className="button"
          onClick={() => goTo(previous.id)}
        >
          Back
        </button>
      )}
      {next && (
        <>
          <button
            type="button"
            className="button button-primary"
            disabled={!complete}
            aria-describedby={!complete && continueHint ? hintId : undefined}
            onClick={() => goTo(next.id)}
          >
            Continue
          </button>
          {!complete && continueHint && (
            <p id={hintId} className="hint">
              {continueHint}
            </p>
          )}
        </>
      )}
    </div>
  );
}
