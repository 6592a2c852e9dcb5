import { useId } from "react";
import {
  POSTGRES_SYNC_TYPES,
  type PostgresSyncType,
} from "../../../../shared/domain/sync";
import { formatCount, plural } from "../../components/format";
import { useAppStore } from "../../store/context";
import { selectSelectedCount } from "../../store/selectors";
import { SYNC_TYPE_LABELS } from "../../store/table-rules";

/**
 * Renders the filter, counts, Select all and Select none on the shown rows, and
 * the bulk sync type.
 */
export function TableToolbar({
  total,
  visible,
}: {
  total: number;
  visible: number;
}) {
  const filter = useAppStore((state) => state.tableFilter);
  const selected = useAppStore(selectSelectedCount);
  const notice = useAppStore((state) => state.selectionNotice);
  const setFilter = useAppStore((state) => state.setTableFilter);
  const selectFiltered = useAppStore((state) => state.selectFilteredTables);
  const id = useId();

  return (
    <div className="table-toolbar">
      <div className="toolbar-row">
        <div className="field field-inline">
          <label htmlFor={`${id}-filter`}>Filter tables</label>
          <input
            id={`${id}-filter`}
            type="search"
            placeholder="Name contains…"
            spellCheck={false}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
        <p className="table-counts">
          Showing {formatCount(visible)} of {plural(total, "table")},{" "}
          {formatCount(selected)} selected
        </p>
        <CdcCheckButton />
      </div>
      <div className="toolbar-row">
        <div
          className="button-group"
          role="group"
          aria-describedby={`${id}-scope`}
        >
          <button
            type="button"
            className="button"
            onClick={() => selectFiltered(true)}
          >
            Select all
          </button>
          <button
            type="button"
            className="button"
            onClick={() => selectFiltered(false)}
          >
            Select none
          </button>
        </div>
        <p id={`${id}-scope`} className="hint">
          Select all and Select none act on the tables the filter shows.
        </p>
        <BulkSyncType />
      </div>
      <p role="status" aria-live="polite" className="status-text">
        {notice}
      </p>
    </div>
  );
}

function CdcCheckButton() {
  const selected = useAppStore(selectSelectedCount);
  const openCdcCheck = useAppStore((state) => state.openCdcCheck);
  const id = useId();

  return (
    <div className="cdc-check-button">
      <button
        type="button"
        className="button"
        disabled={selected === 0}
        aria-describedby={selected === 0 ? `${id}-hint` : undefined}
        onClick={() => void openCdcCheck()}
      >
        Check CDC readiness
      </button>
      {selected === 0 && (
        <p id={`${id}-hint`} className="hint">
          Select tables to check whether they can use CDC.
        </p>
      )}
    </div>
  );
}

function BulkSyncType() {
  const bulkSyncType = useAppStore((state) => state.bulkSyncType);
  const setBulkSyncType = useAppStore((state) => state.setBulkSyncType);
  const applyBulkSyncType = useAppStore((state) => state.applyBulkSyncType);
  const id = useId();

  return (
    <div className="bulk-sync-type">
      <label htmlFor={id}>Set sync type for selected</label>
      <select
        id={id}
        value={bulkSyncType}
        onChange={(event) =>
          setBulkSyncType(event.target.value as PostgresSyncType)
        }
      >
        {POSTGRES_SYNC_TYPES.map((syncType) => (
          <option key={syncType} value={syncType}>
            {SYNC_TYPE_LABELS[syncType]}
          </option>
        ))}
      </select>
      <button type="button" className="button" onClick={applyBulkSyncType}>
        Apply to selected
      </button>
    </div>
  );
}
