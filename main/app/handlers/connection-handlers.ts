import type { HandlerRegistrar } from "../../ipc/registry";
import { progressSender, type HandlerDeps } from "./handler-deps";

/** Registers the saved-connection, connection test, host key and discovery channels. */
export function registerConnectionHandlers(
  registry: HandlerRegistrar,
  deps: HandlerDeps,
): void {
  const { connections, ports } = deps;

  registry.register("connection:list", async () => ({
    connections: await connections.list(),
  }));

  registry.register("connection:save", (request) => connections.save(request));

  registry.register("connection:delete", async (request) => {
    await connections.delete(request.id);
    return {};
  });

  registry.register("connection:test", async (request, context) => {
    const connection = await connections.get(request.connectionId);
    const secrets = await connections.getSecrets(request.connectionId);
    return ports.connector.test(connection, secrets, {
      signal: context.signal,
      onStep: (step) =>
        context.emit("operation:progress", {
          operationId: request.operationId,
          message: step.summary,
          step,
        }),
    });
  });

  registry.register("ssh:trust-host-key", async (request) => ({
    trusted: await ports.hostKeys.trustPending(
      request.host,
      request.port,
      request.fingerprint,
    ),
  }));

  registry.register("discovery:run", async (request, context) => {
    const connection = await connections.get(request.connectionId);
    const secrets = await connections.getSecrets(request.connectionId);
    return ports.connector.discover(connection, secrets, {
      signal: context.signal,
      onProgress: progressSender(context, request.operationId),
    });
  });
}
