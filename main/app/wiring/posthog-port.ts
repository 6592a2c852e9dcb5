import type { ExistingSource } from "../../../shared/ipc/contract";
import type { ExternalDataSource } from "../../posthog/api-types";
import { describeProjects, PostHogClient } from "../../posthog/client";
import type { CachedCatalog, JsonStore } from "../../posthog/catalog";
import { SourceCatalogService } from "../../posthog/catalog";
import type { Logger } from "../../services/logging/logger";
import type { CatalogCacheStore } from "../../services/storage/catalog-cache-store";
import type { PostHogPort, PostHogSession } from "../ports";

export interface PostHogClientFactoryOptions {
  fetch?: typeof fetch;
  logger: Logger;
  timeoutMs?: number;
}

/** Creates a PostHog client for a host and key; cheap, so one is made per call. */
export type PostHogClientFactory = (session: {
  host: string;
  apiKey: string;
}) => PostHogClient;

export function createPostHogClientFactory(
  options: PostHogClientFactoryOptions,
): PostHogClientFactory {
  const logger = options.logger.child("posthog");
  return ({ host, apiKey }) =>
    new PostHogClient({
      host,
      apiKey,
      fetch: options.fetch,
      logger,
      timeoutMs: options.timeoutMs,
    });
}

/** Maps PostHog's source object to what the prefix clash check needs. */
export function toExistingSource(source: ExternalDataSource): ExistingSource {
  return {
    id: source.id,
    sourceType: source.source_type,
    prefix: source.prefix ?? null,
    status: source.status ?? null,
    createdAt: source.created_at ?? null,
  };
}

/** Adapts the settings file's catalog cache to the catalog service's store interface. */
function catalogStore(cache: CatalogCacheStore): JsonStore<CachedCatalog> {
  return {
    read: () => cache.get(),
    write: (value) => cache.set(value),
  };
}

/** Creates the PostHog port over the REST client and the catalog service. */
export function createPostHogPort(deps: {
  clientFor: PostHogClientFactory;
  catalogCache: CatalogCacheStore;
  logger: Logger;
}): PostHogPort {
  const catalog = new SourceCatalogService({
    store: catalogStore(deps.catalogCache),
    logger: deps.logger.child("catalog"),
  });

  return {
    async signIn(input, signal) {
      const client = deps.clientFor(input);
      const user = await client.getCurrentUser(signal);
      const projects = await client.listProjects(signal);
      return {
        projects: describeProjects(projects, user),
        userEmail: user.email ?? null,
      };
    },

    async listSources(session: PostHogSession) {
      const sources = await deps
        .clientFor(session)
        .listSources(session.projectId);
      return sources.map(toExistingSource);
    },

    getCatalog(session, options) {
      const connection = session
        ? { client: deps.clientFor(session), projectId: session.projectId }
        : null;
      return catalog.getCatalog(connection, { refresh: options.refresh });
    },
  };
}
