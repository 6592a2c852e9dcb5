import { AppError } from "../../../shared/domain/errors";
import type { Redactor } from "../../services/logging/redactor";
import type { OperationRegistry } from "../../services/operations";
import type { ConnectionStore } from "../../services/storage/connection-store";
import type { PostHogAccountStore } from "../../services/storage/posthog-account-store";
import type { HandlerContext } from "../../ipc/registry";
import type { AppPorts, PostHogSession, Progress } from "../ports";

export interface HandlerDeps {
  connections: ConnectionStore;
  account: PostHogAccountStore;
  ports: AppPorts;
  operations: OperationRegistry;
  redactor: Redactor;
}

/** Returns the session of the signed-in account, or null without a key or a chosen project. */
export async function findSession(
  account: PostHogAccountStore,
): Promise<PostHogSession | null> {
  const stored = await account.get();
  const apiKey = await account.getApiKey();
  if (stored === null || apiKey === null || stored.projectId === null) {
    return null;
  }

  return { host: stored.host, projectId: stored.projectId, apiKey };
}

export async function requireSession(
  account: PostHogAccountStore,
): Promise<PostHogSession> {
  const session = await findSession(account);
  if (session === null) {
    throw new AppError({
      kind: "posthog-auth",
      code: "POSTHOG_NOT_SIGNED_IN",
      message: "No PostHog project is selected.",
      fix: "Sign in to PostHog and choose a project, then try again.",
    });
  }

  return session;
}

/** Sends progress of the request's operation to the renderer as `operation:progress`. */
export function progressSender(
  context: HandlerContext,
  operationId: string,
): (progress: Progress) => void {
  return (progress) =>
    context.emit("operation:progress", { operationId, ...progress });
}
