import { useId, useState } from "react";
import { TLS_MODES, type TlsMode } from "../../../../shared/domain/connection";
import { FileLoadButton } from "../../components/FileLoadButton";
import { SelectField } from "../../components/fields";
import { usesCaCertificate } from "../../store/connection-form";
import { useAppStore } from "../../store/context";
import { useFormField } from "./form-hooks";

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
        name="tlsMode"
        value={mode.value}
        error={mode.error}
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

/**
 * Renders the CA certificate picker: a Load CA file… button, the loaded file's
 * name and a Remove button. An error naming the CA certificate shows under it.
 */
function CaCertificatePicker() {
  const fileName = useAppStore((state) => state.connectionForm.caFileName);
  const fieldError = useAppStore(
    (state) => state.fieldErrors.caCertificate ?? null,
  );
  const loadCaCertificate = useAppStore((state) => state.loadCaCertificate);
  const clearCaCertificate = useAppStore((state) => state.clearCaCertificate);
  const [readError, setReadError] = useState<string | null>(null);
  const id = useId();
  const error = readError ?? fieldError;
  const describedBy = error ? `${id}-hint ${id}-error` : `${id}-hint`;

  function load(name: string, pem: string) {
    loadCaCertificate(name, pem);
    setReadError(null);
  }

  return (
    <div className="field">
      <p className="field-label">CA certificate</p>
      <div className="file-picker">
        <FileLoadButton
          label="Load CA file…"
          inputLabel="CA certificate"
          name="caCertificate"
          accept=".pem,.crt,.cer,.ca-bundle"
          describedBy={describedBy}
          onLoad={load}
          onError={setReadError}
        />
        <span role="status" className="file-name">
          {fileName && `Loaded ${fileName}.`}
        </span>
        {fileName && (
          <button
            type="button"
            className="button button-small"
            aria-label={`Remove ${fileName}`}
            onClick={clearCaCertificate}
          >
            Remove
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="hint">
        A PEM file of the certificate authority that signed the server's
        certificate. Without one, the system's trusted certificate authorities
        are used.
      </p>
      {error && (
        <p
          id={`${id}-error`}
          role={readError ? "alert" : undefined}
          className="field-error"
        >
          {error}
        </p>
      )}
    </div>
  );
}
