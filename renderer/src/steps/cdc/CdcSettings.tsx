import { useId } from "react";
import type { CdcManagementMode } from "../../../../shared/domain/cdc";
import {
  RadioGroup,
  TextField,
  type RadioOption,
} from "../../components/fields";
import {
  DEFAULT_PUBLICATION,
  selectCdcTargetTables,
} from "../../store/cdc-rules";
import { useAppStore } from "../../store/context";

/** PostgreSQL's limit on identifier length, in bytes. */
const MAX_NAME_LENGTH = 63;

/** Replication slot names PostgreSQL accepts. */
const SLOT_NAME = /^[a-z0-9_]{1,63}$/;

const MODE_OPTIONS: RadioOption<CdcManagementMode>[] = [
  {
    value: "posthog",
    label: "PostHog-managed",
    hint: "PostHog creates the publication and adds each CDC table to it, so the login role must own those tables.",
  },
  {
    value: "self_managed",
    label: "Self-managed",
    hint: "Your DBA creates the publication for the CDC tables, and PostHog only reads from it.",
  },
];

/** Returns why the slot name is invalid, or null when it is blank or valid. */
export function slotNameProblem(slotName: string): string | null {
  const name = slotName.trim();
  if (name === "" || SLOT_NAME.test(name)) return null;
  return "Use 1 to 63 lowercase letters, digits or underscores.";
}

/** Renders the doctor's inputs and the button that runs it. */
export function CdcSettings() {
  const inputs = useAppStore((state) => state.cdcInputs);
  const running = useAppStore((state) => state.cdcRun.status === "running");
  const setInput = useAppStore((state) => state.setCdcInput);
  const runDoctor = useAppStore((state) => state.runCdcDoctor);
  const hasTargets = useAppStore(
    (state) => selectCdcTargetTables(state).length > 0,
  );
  const slotProblem = slotNameProblem(inputs.slotName);
  const canRun = !running && hasTargets && slotProblem === null;

  return (
    <form
      className="form cdc-settings"
      aria-label="CDC settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (canRun) void runDoctor();
      }}
    >
      <RadioGroup
        legend="Publication management"
        name="cdc-mode"
        value={inputs.mode}
        options={MODE_OPTIONS}
        onChange={(mode) => setInput("mode", mode)}
      />
      {inputs.mode === "self_managed" && (
        <TextField
          label="Publication name"
          hint={`The publication your DBA created. Blank means ${DEFAULT_PUBLICATION}.`}
          value={inputs.publicationName}
          maxLength={MAX_NAME_LENGTH}
          spellCheck={false}
          autoComplete="off"
          onChange={(value) => setInput("publicationName", value)}
        />
      )}
      <TextField
        label="Replication slot name (optional)"
        hint="Leave blank to let PostHog name the slot after the source."
        error={slotProblem}
        value={inputs.slotName}
        maxLength={MAX_NAME_LENGTH}
        spellCheck={false}
        autoComplete="off"
        onChange={(value) => setInput("slotName", value)}
      />
      <ComparePostHogField />
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!canRun}
        >
          Check readiness
        </button>
      </div>
    </form>
  );
}

function ComparePostHogField() {
  const checked = useAppStore((state) => state.cdcInputs.comparePostHog);
  const setInput = useAppStore((state) => state.setCdcInput);
  const id = useId();

  return (
    <div className="field">
      <div className="checkbox-field">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setInput("comparePostHog", event.target.checked)}
        />
        <label htmlFor={id}>Also ask PostHog's own check</label>
      </div>
      <p id={`${id}-hint`} className="hint">
        Sends the connection details, password included, to PostHog so that its
        servers can run their CDC check and the two verdicts can be compared.
      </p>
    </div>
  );
}
