import type { z } from "zod";
import { AppError } from "../../shared/domain/errors";
import {
  httpError,
  networkError,
  redactKey,
  type ErrorContext,
} from "./errors";

/**
 * The HTTP layer of the PostHog client: one JSON request with a timeout,
 * cancellation, error mapping and bounded retries of idempotent reads.
 */

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface HttpOptions {
  host: string;
  apiKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
  sleep: Sleep;
  logger: Logger;
  /** Retries of a GET after 429, 502, 503 or 504. */
  maxRetries: number;
  /** Upper bound of one wait between retries, whatever Retry-After requests. */
  maxRetryDelayMs: number;
}

export interface JsonRequest<T> {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Parses a 2xx body. Absent when the response body is ignored. */
  schema?: z.ZodType<T>;
  operation: string;
  signal?: AbortSignal;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const FIRST_BACKOFF_MS = 500;

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/**
 * Sends a request. GETs are retried after 429, 502, 503 or 504, other methods
 * never.
 */
export async function requestJson<T>(
  options: HttpOptions,
  request: JsonRequest<T>,
): Promise<T> {
  const context: ErrorContext = {
    host: options.host,
    operation: request.operation,
    apiKey: options.apiKey,
  };
  const retries = request.method === "GET" ? options.maxRetries : 0;

  for (let attempt = 0; ; attempt += 1) {
    const { status, text, retryAfter } = await send(options, request, context);
    if (status >= 200 && status < 300) return parseBody(request, text, context);

    const error = httpError(status, text, retryAfter, context);
    if (attempt >= retries || !RETRYABLE_STATUSES.has(status)) throw error;

    const delayMs = retryDelay(options, retryAfter, attempt);
    options.logger.warn("PostHog request will be retried", {
      method: request.method,
      path: request.path,
      status,
      attempt: attempt + 1,
      delayMs,
    });
    await waitBeforeRetry(options, delayMs, request, context);
  }
}

interface RawResponse {
  status: number;
  text: string;
  retryAfter: number | null;
}

async function send(
  options: HttpOptions,
  request: JsonRequest<unknown>,
  context: ErrorContext,
): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signals = request.signal ? [request.signal, timeout] : [timeout];
  const signal = AbortSignal.any(signals);

  try {
    const response = await options.fetch(buildUrl(options.host, request), {
      method: request.method,
      headers: headers(options.apiKey, request.body !== undefined),
      body:
        request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      retryAfter: parseRetryAfter(response.headers.get("retry-after")),
    };
  } catch (error) {
    throw networkError(error, context, {
      cancelled: request.signal?.aborted ?? false,
      timedOut: timeout.aborted,
      timeoutMs: options.timeoutMs,
    });
  }
}

function buildUrl(host: string, request: JsonRequest<unknown>): string {
  // A relative path keeps a self-hosted PostHog's base path, e.g.
  // `https://example.com/posthog`.
  const url = new URL(request.path.replace(/^\//, ""), `${host}/`);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

function headers(apiKey: string, hasBody: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${apiKey}`,
    Accept: "application/json",
    ...(hasBody ? { "Content-Type": "application/json" } : {}),
  };
}

function parseBody<T>(
  request: JsonRequest<T>,
  text: string,
  context: ErrorContext,
): T {
  if (!request.schema) return undefined as T;

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unexpectedResponse(context, text.slice(0, 500));
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) throw unexpectedResponse(context, parsed.error.message);
  return parsed.data;
}

function unexpectedResponse(context: ErrorContext, detail: string): AppError {
  return new AppError({
    kind: "posthog-server",
    code: "POSTHOG_UNEXPECTED_RESPONSE",
    message: `PostHog at ${context.host} sent a response the app cannot read while trying to ${context.operation}.`,
    fix: "Check that the host is a PostHog instance with data warehouse sources, and update the app if it is.",
    detail: redactKey(detail, context.apiKey),
  });
}

/**
 * Retry-After in seconds, from either of its forms (seconds or an HTTP date).
 */
function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number.parseInt(value, 10);

  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function retryDelay(
  options: HttpOptions,
  retryAfter: number | null,
  attempt: number,
): number {
  const requested =
    retryAfter === null ? FIRST_BACKOFF_MS * 2 ** attempt : retryAfter * 1000;
  return Math.min(requested, options.maxRetryDelayMs);
}

async function waitBeforeRetry(
  options: HttpOptions,
  delayMs: number,
  request: JsonRequest<unknown>,
  context: ErrorContext,
): Promise<void> {
  try {
    await options.sleep(delayMs, request.signal);
  } catch (error) {
    throw networkError(error, context, {
      cancelled: true,
      timedOut: false,
      timeoutMs: options.timeoutMs,
    });
  }
}
