import { useId, useRef, useState, type ChangeEvent } from "react";
import type { SshAuthMethod } from "../../../../shared/domain/connection";
import { RadioGroup, TextField } from "../../components/fields";
import { useAppStore } from "../../store/context";
import { useFormField } from "./form-hooks";
import { readTextFile } from "./read-file";
import { SecretField } from "./SecretField";

const AUTH_OPTIONS = [
  { value: "password", label: "Password" },
  { value: "private-key", label: "Private key" },
  {
    value: "agent",
    label: "SSH agent",
    hint: "Uses the keys loaded in your running SSH agent.",
  },
] satisfies { value: SshAuthMethod; label: string; hint?: string }[];

export function SshTunnelFields() {
  const enabled = useFormField("sshEnabled");
  const checkboxId = useId();

  return (
    <fieldset className="form-section">
      <legend>SSH tunnel</legend>
      <div className="checkbox-field">
        <input
          id={checkboxId}
          type="checkbox"
          checked={enabled.value}
          onChange={(event) => enabled.set(event.target.checked)}
        />
        <label htmlFor={checkboxId}>Connect through an SSH bastion</label>
      </div>
      {enabled.value && <BastionFields />}
    </fieldset>
  );
}

function BastionFields() {
  const host = useFormField("sshHost");
  const port = useFormField("sshPort");
  const user = useFormField("sshUser");
  const auth = useFormField("sshAuth");

  return (
    <div className="nested-fields">
      <div className="field-row">
        <TextField
          label="Bastion host"
          placeholder="bastion.example.com"
          autoComplete="off"
          spellCheck={false}
          value={host.value}
          error={host.error}
          onChange={host.set}
        />
        <TextField
          label="SSH port"
          inputMode="numeric"
          className="input-short"
          value={port.value}
          error={port.error}
          onChange={port.set}
        />
      </div>
      <TextField
        label="SSH user"
        autoComplete="off"
        spellCheck={false}
        value={user.value}
        error={user.error}
        onChange={user.set}
      />
      <RadioGroup
        legend="SSH authentication"
        name="ssh-auth"
        value={auth.value}
        options={AUTH_OPTIONS}
        onChange={auth.set}
      />
      {auth.value === "password" && (
        <SecretField name="sshPassword" label="SSH password" />
      )}
      {auth.value === "private-key" && <PrivateKeyFields />}
    </div>
  );
}

function PrivateKeyFields() {
  const setSecret = useAppStore((state) => state.setSecret);
  const fileInput = useRef<HTMLInputElement>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  async function load(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;

    try {
      setSecret("sshPrivateKey", await readTextFile(file));
      setLoaded(file.name);
      setReadError(null);
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <>
      <SecretField
        name="sshPrivateKey"
        label="SSH private key"
        multiline
        hint="OpenSSH or PEM format, starting with -----BEGIN."
      />
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => fileInput.current?.click()}
        >
          Load from file…
        </button>
        <input
          ref={fileInput}
          type="file"
          className="hidden-file-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => void load(event)}
        />
        <span role="status" className="hint">
          {loaded && `Loaded ${loaded}.`}
        </span>
      </div>
      {readError && (
        <p role="alert" className="field-error">
          {readError}
        </p>
      )}
      <SecretField
        name="sshPassphrase"
        label="Key passphrase"
        hint="Only for an encrypted key."
      />
    </>
  );
}
