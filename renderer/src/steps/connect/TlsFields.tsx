import { useId, useState, type ChangeEvent } from "react";
import { TLS_MODES, type TlsMode } from "../../../../shared/domain/connection";
import { SelectField } from "../../components/fields";
import { usesCaCertificate } from "../../store/connection-form";
import { useAppStore } from "../../store/context";
import { useFormField } from "./form-hooks";
import { readTextFile } from "./read-file";

const TLS_MODE_LABELS: Record<TlsMode, string> = {
  disable: "disable: no encryption",
  require: "require: encrypted, certificate not checked",
  "verify-ca": "verify-ca: encrypted, certificate signed by a trusted CA",
  "verify-full": "verify-full: verify-ca, and the host name must match",
};

export function TlsFields() {
  const mode = useFormField("tlsMode");

  return (
    <fieldset className="form-section">
      <legend>TLS</legend>
      <SelectField
        label="TLS mode"
        value={mode.value}
        hint="The app never falls back to an unencrypted connection when a TLS mode other than disable is chosen."
        onChange={(value) => mode.set(value as TlsMode)}
      >
        {TLS_MODES.map((item) => (
          <option key={item} value={item}>
            {TLS_MODE_LABELS[item]}
          </option>
        ))}
      </SelectField>
      {usesCaCertificate(mode.value) && <CaCertificatePicker />}
    </fieldset>
  );
}

function CaCertificatePicker() {
  const fileName = useAppStore((state) => state.connectionForm.caFileName);
  const loadCaCertificate = useAppStore((state) => state.loadCaCertificate);
  const clearCaCertificate = useAppStore((state) => state.clearCaCertificate);
  const [readError, setReadError] = useState<string | null>(null);
  const id = useId();

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;

    try {
      loadCaCertificate(file.name, await readTextFile(file));
      setReadError(null);
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>CA certificate</label>
      <input
        id={id}
        type="file"
        accept=".pem,.crt,.cer,.ca-bundle"
        aria-describedby={`${id}-hint`}
        onChange={(event) => void choose(event)}
      />
      <p id={`${id}-hint`} className="hint">
        {fileName
          ? `Loaded ${fileName}.`
          : "A PEM file. Without one, the system's trusted certificate authorities are used."}
      </p>
      {fileName && (
        <button
          type="button"
          className="button button-small"
          onClick={clearCaCertificate}
        >
          Remove {fileName}
        </button>
      )}
      {readError && (
        <p role="alert" className="field-error">
          {readError}
        </p>
      )}
    </div>
  );
}
