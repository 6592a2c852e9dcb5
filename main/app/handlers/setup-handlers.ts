import type { HandlerRegistrar } from "../../ipc/registry";
import {
  findSession,
  progressSender,
  requireSession,
  type HandlerDeps,
} from "./handler-deps";

/** Registers the setup, status, CDC doctor and operation-cancel channels. */
export function registerSetupHandlers(
  registry: HandlerRegistrar,
  deps: HandlerDeps,
): void {
  const { connections, account, ports, operations } = deps;

  registry.register("operation:cancel", (request) => ({
    cancelled: operations.cancel(request.operationId),
  }));

  registry.register("setup:plan", async (request) => {
    const session = await requireSession(account);
    const connection = await connections.get(request.connectionId);
    const secrets = await connections.getSecrets(request.connectionId);
    return ports.setup.plan({
      connection,
      secrets,
      session,
      prefix: request.prefix,
      tables: request.tables,
      cdc: request.cdc,
    });
  });

  registry.register("setup:create", (request, context) =>
    ports.setup.create(request.planId, {
      signal: context.signal,
      onProgress: progressSender(context, request.operationId),
    }),
  );

  registry.register("setup:get-status", (request) =>
    ports.setup.status(request.planId),
  );

  registry.register("cdc:run-doctor", async (request, context) => {
    const { connectionId, operationId, ...doctorRequest } = request;
    const connection = await connections.get(connectionId);
    const secrets = await connections.getSecrets(connectionId);
    return ports.doctor.run(
      {
        connection,
        secrets,
        session: await findSession(account),
        request: doctorRequest,
      },
      {
        signal: context.signal,
        onProgress: progressSender(context, operationId),
      },
    );
  });
}
