import { HOST_BASED_TYPES } from "./source-definitions";

/**
 * Config and credential checks that PostHog runs before it stores a credential
 * or creates a source, with PostHog's texts (`S/common/config.py`,
 * `M/ssh_tunnel.py`, the SSRF host check).
 */

type Payload = Record<string, unknown>;

const REQUIRED_FIELDS: Record<string, string[]> = {
  Postgres: ["host", "database", "user", "password", "port"],
  MySQL: ["host", "database", "user", "password", "port"],
  MongoDB: ["connection_string"],
  Stripe: ["auth_method"],
};

/**
 * Returns `"Invalid source config: ..."` listing every problem, or null when
 * the config is valid.
 */
export function validateConfig(
  sourceType: string,
  payload: Payload,
): string | null {
  const errors: string[] = [];
  for (const name of REQUIRED_FIELDS[sourceType] ?? []) {
    if (isMissing(payload[name])) {
      errors.push(`Required field '${name}' is missing`);
    }
  }

  for (const name of invalidFields(sourceType, payload)) {
    errors.push(`Field '${name}' has an invalid value`);
  }

  if (errors.length === 0) return null;
  return `Invalid source config: ${errors.join(", ")}`;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function invalidFields(sourceType: string, payload: Payload): string[] {
  const invalid: string[] = [];
  if (HOST_BASED_TYPES.has(sourceType)) {
    if (!isMissing(payload.port) && parseInteger(payload.port) === null) {
      invalid.push("port");
    }
    const tunnel = payload.ssh_tunnel;
    if (tunnel !== undefined && tunnel !== null && !isObject(tunnel)) {
      invalid.push("ssh_tunnel");
    }
  }

  if (sourceType === "MySQL" && payload.using_ssl !== undefined) {
    if (parseBoolean(payload.using_ssl) === null) invalid.push("using_ssl");
  }

  if (sourceType === "Stripe") invalid.push(...invalidStripeFields(payload));
  return invalid;
}

function invalidStripeFields(payload: Payload): string[] {
  const auth = payload.auth_method;
  if (isMissing(auth)) return [];
  if (!isObject(auth)) return ["auth_method"];

  const selection = auth.selection ?? "api_key";
  if (selection === "api_key" && isMissing(auth.stripe_secret_key)) {
    return ["stripe_secret_key"];
  }
  if (
    selection === "oauth" &&
    parseInteger(auth.stripe_integration_id) === null
  ) {
    return ["stripe_integration_id"];
  }
  if (selection !== "api_key" && selection !== "oauth") return ["auth_method"];
  return [];
}

/** Renders a JSON value as text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function isObject(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseInteger(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) {
    return Number.parseInt(value, 10);
  }
  return null;
}

export function parseBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase();
  if (["true", "yes", "1"].includes(text)) return true;
  if (["false", "no", "0", ""].includes(text)) return false;
  return null;
}

/**
 * Validates the `ssh_tunnel` object the way PostHog's `SSHTunnel` does and
 * returns its message.
 */
export function validateSshTunnel(tunnel: unknown): string | null {
  if (!isObject(tunnel) || parseBoolean(tunnel.enabled) !== true) return null;

  const port = parseInteger(tunnel.port);
  if (port === null) return "Port must be a number between 1 and 65535";
  if (port < 1 || port > 65535) return "Port must be between 1 and 65535";
  if (port === 80 || port === 443) return `Port ${port} is not allowed`;

  const auth = tunnel.auth ?? tunnel.auth_type;
  if (!isObject(auth)) return "Authentication type not recognised";
  return validateSshAuth(auth);
}

function validateSshAuth(auth: Payload): string | null {
  const selection = auth.selection ?? auth.type;
  if (selection === "password") {
    if (isMissing(auth.username) || isMissing(auth.password)) {
      return "Username and password required";
    }
    return null;
  }

  if (selection === "keypair") {
    if (isMissing(auth.private_key)) return "Private key is required";
    if (!looksLikePrivateKey(auth.private_key)) {
      return "Private key could not be parsed. Paste the full key in OpenSSH or PEM format (RSA, Ed25519, ECDSA, or DSA), including the BEGIN and END lines.";
    }
    return null;
  }

  return "Authentication type not recognised";
}

function looksLikePrivateKey(value: unknown): boolean {
  return (
    typeof value === "string" &&
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) &&
    /-----END [A-Z ]*PRIVATE KEY-----/.test(value)
  );
}

/**
 * Imitates PostHog cloud's SSRF guard. PostHog resolves the name first, but the
 * double does no DNS. It treats `localhost` and private or loopback literals as
 * internal, and names ending in `.internal`, `.local` or `.localhost` as
 * unresolvable.
 */
export function hostRejection(
  host: string,
): "internal" | "unresolvable" | null {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (name === "localhost" || isInternalAddress(name)) return "internal";
  if (/\.(internal|local|localhost)$/.test(name)) return "unresolvable";
  return null;
}

function isInternalAddress(address: string): boolean {
  const octets = address.split(".").map(Number);
  if (octets.length === 4 && octets.every((n) => Number.isInteger(n))) {
    const [a = 0, b = 0] = octets;
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (!address.includes(":")) return false;
  return (
    address === "::1" ||
    address === "::" ||
    /^f[cd][0-9a-f]{2}:/.test(address) ||
    /^fe[89ab][0-9a-f]:/.test(address)
  );
}

export interface CredentialCheckOptions {
  rejectInternalHosts: boolean;
  validateCredentials?: (
    sourceType: string,
    payload: Payload,
  ) => string | null | Promise<string | null>;
}

/** PostHog's live credential check, up to the point where it would connect. */
export async function checkCredentials(
  sourceType: string,
  payload: Payload,
  options: CredentialCheckOptions,
): Promise<string | null> {
  const local = checkReachability(sourceType, payload, options);
  if (local) return local;
  return (await options.validateCredentials?.(sourceType, payload)) ?? null;
}

function checkReachability(
  sourceType: string,
  payload: Payload,
  options: CredentialCheckOptions,
): string | null {
  if (sourceType === "MongoDB") {
    const uri = asText(payload.connection_string);
    if (!/^mongodb(\+srv)?:\/\//.test(uri)) {
      return "Connection string must start with mongodb:// or mongodb+srv://";
    }
    return null;
  }
  if (!HOST_BASED_TYPES.has(sourceType)) return null;

  const tunnelError = validateSshTunnel(payload.ssh_tunnel);
  if (tunnelError) return tunnelError;
  if (!options.rejectInternalHosts) return null;

  return ssrfRejection(payload);
}

/**
 * Runs config validation, then the live credential check, and returns the first
 * message.
 */
export async function checkSourceConfig(
  sourceType: string,
  payload: Payload,
  options: CredentialCheckOptions,
): Promise<string | null> {
  return (
    validateConfig(sourceType, payload) ??
    (await checkCredentials(sourceType, payload, options))
  );
}

/**
 * Checks the bastion's host when a tunnel is on, else the database host, as
 * PostHog does.
 */
export function ssrfRejection(payload: Payload): string | null {
  const tunnel = payload.ssh_tunnel;
  if (isObject(tunnel) && parseBoolean(tunnel.enabled) === true) {
    const verdict = hostRejection(asText(tunnel.host));
    return verdict ? "SSH tunnel host not allowed" : null;
  }

  const verdict = hostRejection(asText(payload.host));
  if (verdict === "internal")
    return "Hosts with internal IP addresses are not allowed";
  if (verdict === "unresolvable") return "Host could not be resolved";
  return null;
}

/**
 * Names (dotted paths) of values that are still unresolved `{"secretRef": ...}`
 * objects.
 */
export function findSecretRefs(payload: Payload, path = ""): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    const name = path ? `${path}.${key}` : key;
    if (!isObject(value)) continue;
    if ("secretRef" in value) found.push(name);
    else found.push(...findSecretRefs(value, name));
  }
  return found;
}

export function secretRefMessage(fields: string[]): string {
  return `Unresolved secret reference(s) for: ${fields.join(", ")}. These fields are still \`{'secretRef': ...}\` objects — PostHog cannot resolve them. Resolve the secret to its real value before calling (or collect credentials via data-warehouse-source-connect-link and pass the resulting credential_id instead).`;
}

/**
 * Strips every top-level string of the payload, as PostHog does. Nested objects
 * stay as sent.
 */
export function stripTopLevelStrings(payload: Payload): Payload {
  const stripped: Payload = {};
  for (const [key, value] of Object.entries(payload)) {
    stripped[key] = typeof value === "string" ? value.trim() : value;
  }
  return stripped;
}
