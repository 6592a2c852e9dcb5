import { useEffect } from "react";
import type { SavedConnection } from "../../../../shared/domain/connection";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField, TextField } from "../../components/fields";
import { defaultConnectionName } from "../../store/connection-form";
import { useAppStore } from "../../store/context";
import { useFormField } from "./form-hooks";

/**
 * Renders the saved connection picker, once connections are saved on this
 * machine. Picking one fills the form and reuses its stored secrets.
 */
export function SavedConnectionPicker() {
  const connections = useAppStore((state) => state.savedConnections);
  const error = useAppStore((state) => state.savedConnectionsError);
  const currentId = useAppStore((state) => state.savedConnection?.id ?? "");
  const busy = useAppStore(
    (state) => state.connectionSaving || state.testRun.status === "running",
  );
  const load = useAppStore((state) => state.loadSavedConnections);
  const open = useAppStore((state) => state.openSavedConnection);
  const startNew = useAppStore((state) => state.startNewConnection);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorAlert error={error} />;
  if (!connections || connections.length === 0) return null;

  return (
    <div className="saved-connection">
      <SelectField
        label="Saved connection"
        value={currentId}
        disabled={busy}
        hint="Fills the form with a saved connection's settings. Its stored passwords and keys are used again without being shown."
        onChange={(id) => (id === "" ? startNew() : open(id))}
      >
        <option value="">New connection</option>
        {connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {optionLabel(connection)}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** Names a saved connection, adding its host and database unless the name has them. */
function optionLabel({ settings }: SavedConnection): string {
  if (settings.name === defaultConnectionName(settings)) return settings.name;
  return `${settings.name} (${settings.host}/${settings.database})`;
}

/** Renders the connection's name, which defaults to `user@host/database`. */
export function ConnectionNameField() {
  const name = useFormField("name");
  const placeholder = useAppStore((state) => {
    const form = state.connectionForm;
    return defaultConnectionName({
      host: form.host.trim() || "host",
      database: form.database.trim() || "database",
      user: form.user.trim() || "user",
    });
  });

  return (
    <TextField
      label="Connection name"
      name="name"
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      value={name.value}
      error={name.error}
      hint="Names the connection in the saved list and on the dw-connect command line. Leave blank to use user@host/database."
      onChange={name.set}
    />
  );
}
