import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
  PostHogRoute,
  SecretName,
  SecretPresence,
  SshAuthMethod,
  TlsMode,
} from "../../../shared/domain/connection";
import type { ParsedConnectionString } from "../../../shared/postgres/connection-string";

/**
 * The Postgres connection form as typed. Ports stay text until the form is
 * checked.
 */
export interface ConnectionForm {
  /** Connection name. A blank name saves the default, `user@host/database`. */
  name: string;
  host: string;
  port: string;
  database: string;
  user: string;
  schema: string;
  tlsMode: TlsMode;
  caCertificate: string;
  caFileName: string;
  sshEnabled: boolean;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshAuth: SshAuthMethod;
  routeKind: PostHogRoute["kind"];
  routeHost: string;
  routePort: string;
}

export type ConnectionField = keyof ConnectionForm;

/**
 * Secrets typed since the last save. An empty string means nothing was typed.
 */
export type TypedSecrets = Record<SecretName, string>;

export type FieldErrors = Partial<Record<ConnectionField | SecretName, string>>;

export const SECRET_NAMES: readonly SecretName[] = [
  "password",
  "sshPassword",
  "sshPrivateKey",
  "sshPassphrase",
];

export const emptySecrets: TypedSecrets = {
  password: "",
  sshPassword: "",
  sshPrivateKey: "",
  sshPassphrase: "",
};

export const defaultConnectionForm: ConnectionForm = {
  name: "",
  host: "",
  port: "5432",
  database: "",
  user: "",
  schema: "",
  tlsMode: "require",
  caCertificate: "",
  caFileName: "",
  sshEnabled: false,
  sshHost: "",
  sshPort: "22",
  sshUser: "",
  sshAuth: "private-key",
  routeKind: "direct",
  routeHost: "",
  routePort: "22",
};

export function usesCaCertificate(mode: TlsMode): boolean {
  return mode === "verify-ca" || mode === "verify-full";
}

/**
 * Returns the secrets the form's current settings use. The database password is
 * always one.
 */
export function relevantSecrets(form: ConnectionForm): SecretName[] {
  if (!form.sshEnabled) return ["password"];

  switch (form.sshAuth) {
    case "password":
      return ["password", "sshPassword"];
    case "private-key":
      return ["password", "sshPrivateKey", "sshPassphrase"];
    case "agent":
      return ["password"];
  }
}

/**
 * Returns the typed secrets that the current settings use, for
 * `connection:save`.
 */
export function secretsToSend(
  form: ConnectionForm,
  typed: TypedSecrets,
): ConnectionSecrets {
  const secrets: ConnectionSecrets = {};
  for (const name of relevantSecrets(form)) {
    if (typed[name] !== "") secrets[name] = typed[name];
  }
  return secrets;
}

/**
 * Returns the stored secrets that the current settings no longer use, such as
 * an SSH key after SSH is off.
 */
export function secretsToClear(
  form: ConnectionForm,
  stored: SecretPresence | null,
): SecretName[] {
  if (!stored) return [];
  const relevant = relevantSecrets(form);
  return SECRET_NAMES.filter(
    (name) => stored[name] && !relevant.includes(name),
  );
}

/**
 * Sets the fields a parsed connection string contains and leaves the others
 * unchanged.
 */
export function applyConnectionString(
  form: ConnectionForm,
  parsed: ParsedConnectionString,
): ConnectionForm {
  return {
    ...form,
    host: parsed.host,
    port: parsed.port === null ? form.port : String(parsed.port),
    database: parsed.database ?? form.database,
    user: parsed.user ?? form.user,
    tlsMode: parsed.tlsMode ?? form.tlsMode,
  };
}

export type SettingsCheck =
  | { ok: true; settings: PostgresConnectionSettings }
  | { ok: false; errors: FieldErrors };

/**
 * Checks the form and builds the settings to save. A secret counts as present
 * when it was typed now or is already stored.
 */
export function buildSettings(
  form: ConnectionForm,
  typed: TypedSecrets,
  stored: SecretPresence | null,
): SettingsCheck {
  const errors: FieldErrors = {};
  const port = checkPort(form.port, "port", errors);
  requireText(form.host, "host", "Enter the database host.", errors);
  requireText(form.database, "database", "Enter the database name.", errors);
  requireText(form.user, "user", "Enter the database user.", errors);

  const ssh = form.sshEnabled ? checkSsh(form, typed, stored, errors) : null;
  const posthogRoute = checkRoute(form, errors);

  if (Object.keys(errors).length > 0 || port === null || !posthogRoute) {
    return { ok: false, errors };
  }

  const target = {
    host: form.host.trim(),
    database: form.database.trim(),
    user: form.user.trim(),
  };
  return {
    ok: true,
    settings: {
      name: form.name.trim() || defaultConnectionName(target),
      host: target.host,
      port,
      database: target.database,
      user: target.user,
      schema: form.schema.trim(),
      tls: tlsSettings(form),
      ssh,
      posthogRoute,
    },
  };
}

/** Returns the name a connection gets when none is typed: `user@host/database`. */
export function defaultConnectionName(target: {
  host: string;
  database: string;
  user: string;
}): string {
  return `${target.user}@${target.host}/${target.database}`;
}

/**
 * Returns the form that shows saved settings. A name equal to the default is
 * left blank, so that it keeps following the host, database and user.
 */
export function settingsToForm(
  settings: PostgresConnectionSettings,
): ConnectionForm {
  const { ssh, tls, posthogRoute: route } = settings;
  const tunnel = route.kind === "tunnel" ? route : null;

  return {
    name:
      settings.name === defaultConnectionName(settings) ? "" : settings.name,
    host: settings.host,
    port: String(settings.port),
    database: settings.database,
    user: settings.user,
    schema: settings.schema,
    tlsMode: tls.mode,
    caCertificate: tls.caCertificate ?? "",
    caFileName: tls.caFileName ?? "",
    sshEnabled: ssh !== null,
    sshHost: ssh?.host ?? "",
    sshPort: String(ssh?.port ?? defaultConnectionForm.sshPort),
    sshUser: ssh?.user ?? "",
    sshAuth: ssh?.auth ?? defaultConnectionForm.sshAuth,
    routeKind: route.kind,
    routeHost: tunnel?.host ?? "",
    routePort: tunnel ? String(tunnel.port) : defaultConnectionForm.routePort,
  };
}

function tlsSettings(form: ConnectionForm): PostgresConnectionSettings["tls"] {
  if (!usesCaCertificate(form.tlsMode) || form.caCertificate === "") {
    return { mode: form.tlsMode };
  }
  return {
    mode: form.tlsMode,
    caCertificate: form.caCertificate,
    caFileName: form.caFileName,
  };
}

function checkSsh(
  form: ConnectionForm,
  typed: TypedSecrets,
  stored: SecretPresence | null,
  errors: FieldErrors,
): PostgresConnectionSettings["ssh"] {
  const port = checkPort(form.sshPort, "sshPort", errors);
  requireText(form.sshHost, "sshHost", "Enter the bastion host.", errors);
  requireText(form.sshUser, "sshUser", "Enter the SSH user.", errors);

  const has = (name: SecretName) =>
    typed[name] !== "" || stored?.[name] === true;
  if (form.sshAuth === "password" && !has("sshPassword")) {
    errors.sshPassword = "Enter the SSH password.";
  }
  if (form.sshAuth === "private-key" && !has("sshPrivateKey")) {
    errors.sshPrivateKey = "Paste the private key or load it from a file.";
  }

  if (port === null) return null;
  return {
    host: form.sshHost.trim(),
    port,
    user: form.sshUser.trim(),
    auth: form.sshAuth,
  };
}

function checkRoute(
  form: ConnectionForm,
  errors: FieldErrors,
): PostHogRoute | null {
  if (form.routeKind === "same-tunnel") {
    return form.sshEnabled ? { kind: "same-tunnel" } : { kind: "direct" };
  }
  if (form.routeKind === "direct") return { kind: "direct" };

  const port = checkPort(form.routePort, "routePort", errors);
  requireText(
    form.routeHost,
    "routeHost",
    "Enter the bastion address PostHog should use.",
    errors,
  );
  if (port === null || form.routeHost.trim() === "") return null;
  return { kind: "tunnel", host: form.routeHost.trim(), port };
}

function checkPort(
  text: string,
  field: ConnectionField,
  errors: FieldErrors,
): number | null {
  const trimmed = text.trim();
  const port = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;

  errors[field] = "Enter a port from 1 to 65535.";
  return null;
}

function requireText(
  value: string,
  field: ConnectionField,
  message: string,
  errors: FieldErrors,
): void {
  if (value.trim() === "") errors[field] = message;
}
