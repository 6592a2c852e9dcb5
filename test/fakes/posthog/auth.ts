import type { ResolvedOptions } from "./context";
import { notAuthenticated, notFound, permissionDenied } from "./envelopes";
import type { FakeApiKey, FakeResponse } from "./types";

/**
 * Personal API key authentication and scope checks, following `posthog/auth.py`
 * (`PersonalAPIKeyAuthentication`) and `posthog/permissions.py`
 * (`APIScopePermission`).
 */

export function authenticate(
  options: ResolvedOptions,
  authorization: string | undefined,
): FakeApiKey | FakeResponse {
  if (!authorization) {
    return notAuthenticated(
      "Authentication credentials were not provided.",
      "not_authenticated",
    );
  }

  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match ? options.keys.find((k) => k.key === match[1]) : undefined;
  if (!key) {
    return notAuthenticated(
      "Invalid personal API key.",
      "authentication_failed",
    );
  }
  return key;
}

/**
 * Checks a project route: the project must exist, and a key limited to some
 * projects must include it. PostHog runs this before the scope check.
 */
export function checkProjectAccess(
  options: ResolvedOptions,
  key: FakeApiKey,
  projectId: number,
): FakeResponse | null {
  const exists = options.organizations.some((organization) =>
    organization.projects.some((project) => project.id === projectId),
  );
  if (!exists) return notFound();

  if (key.projects && !key.projects.includes(projectId)) {
    return permissionDenied(
      `API key does not have access to the requested project '${projectId}'`,
    );
  }
  return null;
}

/**
 * Checks one required scope. Keys without scopes are legacy keys and may do
 * anything. `*` grants every scope, and a `:write` scope grants the matching
 * `:read`.
 */
export function checkScope(
  key: FakeApiKey,
  required: string,
): FakeResponse | null {
  if (key.scopes.length === 0 || key.scopes.includes("*")) return null;

  const accepted = [required];
  if (required.endsWith(":read")) {
    accepted.push(required.replace(/:read$/, ":write"));
  }
  if (accepted.some((scope) => key.scopes.includes(scope))) return null;

  return permissionDenied(`API key missing required scope '${required}'`);
}
