/** Text that replaces every masked value in logs and error details. */
export const REDACTED = "[redacted]";

const SENSITIVE_KEY_PARTS = [
  "password",
  "passwd",
  "passphrase",
  "privatekey",
  "secret",
  "apikey",
  "token",
  "authorization",
  "credential",
];

/** Lines shorter than this are not masked on their own when a multi-line secret is added. */
const MIN_SECRET_LINE_LENGTH = 16;

/**
 * Secrets shorter than this are masked only where they stand as a whole token. Masking a short
 * password such as "a" inside every word would mangle messages ("[redacted]uth-rejected") and
 * reveal the password by where the masks fall.
 */
const WHOLE_TOKEN_BELOW_LENGTH = 12;
const MAX_DEPTH = 8;

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // HTTP authorization headers quoted in error text.
  [/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`],
  // PostHog personal API keys.
  [/\bphx_[A-Za-z0-9]{8,}/g, REDACTED],
  // The password in a URL's user info, such as postgresql://user:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, `$1${REDACTED}@`],
  // key=value pairs of libpq connection strings and query strings.
  [
    /\b(password|passphrase|secret|token|api_?key)=("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    `$1=${REDACTED}`,
  ],
];

/** Matches `secret` where no letter or digit touches it on either side. */
function wholeTokenPattern(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu");
}

/** Returns whether a property name such as `sshPassword` or `api_key` names a secret. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, "");
  return SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part));
}

/**
 * Masks secrets in log records and error text: values under sensitive property names, every
 * secret value added with `addSecret` wherever it appears in a string, and secret-shaped text
 * (bearer tokens, PostHog keys, URL passwords, `password=` pairs).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Secrets longest first, each with its whole-token pattern when it is short. */
  private ordered: Array<{ secret: string; pattern: RegExp | null }> = [];

  /**
   * Adds a secret to mask: wherever it appears when it has 12 characters or more, else where it
   * appears as a whole token (not inside a longer word). Each line of a multi-line secret (a
   * private key) is masked on its own too, so that a fragment quoted in an error is caught.
   */
  addSecret(value: string): void {
    if (value.length === 0 || this.secrets.has(value)) {
      return;
    }

    this.secrets.add(value);
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (
        trimmed.length >= MIN_SECRET_LINE_LENGTH &&
        !trimmed.startsWith("-----")
      ) {
        this.secrets.add(trimmed);
      }
    }

    // Sorted by length, longest first, so that a secret containing another is masked whole.
    this.ordered = [...this.secrets]
      .sort((a, b) => b.length - a.length)
      .map((secret) => ({
        secret,
        pattern:
          secret.length < WHOLE_TOKEN_BELOW_LENGTH
            ? wholeTokenPattern(secret)
            : null,
      }));
  }

  redactText(text: string): string {
    let result = text;
    for (const { secret, pattern } of this.ordered) {
      result = pattern
        ? result.replace(pattern, REDACTED)
        : result.split(secret).join(REDACTED);
    }

    for (const [pattern, replacement] of TEXT_PATTERNS) {
      result = result.replace(pattern, replacement);
    }

    return result;
  }

  /** Returns a copy of `value` that is safe to log: plain data, with every secret masked. */
  redactValue(value: unknown): unknown {
    return this.redactNode(value, 0, new WeakSet());
  }

  private redactNode(
    value: unknown,
    depth: number,
    seen: WeakSet<object>,
  ): unknown {
    if (typeof value === "string") {
      return this.redactText(value);
    }

    if (value === null || typeof value !== "object") {
      return typeof value === "bigint" ? value.toString() : value;
    }

    if (seen.has(value)) {
      return "[circular]";
    }

    if (depth >= MAX_DEPTH) {
      return "[nested too deep]";
    }

    seen.add(value);
    if (value instanceof Uint8Array) {
      return `[${value.byteLength} bytes]`;
    }

    if (value instanceof Error) {
      return this.redactError(value, depth, seen);
    }

    if (Array.isArray(value)) {
      return value.map((item) => this.redactNode(item, depth + 1, seen));
    }

    return this.redactEntries(Object.entries(value), depth, seen);
  }

  private redactError(
    error: Error,
    depth: number,
    seen: WeakSet<object>,
  ): unknown {
    const fields: Array<[string, unknown]> = [
      ["name", error.name],
      ["message", error.message],
      ["stack", error.stack],
      ...Object.entries(error),
    ];
    if (error.cause !== undefined) {
      fields.push(["cause", error.cause]);
    }

    return this.redactEntries(fields, depth, seen);
  }

  private redactEntries(
    entries: Array<[string, unknown]>,
    depth: number,
    seen: WeakSet<object>,
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, child] of entries) {
      if (child === undefined) {
        continue;
      }

      result[key] = isSensitiveKey(key)
        ? REDACTED
        : this.redactNode(child, depth + 1, seen);
    }

    return result;
  }
}
