import { useEffect } from "react";
import type {
  PlannedRequest,
  SetupPlan,
} from "../../../../shared/domain/posthog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { plural } from "../../components/format";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import { SYNC_TYPE_LABELS } from "../../store/table-rules";
import type { PostgresSyncType } from "../../../../shared/domain/sync";

export function ReviewStep() {
  const plan = useAppStore((state) => state.plan);
  const loading = useAppStore((state) => state.planLoading);
  const error = useAppStore((state) => state.planError);
  const loadPlan = useAppStore((state) => state.loadPlan);
  const shouldLoad = plan === null && !loading && error === null;

  useEffect(() => {
    if (shouldLoad) void loadPlan();
  }, [shouldLoad, loadPlan]);

  return (
    <StepSection
      step="review"
      title="Review"
      intro="These are the exact requests the app will send to PostHog, with secrets masked. Nothing has been sent yet."
      continueHint="The plan has to load before you continue."
    >
      <p role="status" aria-live="polite" className="status-text">
        {loading && "Planning the requests…"}
      </p>
      <ErrorAlert error={error}>
        <button
          type="button"
          className="button"
          onClick={() => void loadPlan()}
        >
          Try again
        </button>
      </ErrorAlert>
      {plan && <PlanDetails plan={plan} />}
    </StepSection>
  );
}

function PlanDetails({ plan }: { plan: SetupPlan }) {
  return (
    <>
      {plan.warnings.length > 0 && (
        <div className="notice notice-warning">
          <p>Warnings:</p>
          <ul>
            {plan.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <PlannedTables plan={plan} />
      <section aria-labelledby="planned-requests-heading">
        <h3 id="planned-requests-heading">Requests to PostHog</h3>
        <ol className="request-list">
          {plan.requests.map((request, index) => (
            <PlannedRequestItem key={index} request={request} />
          ))}
        </ol>
      </section>
    </>
  );
}

function PlannedTables({ plan }: { plan: SetupPlan }) {
  return (
    <section aria-labelledby="planned-tables-heading">
      <h3 id="planned-tables-heading">What will sync</h3>
      <p>
        {plural(plan.tables.length, "table")} with the prefix{" "}
        {plan.prefix === "" ? "(none)" : <code>{plan.prefix}</code>}.
      </p>
      <div className="scroll-box">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Source table</th>
              <th scope="col">Warehouse table</th>
              <th scope="col">Sync type</th>
              <th scope="col">Incremental field</th>
            </tr>
          </thead>
          <tbody>
            {plan.tables.map((table) => (
              <tr key={table.sourceName}>
                <td>{table.sourceName}</td>
                <td>
                  <code>{table.warehouseTable}</code>
                </td>
                <td>{syncTypeLabel(table.syncType)}</td>
                <td>{table.incrementalField ?? "not used"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PlannedRequestItem({ request }: { request: PlannedRequest }) {
  return (
    <li className="planned-request">
      <p className="request-line">
        <code>
          {request.method} {request.path}
        </code>
        {request.carriesSecrets && (
          <span className="badge">Carries secrets (masked here)</span>
        )}
      </p>
      <p>{request.purpose}</p>
      {request.body !== undefined && request.body !== null && (
        <pre
          className="request-body"
          tabIndex={0}
          aria-label={`Body of ${request.method} ${request.path}`}
        >
          {JSON.stringify(request.body, null, 2)}
        </pre>
      )}
    </li>
  );
}

function syncTypeLabel(syncType: string): string {
  return syncType in SYNC_TYPE_LABELS
    ? SYNC_TYPE_LABELS[syncType as PostgresSyncType]
    : syncType;
}
