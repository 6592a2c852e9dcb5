import { AppError, type AppErrorShape } from "../../shared/domain/errors";

/**
 * Turns PostHog's HTTP errors and fetch failures into `AppError`s. `message`
 * names what failed and on which value, `fix` states what to do, and `detail`
 * keeps PostHog's own text verbatim. The API key is removed from every text
 * before it leaves this module.
 */

export interface ErrorContext {
  /** The PostHog base URL, e.g. `https://us.posthog.com`. */
  host: string;
  /**
   * Purpose of the request, completing "while trying to ...", e.g. "create the
   * source".
   */
  operation: string;
  apiKey: string;
}

export interface PostHogErrorText {
  detail: string | null;
  /**
   * The field PostHog blamed (`attr` of the DRF envelope), when there is one.
   */
  field: string | null;
}

const MAX_DETAIL_LENGTH = 2000;

/**
 * Reads PostHog's text from any of its envelopes: `{"message"}` (with optional
 * `errors` or `details`), DRF's `{"type", "code", "detail", "attr"}`,
 * `{"success": false, "error"}` and plain `{"detail"}`. A body that is not JSON
 * is returned trimmed.
 */
export function parseErrorBody(text: string): PostHogErrorText {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim().slice(0, MAX_DETAIL_LENGTH);
    return { detail: trimmed === "" ? null : trimmed, field: null };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { detail: JSON.stringify(body), field: null };
  }
  return parseErrorObject(body as Record<string, unknown>);
}

function parseErrorObject(body: Record<string, unknown>): PostHogErrorText {
  const attr = typeof body.attr === "string" ? body.attr : null;

  if (typeof body.message === "string") {
    const extra: string[] = [];
    if (Array.isArray(body.errors)) extra.push(...body.errors.map(String));
    if (body.details !== undefined) extra.push(JSON.stringify(body.details));
    return { detail: [body.message, ...extra].join("\n"), field: attr };
  }
  if (typeof body.detail === "string")
    return { detail: body.detail, field: attr };
  if (body.success === false && typeof body.error === "string") {
    return { detail: body.error, field: null };
  }
  return firstFieldError(body);
}

/**
 * DRF's unwrapped form, `{"field": ["message"]}`, as older self-hosted builds
 * send it.
 */
function firstFieldError(body: Record<string, unknown>): PostHogErrorText {
  for (const [field, value] of Object.entries(body)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") {
      return {
        detail: first,
        field: field === "non_field_errors" ? null : field,
      };
    }
  }
  return { detail: JSON.stringify(body), field: null };
}

export function redactKey(text: string, apiKey: string): string {
  return apiKey === "" ? text : text.split(apiKey).join("[redacted]");
}

function build(context: ErrorContext, shape: AppErrorShape): AppError {
  const clean = (value: string | undefined) =>
    value === undefined ? undefined : redactKey(value, context.apiKey);
  return new AppError({
    ...shape,
    message: redactKey(shape.message, context.apiKey),
    fix: clean(shape.fix),
    detail: clean(shape.detail),
  });
}

/** Maps a non-2xx response to an `AppError`. */
export function httpError(
  status: number,
  bodyText: string,
  retryAfterSeconds: number | null,
  context: ErrorContext,
): AppError {
  const { detail, field } = parseErrorBody(bodyText);
  const base = {
    status,
    detail: detail ?? undefined,
    field: field ?? undefined,
  };

  if (status === 401)
    return build(context, { ...base, ...authFailure(context) });
  if (status === 403)
    return build(context, { ...base, ...permissionFailure(context, detail) });
  if (status === 429)
    return build(context, {
      ...base,
      ...rateLimited(context, retryAfterSeconds),
    });
  if (status >= 500)
    return build(context, { ...base, ...serverFailure(context, status) });
  if (status === 404) return build(context, { ...base, ...notFound(context) });
  return build(context, {
    ...base,
    ...validationFailure(context, status, field, detail),
  });
}

type Described = Pick<AppErrorShape, "kind" | "code" | "message" | "fix">;

function authFailure(context: ErrorContext): Described {
  return {
    kind: "posthog-auth",
    code: "POSTHOG_AUTH",
    message: `PostHog at ${context.host} did not accept the personal API key.`,
    fix: "Create a personal API key in PostHog under Settings, Personal API keys, and sign in again with it.",
  };
}

function permissionFailure(
  context: ErrorContext,
  detail: string | null,
): Described {
  const text = detail ?? "";
  const scope = /missing required scope '([^']+)'/.exec(text)?.[1];
  if (scope) return missingScope(context, scope);

  // Newer PostHog builds word this "...requested project: ID 2."
  const project = /access to the requested project:? '?(?:ID )?(\d+)/.exec(
    text,
  )?.[1];
  if (project) {
    return {
      kind: "posthog-permission",
      code: "POSTHOG_PROJECT_ACCESS",
      message: `The personal API key has no access to PostHog project ${project}.`,
      fix: "Choose a project the key may access, or give the key access to this project in PostHog.",
    };
  }

  if (text.includes("scoped projects are only supported")) {
    return {
      kind: "posthog-permission",
      code: "POSTHOG_PROJECT_SCOPED_KEY",
      message:
        "PostHog does not list projects for a personal API key that is limited to specific projects.",
      fix: "Use a key whose project access covers the whole organization, then sign in again.",
    };
  }

  return {
    kind: "posthog-permission",
    code: "POSTHOG_FORBIDDEN",
    message: `PostHog denied permission to ${context.operation}.`,
    fix: "Ask an admin of the PostHog organization for access to data warehouse sources in this project.",
  };
}

function missingScope(context: ErrorContext, scope: string): Described {
  return {
    kind: "posthog-permission",
    code: "POSTHOG_MISSING_SCOPE",
    message: `The personal API key lacks the '${scope}' scope needed to ${context.operation}.`,
    fix: `Edit the key in PostHog under Settings, Personal API keys, add the '${scope}' scope, and try again.`,
  };
}

function rateLimited(
  context: ErrorContext,
  retryAfterSeconds: number | null,
): Described {
  const wait =
    retryAfterSeconds === null
      ? "Wait a minute and try again."
      : `Wait ${retryAfterSeconds} seconds and try again.`;
  return {
    kind: "posthog-rate-limited",
    code: "POSTHOG_RATE_LIMITED",
    message: `PostHog rate-limited the request to ${context.operation}.`,
    fix: wait,
  };
}

function serverFailure(context: ErrorContext, status: number): Described {
  return {
    kind: "posthog-server",
    code: `POSTHOG_HTTP_${status}`,
    message: `PostHog at ${context.host} returned HTTP ${status} while trying to ${context.operation}.`,
    fix: "Try again in a few minutes, and contact PostHog support if the error stays.",
  };
}

function notFound(context: ErrorContext): Described {
  return {
    kind: "not-found",
    code: "POSTHOG_NOT_FOUND",
    message: `PostHog at ${context.host} found nothing to ${context.operation}.`,
    fix: "Check the PostHog host and project, and that this PostHog version has data warehouse sources.",
  };
}

/** PostHog's own validation text is the cause, so it goes into the message itself. */
function validationFailure(
  context: ErrorContext,
  status: number,
  field: string | null,
  detail: string | null,
): Described {
  const where = field ? ` because of the value of '${field}'` : "";
  const reason = detail ? ` PostHog's message: ${detail}` : "";
  return {
    kind: "posthog-validation",
    code: status === 400 ? "POSTHOG_VALIDATION" : `POSTHOG_HTTP_${status}`,
    message: `PostHog rejected the request to ${context.operation}${where}.${reason}`,
    fix: "Change what PostHog names in its message, then try again.",
  };
}

/** Maps a rejected `fetch` (no HTTP response) to an `AppError`. */
export function networkError(
  error: unknown,
  context: ErrorContext,
  outcome: { timedOut: boolean; cancelled: boolean; timeoutMs: number },
): AppError {
  const detail = describeCause(error);
  if (outcome.cancelled) {
    return build(context, {
      kind: "cancelled",
      code: "CANCELLED",
      message: `The request to ${context.operation} was cancelled.`,
      detail,
    });
  }
  if (outcome.timedOut) {
    return build(context, {
      kind: "timed-out",
      code: "POSTHOG_TIMEOUT",
      message: `PostHog at ${context.host} did not respond within ${outcome.timeoutMs / 1000} seconds while trying to ${context.operation}.`,
      fix: "Check your network connection and the PostHog host, then try again.",
      detail,
    });
  }
  return build(context, {
    ...connectionFailure(context, causeCode(error)),
    detail,
  });
}

function connectionFailure(context: ErrorContext, code: string): Described {
  const hostname = safeHostname(context.host);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return {
      kind: "posthog-unreachable",
      code,
      message: `The PostHog host name ${hostname} could not be resolved.`,
      fix: "Check the host URL, your DNS settings and your network connection.",
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      kind: "posthog-unreachable",
      code,
      message: `PostHog at ${context.host} refused the connection.`,
      fix: "Check the host URL and port, and that the PostHog instance is running.",
    };
  }
  if (/^(CERT_|ERR_TLS|UNABLE_TO_VERIFY|DEPTH_ZERO|SELF_SIGNED)/.test(code)) {
    return {
      kind: "tls",
      code,
      message: `The TLS certificate of PostHog at ${context.host} could not be verified.`,
      fix: "Check the host URL, and install the certificate authority of a self-hosted PostHog on this machine.",
    };
  }
  return {
    kind: "posthog-unreachable",
    code,
    message: `The connection to PostHog at ${context.host} failed while trying to ${context.operation}.`,
    fix: "Check your network connection and try again.",
  };
}

function safeHostname(host: string): string {
  try {
    return new URL(host).hostname;
  } catch {
    return host;
  }
}

/**
 * Returns the system error code of fetch's cause, e.g. `ECONNREFUSED`, or
 * `FETCH_FAILED`.
 */
export function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      current = current.errors[0];
      continue;
    }
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "FETCH_FAILED";
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof Error && current.message)
      parts.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(": ") || String(error);
}
