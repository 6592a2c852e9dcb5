import { memo, useId } from "react";
import type { DiscoveredTable } from "../../../../shared/domain/discovery";
import {
  POSTGRES_SYNC_TYPES,
  type PostgresSyncType,
} from "../../../../shared/domain/sync";
import {
  formatRowEstimate,
  RELATION_KIND_LABELS,
} from "../../components/format";
import { selectCdcBlocker, type CdcBlocker } from "../../store/cdc-rules";
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
  const cdcBlocker = useAppStore((state) =>
    selectCdcBlocker(state, table.sourceName),
  );
  const setSelected = useAppStore((state) => state.setTableSelected);
  const reasonId = useId();
  if (!selection) return null;

  const name = table.sourceName;
  const readable = table.canSelect;
  const cdcFlagged = selection.syncType === "cdc" && cdcBlocker !== null;
  const kind = RELATION_KIND_LABELS[table.kind];
  const estimate = formatRowEstimate(table.estimatedRows);

  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-disabled={readable ? undefined : true}
      className={rowClassName(readable, cdcFlagged)}
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
      <span role="cell" title={kind}>
        {kind}
      </span>
      <span role="cell" className="numeric" title={estimate}>
        {estimate}
      </span>
      <span role="cell">
        <SyncTypeSelect
          table={table}
          selection={selection}
          cdcBlocker={cdcBlocker}
          reasonId={reasonId}
        />
      </span>
      <span role="cell">
        <IncrementalFieldSelect table={table} selection={selection} />
      </span>
      <ReasonCell
        id={reasonId}
        table={table}
        selection={selection}
        cdcBlocker={cdcBlocker}
      />
    </div>
  );
});

function rowClassName(readable: boolean, cdcFlagged: boolean): string {
  if (!readable) return "table-row table-row-disabled";
  return cdcFlagged ? "table-row table-row-cdc-blocked" : "table-row";
}

/**
 * Renders the sync type picker. CDC is disabled when discovery rules it out or
 * the latest CDC check failed the table, and a table still set to CDC after
 * such a failure is marked invalid.
 */
function SyncTypeSelect({
  table,
  selection,
  cdcBlocker,
  reasonId,
}: {
  table: DiscoveredTable;
  selection: TableSelection;
  cdcBlocker: CdcBlocker | null;
  reasonId: string;
}) {
  const setSyncType = useAppStore((state) => state.setTableSyncType);
  const flagged = selection.syncType === "cdc" && cdcBlocker !== null;

  return (
    <select
      aria-label={`Sync type for ${table.sourceName}`}
      aria-invalid={flagged || undefined}
      aria-describedby={flagged ? reasonId : undefined}
      value={selection.syncType}
      disabled={!table.canSelect}
      onChange={(event) =>
        setSyncType(table.sourceName, event.target.value as PostgresSyncType)
      }
    >
      {POSTGRES_SYNC_TYPES.map((syncType) => {
        const blocker =
          syncTypeBlocker(table, syncType) ??
          (syncType === "cdc" && cdcBlocker
            ? `not ready: ${cdcBlocker.titles}`
            : null);
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

/**
 * Renders why the table has its sync type, and under it why CDC is not
 * available when the latest CDC check failed the table.
 */
function ReasonCell({
  id,
  table,
  selection,
  cdcBlocker,
}: {
  id: string;
  table: DiscoveredTable;
  selection: TableSelection;
  cdcBlocker: CdcBlocker | null;
}) {
  const reason = reasonText(table, selection);
  if (!cdcBlocker || !table.canSelect) {
    return (
      <span role="cell" id={id} className="table-reason" title={reason}>
        {reason}
      </span>
    );
  }

  const flagged = selection.syncType === "cdc";
  const note = flagged
    ? `CDC not ready: ${cdcBlocker.detail}. Choose another sync type.`
    : `CDC not available: ${cdcBlocker.detail}.`;
  const noteLine = (
    <span className="cdc-note">
      <span aria-hidden="true">! </span>
      {note}
    </span>
  );
  return (
    <span
      role="cell"
      id={id}
      className="table-reason table-reason-with-note"
      title={`${note}\n${reason}`}
    >
      {flagged && noteLine}
      <span>{reason}</span>
      {!flagged && noteLine}
    </span>
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
