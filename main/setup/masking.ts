/**
 * The mask shown in place of a secret. Its length is fixed, so the secret's
 * length stays hidden.
 */
export const SECRET_MASK = "••••••••";

/** Keys whose values are secrets in PostHog source payloads. */
const SECRET_KEYS = new Set([
  "password",
  "private_key",
  "passphrase",
  "connection_string",
  "stripe_secret_key",
  "signing_secret",
]);

/**
 * Returns a deep copy of a JSON value with every non-empty secret replaced by
 * the mask.
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== "object" || value === null) return value;

  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const secret =
      SECRET_KEYS.has(key) && typeof item === "string" && item !== "";
    masked[key] = secret ? SECRET_MASK : maskSecrets(item);
  }
  return masked;
}
