import { useId } from "react";
import type { SshAuthMethod } from "../../../../shared/domain/connection";
import { RadioGroup, TextField } from "../../components/fields";
import { useFormField } from "./form-hooks";
import { PrivateKeyFields } from "./PrivateKeyFields";
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
          name="sshHost"
          placeholder="bastion.example.com"
          autoComplete="off"
          spellCheck={false}
          value={host.value}
          error={host.error}
          onChange={host.set}
        />
        <TextField
          label="SSH port"
          name="sshPort"
          inputMode="numeric"
          className="input-short"
          value={port.value}
          error={port.error}
          onChange={port.set}
        />
      </div>
      <TextField
        label="SSH user"
        name="sshUser"
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
