import { useShallow } from "zustand/react/shallow";
import { useAppStore } from "../store/context";
import {
  selectStepAvailability,
  selectStepCompletion,
} from "../store/selectors";
import { selectVisibleSteps } from "../store/cdc-rules";

/**
 * Renders the list of wizard steps, marking the current one and the ones
 * already done.
 */
export function StepNav() {
  const current = useAppStore((state) => state.step);
  const goTo = useAppStore((state) => state.goTo);
  const available = useAppStore(useShallow(selectStepAvailability));
  const complete = useAppStore(useShallow(selectStepCompletion));
  const steps = useAppStore(selectVisibleSteps);

  return (
    <nav className="step-nav" aria-label="Setup steps">
      <ol>
        {steps.map((step, index) => {
          const isCurrent = step.id === current;
          const done = complete[step.id] && !isCurrent;
          return (
            <li key={step.id}>
              <button
                type="button"
                className="step-nav-item"
                aria-current={isCurrent ? "step" : undefined}
                disabled={!available[step.id]}
                onClick={() => goTo(step.id)}
              >
                <span className="step-number" aria-hidden="true">
                  {done ? "✓" : index + 1}
                </span>
                <span>{step.title}</span>
                {done && <span className="visually-hidden"> (done)</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
