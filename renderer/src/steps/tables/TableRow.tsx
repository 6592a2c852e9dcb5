import { memo } from "react";
import type { DiscoveredTable } from "../../../../shared/domain/discovery";
import {
  POSTGRES_SYNC_TYPES,
  type PostgresSyncType,
} from "../../../../shared/domain/sync";
import {
  formatRowEstimate,
  RELATION_KIND_LABELS,
} from "../../components/format";
import { useAppStore } from "../../store/context";
import {
  SYNC_TYPE_LABELS,
  syncTypeBlocker,
  type TableSelection,
} from "../../store/table-rules";

/**
 * Renders one row of the table list. It reads only its own selection, so
 * changing one row re-renders only that row.
 */
export const TableRow = memo(function TableRow({
  table,
  rowIndex,
  offset,
}: {
  table: DiscoveredTable;
  /** 1-based `aria-rowindex`, counting the header row. */
  rowIndex: number;
  /** Distance in pixels from the top of the list, set by the virtualizer. */
  offset: number;
}) {
  const selection = useAppStore(
    (state) => state.tableSelections[table.sourceName],
  );
  const setSelected = useAppStore((state) => state.setTableSelected);
  if (!selection) return null;

  const name = table.sourceName;
  const readable = table.canSelect;

  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-disabled={readable ? undefined : true}
      className={readable ? "table-row" : "table-row table-row-disabled"}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span role="cell">
        <input
          type="checkbox"
          aria-label={name}
          checked={selection.selected}
          disabled={!readable}
          onChange={(event) => setSelected(name, event.target.checked)}
        />
      </span>
      <span role="cell" className="table-name" title={name}>
        {name}
      </span>
      <span role="cell">{RELATION_KIND_LABELS[table.kind]}</span>
      <span role="cell" className="numeric">
        {formatRowEstimate(table.estimatedRows)}
      </span>
      <span role="cell">
        <SyncTypeSelect table={table} selection={selection} />
      </span>
      <span role="cell">
        <IncrementalFieldSelect table={table} selection={selection} />
      </span>
      <span
        role="cell"
        className="table-reason"
        title={reasonText(table, selection)}
      >
        {reasonText(table, selection)}
      </span>
    </div>
  );
});

function SyncTypeSelect({
  table,
  selection,
}: {
  table: DiscoveredTable;
  selection: TableSelection;
}) {
  const setSyncType = useAppStore((state) => state.setTableSyncType);

  return (
    <select
      aria-label={`Sync type for ${table.sourceName}`}
      value={selection.syncType}
      disabled={!table.canSelect}
      onChange={(event) =>
        setSyncType(table.sourceName, event.target.value as PostgresSyncType)
      }
    >
      {POSTGRES_SYNC_TYPES.map((syncType) => {
        const blocker = syncTypeBlocker(table, syncType);
        return (
          <option key={syncType} value={syncType} disabled={blocker !== null}>
            {blocker
              ? `${SYNC_TYPE_LABELS[syncType]} (${blocker})`
              : SYNC_TYPE_LABELS[syncType]}
          </option>
        );
      })}
    </select>
  );
}

function IncrementalFieldSelect({
  table,
  selection,
}: {
  table: DiscoveredTable;
  selection: TableSelection;
}) {
  const setIncrementalField = useAppStore((state) => state.setIncrementalField);
  const usesField =
    selection.syncType === "incremental" || selection.syncType === "append";
  if (!usesField || selection.incrementalField === null) {
    return <span className="muted">not used</span>;
  }

  return (
    <select
      aria-label={`Incremental field for ${table.sourceName}`}
      value={selection.incrementalField}
      disabled={!table.canSelect}
      onChange={(event) =>
        setIncrementalField(table.sourceName, event.target.value)
      }
    >
      {table.incrementalCandidates.map((candidate) => (
        <option
          key={candidate.field}
          value={candidate.field}
          title={candidate.fieldType}
        >
          {candidate.field}
        </option>
      ))}
    </select>
  );
}

function reasonText(table: DiscoveredTable, selection: TableSelection): string {
  if (!table.canSelect)
    return `Cannot be read: ${table.readIssue ?? "no SELECT privilege"}`;

  const recommendation = selection.recommendation;
  if (selection.syncType === recommendation.syncType)
    return recommendation.reason;
  return `Recommended ${SYNC_TYPE_LABELS[recommendation.syncType]}: ${recommendation.reason}`;
}
