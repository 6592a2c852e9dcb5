import type { SecretName } from "../../../../shared/domain/connection";
import { TextAreaField, TextField } from "../../components/fields";
import { useSecretField } from "./form-hooks";

/**
 * Renders an input for one secret. Once the secret is stored, the input is
 * empty with a "stored" placeholder, and typing replaces the stored value at
 * the next save.
 */
export function SecretField({
  name,
  label,
  hint,
  multiline = false,
}: {
  name: SecretName;
  label: string;
  hint?: string;
  multiline?: boolean;
}) {
  const { value, stored, error, set } = useSecretField(name);
  const placeholder = stored ? "Stored. Type to replace it." : undefined;
  const storedHint = stored
    ? "Stored encrypted on this machine. Leave blank to keep it."
    : undefined;
  const fullHint = [hint, storedHint].filter(Boolean).join(" ") || undefined;

  if (multiline) {
    return (
      <TextAreaField
        label={label}
        value={value}
        placeholder={placeholder}
        hint={fullHint}
        error={error}
        rows={5}
        spellCheck={false}
        autoComplete="off"
        className="monospace"
        onChange={set}
      />
    );
  }

  return (
    <TextField
      label={label}
      type="password"
      value={value}
      placeholder={placeholder}
      hint={fullHint}
      error={error}
      autoComplete="off"
      onChange={set}
    />
  );
}
