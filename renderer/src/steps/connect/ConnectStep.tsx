import { useRef, type FormEvent } from "react";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import { ConnectionStringField } from "./ConnectionStringField";
import { DatabaseFields } from "./DatabaseFields";
import { useFieldFocus } from "./form-hooks";
import { PostHogRouteFields } from "./PostHogRouteFields";
import {
  ConnectionNameField,
  SavedConnectionPicker,
} from "./SavedConnectionFields";
import { SshTunnelFields } from "./SshTunnelFields";
import { TlsFields } from "./TlsFields";
import { TraceView } from "./TraceView";

export function ConnectStep() {
  const saving = useAppStore((state) => state.connectionSaving);
  const testing = useAppStore((state) => state.testRun.status === "running");
  const error = useAppStore((state) => state.connectionError);
  const testConnection = useAppStore((state) => state.testConnection);
  const formRef = useRef<HTMLFormElement>(null);
  useFieldFocus(formRef);

  function submit(event: FormEvent) {
    event.preventDefault();
    void testConnection();
  }

  return (
    <StepSection
      step="connect"
      title="Connect to Postgres"
      intro="Enter how this machine reaches the database. Passwords and keys are sent to the app's encrypted store when you test, and the form then shows them as stored."
      continueHint="Test the connection successfully to continue."
    >
      <SavedConnectionPicker />
      <ConnectionStringField />
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <ConnectionNameField />
        <DatabaseFields />
        <TlsFields />
        <SshTunnelFields />
        <PostHogRouteFields />
        <div className="actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={saving || testing}
          >
            {saving ? "Saving…" : "Test connection"}
          </button>
        </div>
        <ErrorAlert error={error} />
      </form>
      <TraceView />
    </StepSection>
  );
}
