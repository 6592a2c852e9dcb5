import type { AppErrorShape } from "../../../shared/domain/errors";
import type { ExistingSource } from "../../../shared/ipc/contract";
import { validatePrefix } from "../../../shared/posthog/naming";
import { toErrorShape } from "../api/client";
import type { SliceCreator } from "./types";

export interface PrefixState {
  prefix: string;
  /**
   * True once the user edited the prefix, so a suggestion no longer replaces
   * it.
   */
  prefixEdited: boolean;
  /**
   * The project's existing sources for the clash check, or null until listed.
   */
  existingSources: ExistingSource[] | null;
  existingSourcesLoading: boolean;
  existingSourcesError: AppErrorShape | null;
}

export interface PrefixSlice extends PrefixState {
  setPrefix: (prefix: string) => void;
  /**
   * Proposes a prefix from the database name unless the user already edited the
   * prefix.
   */
  suggestPrefix: (database: string) => void;
  loadExistingSources: () => Promise<void>;
}

export const initialPrefixState: PrefixState = {
  prefix: "",
  prefixEdited: false,
  existingSources: null,
  existingSourcesLoading: false,
  existingSourcesError: null,
};

export const createPrefixSlice: SliceCreator<PrefixSlice> = (
  set,
  get,
  deps,
) => ({
  ...initialPrefixState,

  setPrefix(prefix) {
    set({ prefix, prefixEdited: true, plan: null });
  },

  suggestPrefix(database) {
    if (get().prefixEdited) return;
    set({ prefix: prefixFromDatabase(database), plan: null });
  },

  async loadExistingSources() {
    set({ existingSourcesLoading: true, existingSourcesError: null });
    try {
      const { sources } = await deps.client.call("posthog:list-sources", {});
      set({ existingSources: sources, existingSourcesLoading: false });
    } catch (error) {
      set({
        existingSourcesLoading: false,
        existingSourcesError: toErrorShape(error),
      });
    }
  },
});

/**
 * Builds a prefix such as `sales_db_` from a database name: lowercase, runs of
 * other characters as `_`, and a trailing `_` so that table names read
 * `sales_db_postgres_orders`. Returns an empty prefix when the name gives no
 * valid one.
 */
export function prefixFromDatabase(database: string): string {
  const words = database
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[_0-9]+|_+$/g, "");
  if (words === "") return "";

  const prefix = `${words}_`;
  return validatePrefix(prefix) === null ? prefix : "";
}
