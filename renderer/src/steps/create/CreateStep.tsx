import { ErrorAlert } from "../../components/ErrorAlert";
import { plural } from "../../components/format";
import { OperationStatus } from "../../components/OperationStatus";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";

export function CreateStep() {
  const plan = useAppStore((state) => state.plan);
  const run = useAppStore((state) => state.createRun);
  const created = useAppStore((state) => state.createdSource);
  const host = useAppStore((state) => state.account?.host ?? "PostHog");
  const createSource = useAppStore((state) => state.createSource);
  const cancelCreate = useAppStore((state) => state.cancelCreate);
  const failed = run.status === "failed" || run.status === "cancelled";

  return (
    <StepSection
      step="create"
      title="Create source"
      intro="Secrets go once to PostHog's encrypted credential store, and the source is created with a reference to them."
      continueHint="Create the source to continue."
    >
      {plan && !created && run.status === "idle" && (
        <>
          <p>
            Ready to send {plural(plan.requests.length, "request")} to {host}{" "}
            for {plural(plan.tables.length, "table")}.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void createSource()}
            >
              Create source
            </button>
          </div>
        </>
      )}
      <OperationStatus
        run={run}
        label="Creating the source"
        onCancel={() => void cancelCreate()}
      />
      <ErrorAlert error={run.error} />
      {failed && !created && (
        <div className="actions">
          <p className="hint">
            Retrying reuses a source that an earlier attempt created.
          </p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void createSource()}
          >
            Retry
          </button>
        </div>
      )}
      {created && (
        <p className="notice notice-success">
          {created.adopted
            ? `Source ${created.sourceId} from an earlier attempt was found and reused.`
            : `Source ${created.sourceId} was created.`}
        </p>
      )}
    </StepSection>
  );
}
