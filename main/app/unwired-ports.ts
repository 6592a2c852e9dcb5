import { AppError } from "../../shared/domain/errors";
import type { AppPorts } from "./ports";

function notWired(service: string): never {
  throw new AppError({
    kind: "internal",
    code: "SERVICE_NOT_WIRED",
    message: `The ${service} is not available in this build of dw-connect.`,
    fix: "Install a complete build of dw-connect.",
  });
}

// TODO: replace with the real PostHog client, connector, SSH host key, setup and CDC doctor
// services. Until they are wired in, every call through these ports fails with an AppError.
/** Ports whose every call fails, so the app starts and shows a clear error for missing services. */
export function createUnwiredPorts(): AppPorts {
  return {
    posthog: {
      signIn: () => notWired("PostHog client"),
      listSources: () => notWired("PostHog client"),
      getCatalog: () => notWired("PostHog client"),
    },
    connector: {
      test: () => notWired("Postgres connector"),
      discover: () => notWired("Postgres connector"),
    },
    hostKeys: { trustPending: () => notWired("SSH host key service") },
    setup: {
      plan: () => notWired("setup service"),
      create: () => notWired("setup service"),
      status: () => notWired("setup service"),
    },
    doctor: { run: () => notWired("CDC doctor") },
  };
}
