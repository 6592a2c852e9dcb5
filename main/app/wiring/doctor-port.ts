import { runCdcDoctor } from "../../cdc";
import type { PostHogParityDeps, QueryClient } from "../../cdc/types";
import type { PostgresConnector } from "../../connectors/postgres/connector";
import type { PostgresSession } from "../../connectors/postgres/session";
import type { Logger } from "../../services/logging/logger";
import { buildStoreCredentialsPayload } from "../../setup/planner";
import { checkRoute } from "../../setup/route-checks";
import type { DoctorInput, DoctorPort, PostHogSession } from "../ports";
import type { PostHogClientFactory } from "./posthog-port";

/** Adapts a connector session to the doctor's query interface. */
export function queryClientOf(session: PostgresSession): QueryClient {
  return {
    query: async (text, values) => ({
      rows: await session.query<unknown>(text, values),
    }),
  };
}

/**
 * Decides whether PostHog's own check can run: a project must be chosen and PostHog must be
 * able to reach the database on the PostHog route. Returns the parity dependencies, or the
 * reason it cannot run.
 */
export function posthogParity(
  input: Pick<DoctorInput, "connection" | "secrets">,
  session: PostHogSession | null,
  clientFor: PostHogClientFactory,
): { parity: PostHogParityDeps | null; reason: string | undefined } {
  if (!session) {
    return {
      parity: null,
      reason: "Sign in to PostHog and choose a project to compare.",
    };
  }
  const { settings } = input.connection;
  const blocker = checkRoute(settings, input.secrets).blockers[0];
  if (blocker) {
    return {
      parity: null,
      reason: `PostHog cannot reach the database: ${blocker.message}`,
    };
  }

  const client = clientFor(session);
  return {
    parity: {
      check: (body) => client.checkCdcPrerequisites(session.projectId, body),
      connectionKeys: {
        ...buildStoreCredentialsPayload(settings, input.secrets),
      },
    },
    reason: undefined,
  };
}

/** Creates the CDC doctor port, which opens the connection's route, runs every check and closes the route. */
export function createDoctorPort(deps: {
  postgres: PostgresConnector;
  clientFor: PostHogClientFactory;
  logger: Logger;
}): DoctorPort {
  return {
    run(input, options) {
      const { settings } = input.connection;
      const { parity, reason } = input.request.comparePostHog
        ? posthogParity(input, input.session, deps.clientFor)
        : { parity: null, reason: undefined };

      options.onProgress({ message: "Checking the CDC prerequisites" });
      return deps.postgres.withSession(
        settings,
        input.secrets,
        options.signal,
        (session) =>
          runCdcDoctor(queryClientOf(session), input.request, {
            schema: settings.schema,
            posthog: parity,
            posthogUnavailableReason: reason,
            logger: deps.logger.child("cdc-doctor"),
          }),
      );
    },
  };
}
