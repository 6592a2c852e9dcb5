import { AppError } from "../../../shared/domain/errors";
import {
  POSTHOG_CLOUD_HOSTS,
  type PostHogProject,
  type PostHogRegion,
} from "../../../shared/domain/posthog";
import type { StoredPostHogAccount } from "../../services/storage/posthog-account-store";
import type { HandlerRegistrar } from "../../ipc/registry";
import { findSession, requireSession, type HandlerDeps } from "./handler-deps";

/** Registers the PostHog account and catalog channels. */
export function registerPostHogHandlers(
  registry: HandlerRegistrar,
  deps: HandlerDeps,
): void {
  const { account, ports, redactor } = deps;

  registry.register("posthog:get-account", () => account.view());

  registry.register("posthog:sign-in", async (request, context) => {
    redactor.addSecret(request.apiKey);
    const host = resolvePostHogHost(request.region, request.host);
    const result = await ports.posthog.signIn(
      { host, apiKey: request.apiKey },
      context.signal,
    );

    const previous = await account.get();
    const stored: StoredPostHogAccount = {
      region: request.region,
      host,
      projects: result.projects,
      projectId: pickProject(previous, host, result.projects),
      userEmail: result.userEmail,
    };
    await account.signIn(stored, request.apiKey);
    return account.view();
  });

  registry.register("posthog:select-project", async (request) => {
    const stored = await account.get();
    if (stored === null) {
      throw notSignedInError();
    }

    if (!stored.projects.some((project) => project.id === request.projectId)) {
      throw unknownProjectError(request.projectId, stored.host);
    }

    await account.update({ ...stored, projectId: request.projectId });
    return account.view();
  });

  registry.register("posthog:sign-out", async () => {
    await account.signOut();
    return account.view();
  });

  registry.register("posthog:list-sources", async () => {
    const sources = await ports.posthog.listSources(
      await requireSession(account),
    );
    return { sources };
  });

  registry.register("catalog:list-sources", async (request) =>
    ports.posthog.getCatalog(await findSession(account), {
      refresh: request.refresh,
    }),
  );
}

/**
 * Returns the base URL of the PostHog instance: the fixed host of a cloud region, or the
 * self-hosted URL without a trailing slash.
 */
export function resolvePostHogHost(
  region: PostHogRegion,
  host: string,
): string {
  if (region !== "self-hosted") {
    return POSTHOG_CLOUD_HOSTS[region];
  }

  const url = parseUrl(host.trim());
  if (url === null || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new AppError({
      kind: "invalid-input",
      code: "POSTHOG_HOST_INVALID",
      message: `The PostHog host "${host}" is not a valid http or https URL.`,
      fix: "Enter the address you open PostHog at, such as https://posthog.example.com.",
      field: "host",
    });
  }

  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Keeps the previously chosen project when it is still accessible on the same host, picks the
 * only project when there is one, and otherwise leaves the choice to the user.
 */
function pickProject(
  previous: StoredPostHogAccount | null,
  host: string,
  projects: PostHogProject[],
): number | null {
  const previousId = previous?.host === host ? previous.projectId : null;
  if (
    previousId !== null &&
    projects.some((project) => project.id === previousId)
  ) {
    return previousId;
  }

  return projects.length === 1 && projects[0] !== undefined
    ? projects[0].id
    : null;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function notSignedInError(): AppError {
  return new AppError({
    kind: "posthog-auth",
    code: "POSTHOG_NOT_SIGNED_IN",
    message: "dw-connect is not signed in to PostHog.",
    fix: "Sign in to PostHog, then choose a project.",
  });
}

function unknownProjectError(projectId: number, host: string): AppError {
  return new AppError({
    kind: "invalid-input",
    code: "POSTHOG_PROJECT_UNKNOWN",
    message: `Project ${projectId} is not one of the projects the API key can access on ${host}.`,
    fix: "Choose a project from the list, or sign in again to refresh it.",
    field: "projectId",
  });
}
