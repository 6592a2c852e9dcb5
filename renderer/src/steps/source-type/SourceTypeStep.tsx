import { useEffect, useId } from "react";
import type {
  SourceCatalog,
  SourceCatalogEntry,
} from "../../../../shared/domain/posthog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime } from "../../components/format";
import { StepSection } from "../../components/StepSection";
import { isSupportedSource } from "../../store/catalog-slice";
import { useAppStore } from "../../store/context";

export function SourceTypeStep() {
  const catalog = useAppStore((state) => state.catalog);
  const loading = useAppStore((state) => state.catalogLoading);
  const error = useAppStore((state) => state.catalogError);
  const loadCatalog = useAppStore((state) => state.loadCatalog);

  useEffect(() => {
    if (!catalog) void loadCatalog(false);
  }, [catalog, loadCatalog]);

  return (
    <StepSection
      step="source"
      title="Source type"
      intro="Choose the kind of database to connect. This app checks and sets up Postgres from this machine."
      continueHint="Choose Postgres to continue."
    >
      <p role="status" aria-live="polite" className="status-text">
        {loading && "Loading the source list…"}
      </p>
      <ErrorAlert error={error}>
        <button
          type="button"
          className="button"
          onClick={() => void loadCatalog(true)}
        >
          Try again
        </button>
      </ErrorAlert>
      {catalog && <CatalogOrigin catalog={catalog} />}
      {catalog && <SourceList sources={catalog.sources} />}
    </StepSection>
  );
}

function CatalogOrigin({ catalog }: { catalog: SourceCatalog }) {
  const loading = useAppStore((state) => state.catalogLoading);
  const loadCatalog = useAppStore((state) => state.loadCatalog);

  const origin = {
    posthog: `From PostHog, fetched ${formatDateTime(catalog.fetchedAt)}.`,
    cache: `From the cache, fetched from PostHog ${formatDateTime(catalog.fetchedAt)}.`,
    "built-in": "Built-in list shipped with this app.",
  }[catalog.origin];

  return (
    <div className="catalog-origin">
      <p>{origin}</p>
      {catalog.warning && (
        <p className="notice notice-warning">{catalog.warning}</p>
      )}
      <button
        type="button"
        className="button"
        disabled={loading}
        onClick={() => void loadCatalog(true)}
      >
        Refresh list
      </button>
    </div>
  );
}

function SourceList({ sources }: { sources: SourceCatalogEntry[] }) {
  const sourceType = useAppStore((state) => state.sourceType);
  const selectSourceType = useAppStore((state) => state.selectSourceType);
  const noteId = useId();
  const supported = sources.filter(isSupportedSource);
  const others = sources.filter((source) => !isSupportedSource(source));

  return (
    <fieldset className="source-list">
      <legend>Source type</legend>
      <p id={noteId} className="hint">
        Sources marked “Set up in PostHog” are connected from the Data warehouse
        page in PostHog, not from this app.
      </p>
      <ul className="source-grid">
        {[...supported, ...others].map((source) => {
          const enabled = isSupportedSource(source);
          const id = `${noteId}-${source.name}`;
          return (
            <li
              key={source.name}
              className={enabled ? "source-card" : "source-card disabled"}
            >
              <input
                type="radio"
                id={id}
                name="source-type"
                value={source.name}
                checked={sourceType === source.name}
                disabled={!enabled}
                aria-describedby={enabled ? undefined : noteId}
                onChange={() => selectSourceType(source.name)}
              />
              <label htmlFor={id}>
                <span className="source-name">{source.label}</span>
                {enabled ? (
                  source.caption && (
                    <span className="hint">{source.caption}</span>
                  )
                ) : (
                  <span className="badge">Set up in PostHog</span>
                )}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
