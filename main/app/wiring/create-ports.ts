import { PostgresConnector } from "../../connectors/postgres/connector";
import type { Lookup } from "../../net/lookup";
import type { Logger } from "../../services/logging/logger";
import type { CatalogCacheStore } from "../../services/storage/catalog-cache-store";
import { HostKeyTrust } from "../../ssh/host-key";
import { Ssh2SessionFactory } from "../../ssh/session-factory";
import type { KnownHostsStore } from "../../ssh/types";
import type { AppPorts, DoctorPort } from "../ports";
import { createDoctorPort } from "./doctor-port";
import { createConnectorPort } from "./connector-port";
import { DiscoveryCache } from "./discovery-cache";
import { createPostHogClientFactory, createPostHogPort } from "./posthog-port";
import { SetupService } from "./setup-service";

export interface PortDependencies {
  /** Resolves names on this machine: the system resolver in the app, a fixed map in tests. */
  lookup: Lookup;
  knownHosts: KnownHostsStore;
  catalogCache: CatalogCacheStore;
  logger: Logger;
  /** Fetch for PostHog's API; the global fetch by default. */
  fetch?: typeof fetch;
  /** Milliseconds between SSH keepalives (default 15 000). */
  sshKeepaliveIntervalMs?: number;
  /** Replaces the CDC doctor, for tests that do not exercise it. */
  doctor?: DoctorPort;
}

/** Builds the real services behind every IPC port. */
export function createPorts(deps: PortDependencies): AppPorts {
  const hostKeyTrust = new HostKeyTrust(
    deps.knownHosts,
    deps.logger.child("host-keys"),
  );
  const sshSessionFactory = new Ssh2SessionFactory({
    lookup: deps.lookup,
    hostKeys: hostKeyTrust,
    logger: deps.logger.child("ssh"),
    keepaliveIntervalMs: deps.sshKeepaliveIntervalMs,
  });
  const postgres = new PostgresConnector({
    lookup: deps.lookup,
    sshSessionFactory,
    logger: deps.logger.child("postgres"),
  });
  const clientFor = createPostHogClientFactory({
    fetch: deps.fetch,
    logger: deps.logger,
  });
  const discoveries = new DiscoveryCache();

  return {
    posthog: createPostHogPort({
      clientFor,
      catalogCache: deps.catalogCache,
      logger: deps.logger,
    }),
    connector: createConnectorPort({ postgres, discoveries }),
    hostKeys: {
      trustPending: async (host, port, fingerprint) => {
        await hostKeyTrust.trustPending(host, port, fingerprint);
        return true;
      },
    },
    setup: new SetupService({ clientFor, discoveries, logger: deps.logger }),
    doctor:
      deps.doctor ??
      createDoctorPort({ postgres, clientFor, logger: deps.logger }),
  };
}
