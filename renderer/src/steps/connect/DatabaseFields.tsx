import { TextField } from "../../components/fields";
import { useFormField } from "./form-hooks";
import { SecretField } from "./SecretField";

export function DatabaseFields() {
  const host = useFormField("host");
  const port = useFormField("port");
  const database = useFormField("database");
  const user = useFormField("user");
  const schema = useFormField("schema");

  return (
    <fieldset className="form-section">
      <legend>Database</legend>
      <div className="field-row">
        <TextField
          label="Host"
          name="host"
          placeholder="db.internal"
          autoComplete="off"
          spellCheck={false}
          value={host.value}
          error={host.error}
          hint="As seen from this machine, or from the bastion when a tunnel is on."
          onChange={host.set}
        />
        <TextField
          label="Port"
          name="port"
          inputMode="numeric"
          className="input-short"
          value={port.value}
          error={port.error}
          onChange={port.set}
        />
      </div>
      <TextField
        label="Database"
        name="database"
        autoComplete="off"
        spellCheck={false}
        value={database.value}
        error={database.error}
        onChange={database.set}
      />
      <TextField
        label="User"
        name="user"
        autoComplete="off"
        spellCheck={false}
        value={user.value}
        error={user.error}
        onChange={user.set}
      />
      <SecretField name="password" label="Password" />
      <TextField
        label="Schema"
        name="schema"
        placeholder="All schemas"
        autoComplete="off"
        spellCheck={false}
        value={schema.value}
        error={schema.error}
        hint="Leave blank to include every schema the user can read. Table names then include the schema, as in public.orders."
        onChange={schema.set}
      />
    </fieldset>
  );
}
