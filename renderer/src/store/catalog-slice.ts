import type { AppErrorShape } from "../../../shared/domain/errors";
import type {
  SourceCatalog,
  SourceCatalogEntry,
} from "../../../shared/domain/posthog";
import { toErrorShape } from "../api/client";
import type { SliceCreator } from "./types";

/**
 * Source types this app can set up end to end. The rest are set up in PostHog.
 */
export const SUPPORTED_SOURCE_TYPES: readonly string[] = ["Postgres"];

export interface CatalogState {
  catalog: SourceCatalog | null;
  catalogLoading: boolean;
  catalogError: AppErrorShape | null;
  /** PostHog source type chosen on the source type step, e.g. `Postgres`. */
  sourceType: string | null;
}

export interface CatalogSlice extends CatalogState {
  /**
   * Loads the source catalog. With `refresh`, main fetches it from PostHog
   * again.
   */
  loadCatalog: (refresh: boolean) => Promise<void>;
  selectSourceType: (name: string) => void;
}

export const initialCatalogState: CatalogState = {
  catalog: null,
  catalogLoading: false,
  catalogError: null,
  sourceType: null,
};

export function isSupportedSource(entry: SourceCatalogEntry): boolean {
  return entry.localProbe && SUPPORTED_SOURCE_TYPES.includes(entry.name);
}

export const createCatalogSlice: SliceCreator<CatalogSlice> = (
  set,
  get,
  deps,
) => ({
  ...initialCatalogState,

  async loadCatalog(refresh) {
    set({ catalogLoading: true, catalogError: null });
    try {
      const catalog = await deps.client.call("catalog:list-sources", {
        refresh,
      });
      set({ catalog, catalogLoading: false });
    } catch (error) {
      set({ catalogLoading: false, catalogError: toErrorShape(error) });
    }
  },

  selectSourceType(name) {
    const entry = get().catalog?.sources.find((source) => source.name === name);
    if (!entry || !isSupportedSource(entry)) return;
    set({ sourceType: name });
  },
});
