import { z } from "zod";
import { sourceCatalogEntrySchema } from "../../../shared/domain/posthog";
import type { Logger } from "../logging/logger";
import { JsonFileStore } from "./json-file-store";

const cachedCatalogSchema = z.object({
  /** PostHog host the catalog was fetched from; a cache from another host is not used. */
  host: z.string(),
  sources: z.array(sourceCatalogEntrySchema),
  /** ISO time of the fetch. */
  fetchedAt: z.string(),
});

export type CachedCatalog = z.infer<typeof cachedCatalogSchema>;

const catalogFileSchema = z.object({
  version: z.literal(1),
  catalog: cachedCatalogSchema.nullable(),
});

/** The last source catalog fetched from PostHog's wizard endpoint, for offline use. */
export class CatalogCacheStore {
  private readonly file: JsonFileStore<z.infer<typeof catalogFileSchema>>;

  constructor(options: { path: string; logger: Logger }) {
    this.file = new JsonFileStore({
      path: options.path,
      schema: catalogFileSchema,
      initialValue: () => ({ version: 1, catalog: null }),
      logger: options.logger,
    });
  }

  async get(): Promise<CachedCatalog | null> {
    return (await this.file.read()).catalog;
  }

  async set(catalog: CachedCatalog): Promise<void> {
    await this.file.update((current) => ({ ...current, catalog }));
  }
}
