import type { DiscoveredTable } from "../../../shared/domain/discovery";
import type { PostgresSyncType } from "../../../shared/domain/sync";
import {
  filterTables,
  initialSelection,
  SYNC_TYPE_LABELS,
  withSyncType,
  type TableSelection,
} from "./table-rules";
import { selectCdcBlocker } from "./cdc-rules";
import { tableIndex } from "./selectors";
import type { AppState, GetState, SliceCreator } from "./types";

export interface SelectionState {
  /** Choices keyed by the table's source name. */
  tableSelections: Record<string, TableSelection>;
  tableFilter: string;
  bulkSyncType: PostgresSyncType;
  /** Result of the last bulk action, announced to the user. */
  selectionNotice: string | null;
}

export interface SelectionSlice extends SelectionState {
  /**
   * Sets each table's starting choice, keeping earlier choices for tables seen
   * before.
   */
  initializeSelection: (tables: DiscoveredTable[]) => void;
  setTableFilter: (filter: string) => void;
  setTableSelected: (sourceName: string, selected: boolean) => void;
  /**
   * Sets a table's sync type when the table can use it. CDC is also rejected
   * while the latest CDC doctor report fails the table or the server.
   */
  setTableSyncType: (sourceName: string, syncType: PostgresSyncType) => void;
  setIncrementalField: (sourceName: string, field: string) => void;
  /** Selects or clears every readable table that matches the filter. */
  selectFilteredTables: (selected: boolean) => void;
  setBulkSyncType: (syncType: PostgresSyncType) => void;
  /** Sets the bulk sync type on every selected table that can use it. */
  applyBulkSyncType: () => void;
}

export const initialSelectionState: SelectionState = {
  tableSelections: {},
  tableFilter: "",
  bulkSyncType: "full_refresh",
  selectionNotice: null,
};

export const createSelectionSlice: SliceCreator<SelectionSlice> = (
  set,
  get,
) => {
  function updateTable(
    sourceName: string,
    update: (
      selection: TableSelection,
      table: DiscoveredTable,
    ) => TableSelection | null,
  ): void {
    const selection = get().tableSelections[sourceName];
    const table = findTable(get, sourceName);
    if (!selection || !table) return;

    const next = update(selection, table);
    if (!next) return;
    set((state) => ({
      tableSelections: { ...state.tableSelections, [sourceName]: next },
      selectionNotice: null,
      plan: null,
    }));
  }

  return {
    ...initialSelectionState,

    initializeSelection(tables) {
      const previous = get().tableSelections;
      const tableSelections: Record<string, TableSelection> = {};
      for (const table of tables) {
        const fresh = initialSelection(table);
        const kept = previous[table.sourceName];
        const usable =
          kept &&
          table.canSelect &&
          withSyncType(
            { ...kept, recommendation: fresh.recommendation },
            table,
            kept.syncType,
          );
        tableSelections[table.sourceName] = usable || fresh;
      }
      set({ tableSelections, selectionNotice: null, plan: null });
    },

    setTableFilter(tableFilter) {
      set({ tableFilter, selectionNotice: null });
    },

    setTableSelected(sourceName, selected) {
      updateTable(sourceName, (selection, table) =>
        table.canSelect ? { ...selection, selected } : null,
      );
    },

    setTableSyncType(sourceName, syncType) {
      if (blockedByDoctor(get(), sourceName, syncType)) return;
      updateTable(sourceName, (selection, table) =>
        withSyncType(selection, table, syncType),
      );
    },

    setIncrementalField(sourceName, field) {
      updateTable(sourceName, (selection, table) => {
        const known = table.incrementalCandidates.some(
          (item) => item.field === field,
        );
        return known ? { ...selection, incrementalField: field } : null;
      });
    },

    selectFilteredTables(selected) {
      const { discovery, tableFilter, tableSelections } = get();
      const visible = filterTables(discovery?.tables ?? [], tableFilter);
      const readable = visible.filter((table) => table.canSelect);

      const next = { ...tableSelections };
      for (const table of readable) {
        const selection = next[table.sourceName];
        if (selection) next[table.sourceName] = { ...selection, selected };
      }

      const notice = selectionNotice(selected, readable.length, visible.length);
      set({ tableSelections: next, selectionNotice: notice, plan: null });
    },

    setBulkSyncType(bulkSyncType) {
      set({ bulkSyncType });
    },

    applyBulkSyncType() {
      const state = get();
      const { discovery, tableSelections, bulkSyncType } = state;
      const next = { ...tableSelections };
      let changed = 0;
      let skipped = 0;

      for (const table of discovery?.tables ?? []) {
        const selection = next[table.sourceName];
        if (!selection?.selected) continue;

        const updated = blockedByDoctor(state, table.sourceName, bulkSyncType)
          ? null
          : withSyncType(selection, table, bulkSyncType);
        if (updated) next[table.sourceName] = updated;
        if (updated) changed += 1;
        else skipped += 1;
      }

      const notice = bulkNotice(bulkSyncType, changed, skipped);
      set({ tableSelections: next, selectionNotice: notice, plan: null });
    },
  };
};

function blockedByDoctor(
  state: AppState,
  sourceName: string,
  syncType: PostgresSyncType,
): boolean {
  return syncType === "cdc" && selectCdcBlocker(state, sourceName) !== null;
}

function findTable(
  get: GetState,
  sourceName: string,
): DiscoveredTable | undefined {
  return tableIndex(get().discovery?.tables ?? []).get(sourceName);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

function selectionNotice(
  selected: boolean,
  readable: number,
  visible: number,
): string {
  const verb = selected ? "Selected" : "Cleared";
  const unreadable = visible - readable;
  const skipped =
    unreadable > 0
      ? ` ${plural(unreadable, "table")} the role cannot read stayed unselected.`
      : "";
  return `${verb} ${plural(readable, "table")}.${selected ? skipped : ""}`;
}

function bulkNotice(
  syncType: PostgresSyncType,
  changed: number,
  skipped: number,
): string {
  if (changed === 0 && skipped === 0)
    return "Select tables first, then set their sync type.";

  const label = SYNC_TYPE_LABELS[syncType];
  const done = `Set ${label} on ${plural(changed, "selected table")}.`;
  if (skipped === 0) return done;
  const left = skipped === 1 ? "was left unchanged" : "were left unchanged";
  return `${done} ${plural(skipped, "table")} cannot use ${label} and ${left}.`;
}
