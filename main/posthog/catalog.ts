import { isAppError } from "../../shared/domain/errors";
import type {
  SourceCatalog,
  SourceCatalogEntry,
  SourceField,
} from "../../shared/domain/posthog";
import type { WizardSource } from "./api-types";
import { BUILT_IN_CATALOG } from "./builtin-catalog";
import type { Logger, PostHogClient } from "./client";

/**
 * A JSON document kept between runs. The app passes a file store, tests an
 * in-memory one.
 */
export interface JsonStore<T> {
  read(): Promise<T | null>;
  write(value: T): Promise<void>;
}

export interface CachedCatalog {
  /**
   * PostHog host the catalog came from. The catalog of another host is not
   * reused.
   */
  host: string;
  fetchedAt: string;
  sources: SourceCatalogEntry[];
}

/** The signed-in client and the chosen project, to load the wizard from. */
export interface CatalogConnection {
  client: Pick<PostHogClient, "getWizard" | "host">;
  projectId: number;
}

export interface SourceCatalogServiceOptions {
  store: JsonStore<CachedCatalog>;
  now?: () => Date;
  logger?: Logger;
}

/** Same as the wizard's `Cache-Control: private, max-age=600`. */
export const CATALOG_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * Source types this app can connect to, discover and check from this machine.
 */
const LOCAL_PROBE_TYPES = new Set(["Postgres"]);

/**
 * Provides the source catalog: PostHog's wizard when reachable (cached for ten
 * minutes), else the last cached copy, else the built-in catalog. The last two
 * carry a warning.
 */
export class SourceCatalogService {
  private readonly store: JsonStore<CachedCatalog>;
  private readonly now: () => Date;
  private readonly logger: Logger | undefined;

  constructor(options: SourceCatalogServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
  }

  async getCatalog(
    connection: CatalogConnection | null,
    options: { refresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<SourceCatalog> {
    const cached = await this.readCache();
    if (!connection) return this.offline(cached, null);

    const host = connection.client.host;
    const ownCache = cached?.host === host ? cached : null;
    if (ownCache && !options.refresh && this.isFresh(ownCache)) {
      return fromCache(ownCache, null);
    }

    try {
      const wizard = await connection.client.getWizard(
        connection.projectId,
        undefined,
        options.signal,
      );
      return await this.saveFetched(host, wizard);
    } catch (error) {
      const reason = isAppError(error) ? error.message : String(error);
      this.logger?.warn("Loading PostHog's source catalog failed", {
        host,
        reason,
      });
      return this.offline(ownCache, reason);
    }
  }

  private async saveFetched(
    host: string,
    wizard: Record<string, WizardSource>,
  ): Promise<SourceCatalog> {
    const fetchedAt = this.now().toISOString();
    const sources = Object.values(wizard)
      .filter((source) => source.unreleasedSource !== true)
      .map(toCatalogEntry);

    try {
      await this.store.write({ host, fetchedAt, sources });
    } catch (error) {
      this.logger?.warn("Saving the source catalog cache failed", {
        error: String(error),
      });
    }
    return { sources, origin: "posthog", fetchedAt, warning: null };
  }

  private async readCache(): Promise<CachedCatalog | null> {
    try {
      return await this.store.read();
    } catch (error) {
      this.logger?.warn("Reading the source catalog cache failed", {
        error: String(error),
      });
      return null;
    }
  }

  private isFresh(cached: CachedCatalog): boolean {
    const age = this.now().getTime() - Date.parse(cached.fetchedAt);
    return age >= 0 && age < CATALOG_MAX_AGE_MS;
  }

  /**
   * Returns the cached or built-in catalog, with a warning that names the
   * reason.
   */
  private offline(
    cached: CachedCatalog | null,
    failure: string | null,
  ): SourceCatalog {
    const cause = failure
      ? `PostHog's source list could not be loaded (${failure})`
      : "You are not signed in to PostHog";

    if (cached) {
      return fromCache(
        cached,
        `${cause}, so the list saved at ${cached.fetchedAt} is shown.`,
      );
    }
    return {
      sources: BUILT_IN_CATALOG,
      origin: "built-in",
      fetchedAt: null,
      warning: `${cause}, so only the sources built into this app are shown.`,
    };
  }
}

function fromCache(
  cached: CachedCatalog,
  warning: string | null,
): SourceCatalog {
  return {
    sources: cached.sources,
    origin: "cache",
    fetchedAt: cached.fetchedAt,
    warning,
  };
}

/**
 * Maps a wizard `SourceConfig` to a catalog entry, keeping its top-level
 * fields. NOTE: a select's options and their nested fields (Stripe's API key
 * sits inside `auth_method`) are dropped, because `SourceField` has no place
 * for them.
 */
export function toCatalogEntry(source: WizardSource): SourceCatalogEntry {
  return {
    name: source.name,
    label: source.label ?? source.name,
    caption: source.caption ?? "",
    docsUrl: source.docsUrl ?? null,
    fields: source.fields.map(toSourceField),
    localProbe: LOCAL_PROBE_TYPES.has(source.name),
    releaseStatus: source.releaseStatus ?? null,
  };
}

function toSourceField(field: WizardSource["fields"][number]): SourceField {
  const result: SourceField = {
    name: field.name,
    label: field.label ?? field.name,
    type: field.type,
    required: field.required ?? false,
    secret: field.secret ?? false,
  };
  if (field.placeholder) result.placeholder = field.placeholder;
  if (field.caption) result.caption = field.caption;
  return result;
}

/** Creates an in-memory store, for tests and for running without a file. */
export function memoryStore<T>(initial: T | null = null): JsonStore<T> {
  let value = initial;
  return {
    read: () => Promise.resolve(value),
    write: (next) => {
      value = next;
      return Promise.resolve();
    },
  };
}
