import { IpcRegistry } from "../ipc/registry";
import type { Logger } from "../services/logging/logger";
import type { Redactor } from "../services/logging/redactor";
import { OperationRegistry } from "../services/operations";
import type { ConnectionStore } from "../services/storage/connection-store";
import type { PostHogAccountStore } from "../services/storage/posthog-account-store";
import { registerConnectionHandlers } from "./handlers/connection-handlers";
import type { HandlerDeps } from "./handlers/handler-deps";
import { registerPostHogHandlers } from "./handlers/posthog-handlers";
import { registerSetupHandlers } from "./handlers/setup-handlers";
import type { AppPorts } from "./ports";

export interface AppServiceDeps<Sender> {
  isTrustedSender: (sender: Sender) => boolean;
  logger: Logger;
  /** The redactor the logger uses; sign-in adds the typed API key to it. */
  redactor: Redactor;
  connections: ConnectionStore;
  account: PostHogAccountStore;
  ports: AppPorts;
}

export interface AppServices<Sender> {
  registry: IpcRegistry<Sender>;
  operations: OperationRegistry;
}

/**
 * Builds the IPC registry with a handler for every channel of the contract. The transport
 * (Electron IPC or the e2e HTTP bridge) is bound by the caller.
 */
export function createAppServices<Sender>(
  deps: AppServiceDeps<Sender>,
): AppServices<Sender> {
  const operations = new OperationRegistry();
  const registry = new IpcRegistry<Sender>({
    isTrustedSender: deps.isTrustedSender,
    operations,
    logger: deps.logger,
    redactor: deps.redactor,
  });

  const handlerDeps: HandlerDeps = {
    connections: deps.connections,
    account: deps.account,
    ports: deps.ports,
    operations,
    redactor: deps.redactor,
  };
  registerPostHogHandlers(registry, handlerDeps);
  registerConnectionHandlers(registry, handlerDeps);
  registerSetupHandlers(registry, handlerDeps);

  const missing = registry.missingChannels();
  if (missing.length > 0) {
    throw new Error(`No handler is registered for ${missing.join(", ")}.`);
  }

  return { registry, operations };
}
