import type { FakeResponse } from "./types";

/**
 * PostHog's error envelopes. Handlers that return an explicit response use
 * `{"message"}`; raised DRF exceptions pass through drf-exceptions-hog and
 * become `{"type", "code", "detail", "attr"}`.
 */
export function messageError(message: string, status = 400): FakeResponse {
  return { status, body: { message } };
}

export function drfError(
  status: number,
  type: string,
  code: string,
  detail: string,
  attr: string | null = null,
): FakeResponse {
  return { status, body: { type, code, detail, attr } };
}

export function fieldError(
  attr: string,
  code: string,
  detail: string,
): FakeResponse {
  return drfError(400, "validation_error", code, detail, attr);
}

export function notAuthenticated(detail: string, code: string): FakeResponse {
  return drfError(401, "authentication_error", code, detail);
}

export function permissionDenied(detail: string): FakeResponse {
  return drfError(403, "authentication_error", "permission_denied", detail);
}

export function notFound(): FakeResponse {
  return drfError(404, "invalid_request", "not_found", "Not found.");
}

export function serverError(): FakeResponse {
  return drfError(500, "server_error", "error", "A server error occurred.");
}

export function throttled(retryAfterSeconds: number): FakeResponse {
  const unit = retryAfterSeconds === 1 ? "second" : "seconds";
  return {
    ...drfError(
      429,
      "throttled_error",
      "throttled",
      `Request was throttled. Expected available in ${retryAfterSeconds} ${unit}.`,
    ),
    headers: { "Retry-After": String(retryAfterSeconds) },
  };
}

/** Builds the body PostHog sends for a status, for a fault that gives none. */
export function defaultFaultResponse(status: number): FakeResponse {
  switch (status) {
    case 401:
      return notAuthenticated(
        "Invalid personal API key.",
        "authentication_failed",
      );
    case 403:
      return permissionDenied(
        "You do not have permission to perform this action.",
      );
    case 404:
      return notFound();
    case 429:
      return throttled(1);
    default:
      return status >= 500
        ? { ...serverError(), status }
        : messageError("Bad request", status);
  }
}
