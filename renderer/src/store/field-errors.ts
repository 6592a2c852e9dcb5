import type { SecretName } from "../../../shared/domain/connection";
import type { ConnectionField } from "./connection-form";

/** A field of the connection form that can show an error and take focus. */
export type FormFieldName = ConnectionField | SecretName;

/** The connection form's focusable fields, in the order the form shows them. */
export const FORM_FIELD_ORDER: readonly FormFieldName[] = [
  "name",
  "host",
  "port",
  "database",
  "user",
  "password",
  "schema",
  "tlsMode",
  "caCertificate",
  "sshHost",
  "sshPort",
  "sshUser",
  "sshPassword",
  "sshPrivateKey",
  "sshPassphrase",
  "routeHost",
  "routePort",
];

/**
 * Form fields by the settings path that main's errors name, such as
 * `ssh.host` for the bastion host.
 */
const SETTINGS_PATHS: Record<string, FormFieldName> = {
  "ssh.host": "sshHost",
  "ssh.port": "sshPort",
  "ssh.user": "sshUser",
  "tls.mode": "tlsMode",
  "tls.caCertificate": "caCertificate",
};

/**
 * Returns the connection form field an error's `field` names, or null when it
 * names no field of the form.
 */
export function formFieldOfError(
  field: string | undefined,
): FormFieldName | null {
  if (field === undefined) return null;
  const aliased = SETTINGS_PATHS[field];
  if (aliased) return aliased;
  return FORM_FIELD_ORDER.find((name) => name === field) ?? null;
}

/** Returns the first field in form order that has an error, or null. */
export function firstInvalidField(
  errors: Partial<Record<FormFieldName, string>>,
): FormFieldName | null {
  return FORM_FIELD_ORDER.find((name) => errors[name] !== undefined) ?? null;
}
