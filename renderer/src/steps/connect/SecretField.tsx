import type { SecretName } from "../../../../shared/domain/connection";
import { TextField } from "../../components/fields";
import { useSecretField } from "./form-hooks";

/**
 * Renders a password input for one secret. Once the secret is stored, the input
 * is empty with a "stored" placeholder, and typing replaces the stored value at
 * the next save.
 */
export function SecretField({
  name,
  label,
  hint,
}: {
  name: SecretName;
  label: string;
  hint?: string;
}) {
  const { value, stored, error, set } = useSecretField(name);
  const placeholder = stored ? "Stored. Type to replace it." : undefined;
  const storedHint = stored
    ? "Stored encrypted on this machine. Leave blank to keep it."
    : undefined;
  const fullHint = [hint, storedHint].filter(Boolean).join(" ") || undefined;

  return (
    <TextField
      label={label}
      name={name}
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
