import { useDeferredValue, useEffect, useId } from "react";
import {
  suggestPrefix,
  warehouseTableName,
} from "../../../../shared/posthog/naming";
import { ErrorAlert } from "../../components/ErrorAlert";
import { plural } from "../../components/format";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import {
  selectFirstSelectedName,
  selectPrefixProblem,
} from "../../store/selectors";
import { NamePreview } from "./NamePreview";

export function PrefixStep() {
  const prefix = useAppStore((state) => state.prefix);
  const deferredPrefix = useDeferredValue(prefix);

  return (
    <StepSection
      step="prefix"
      title="Table prefix"
      intro="PostHog names each warehouse table {prefix}{source type}_{table}, in lowercase. A prefix keeps this source's tables apart from other sources of the same type."
      continueHint="Choose a valid prefix that no other Postgres source in the project uses."
    >
      <PrefixInput />
      <ClashCheck />
      <NamePreview prefix={deferredPrefix} />
    </StepSection>
  );
}

function PrefixInput() {
  const prefix = useAppStore((state) => state.prefix);
  const problem = useAppStore(selectPrefixProblem);
  const setPrefix = useAppStore((state) => state.setPrefix);
  const sourceType = useAppStore((state) => state.sourceType ?? "Postgres");
  const example = useAppStore(selectFirstSelectedName) ?? "orders";
  const id = useId();
  const suggestion = suggestPrefix(prefix);

  return (
    <div className="field">
      <label htmlFor={id}>Prefix</label>
      <input
        id={id}
        className="input-prefix"
        value={prefix}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== null || undefined}
        aria-describedby={`${id}-hint ${id}-problem`}
        onChange={(event) => setPrefix(event.target.value)}
      />
      <p id={`${id}-hint`} className="hint">
        Letters, digits and underscores, starting with a letter or underscore.
        Leave blank for no prefix.
      </p>
      <p id={`${id}-problem`} role="alert" className="field-error">
        {problem}
      </p>
      {suggestion && problem === null && (
        <p className="notice">
          Without a trailing underscore the prefix runs into the source type:{" "}
          <code>{warehouseTableName(prefix, sourceType, example)}</code> instead
          of <code>{warehouseTableName(suggestion, sourceType, example)}</code>.{" "}
          <button
            type="button"
            className="button button-small"
            onClick={() => setPrefix(suggestion)}
          >
            Use {suggestion}
          </button>
        </p>
      )}
    </div>
  );
}

function ClashCheck() {
  const sources = useAppStore((state) => state.existingSources);
  const loading = useAppStore((state) => state.existingSourcesLoading);
  const error = useAppStore((state) => state.existingSourcesError);
  const load = useAppStore((state) => state.loadExistingSources);
  const shouldLoad = sources === null && !loading && error === null;

  useEffect(() => {
    if (shouldLoad) void load();
  }, [shouldLoad, load]);

  return (
    <div className="clash-check">
      <p role="status" aria-live="polite" className="status-text">
        {loading && "Checking the project's existing sources…"}
        {sources &&
          `Checked against ${plural(sources.length, "existing source")} in this project.`}
      </p>
      <ErrorAlert error={error}>
        <p>
          PostHog still rejects a clashing prefix when the source is created.
        </p>
        <button type="button" className="button" onClick={() => void load()}>
          Check again
        </button>
      </ErrorAlert>
    </div>
  );
}
