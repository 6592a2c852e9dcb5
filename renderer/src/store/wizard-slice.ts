import { initialCdcState } from "./cdc-slice";
import { initialConnectionState } from "./connection-slice";
import { initialCreateState } from "./create-slice";
import { initialDiscoveryState } from "./discovery-slice";
import { initialHostKeyState } from "./host-key-slice";
import { initialPrefixState } from "./prefix-slice";
import { initialReviewState } from "./review-slice";
import { initialSelectionState } from "./selection-slice";
import { selectStepAvailability } from "./selectors";
import { initialStatusState } from "./status-slice";
import { initialTestState } from "./test-slice";
import type { StepId } from "./steps";
import type { SliceCreator } from "./types";

export interface WizardSlice {
  step: StepId;
  /**
   * Opens a step when every step before it is complete, and otherwise does
   * nothing.
   */
  goTo: (step: StepId) => void;
  /**
   * Clears everything after the PostHog sign-in and returns to the source type
   * step.
   */
  startOver: () => void;
}

export const createWizardSlice: SliceCreator<WizardSlice> = (set, get) => ({
  step: "posthog",

  goTo(step) {
    if (!selectStepAvailability(get())[step]) return;
    set({ step });
  },

  startOver() {
    get().stopStatusPolling();
    set({
      ...initialConnectionState,
      ...initialTestState,
      ...initialHostKeyState,
      ...initialDiscoveryState,
      ...initialSelectionState,
      ...initialCdcState,
      ...initialPrefixState,
      ...initialReviewState,
      ...initialCreateState,
      ...initialStatusState,
      step: "source",
    });
  },
});
