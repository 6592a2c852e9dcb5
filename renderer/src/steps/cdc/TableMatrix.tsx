import { useId, useMemo, useState } from "react";
import type {
  CdcManagementMode,
  DoctorCheck,
  DoctorReport,
} from "../../../../shared/domain/cdc";
import { formatCount } from "../../components/format";
import { CHECK_STATUS_WORDS, StatusMark } from "./check-status";

interface MatrixColumn {
  checkId: string;
  label: string;
}

const SHARED_COLUMNS: MatrixColumn[] = [
  { checkId: "primary-key", label: "Primary key" },
  { checkId: "select-permission", label: "SELECT" },
  { checkId: "replica-identity", label: "Replica identity" },
];

/** In PostHog-managed mode PostHog publishes each table, which only an owner may do. */
const MODE_COLUMNS: Record<CdcManagementMode, MatrixColumn> = {
  posthog: { checkId: "table-ownership", label: "Table owner" },
  self_managed: { checkId: "publication-coverage", label: "In publication" },
};

const SEQUENCE_COLUMN: MatrixColumn = {
  checkId: "cdc-seq-column",
  label: "_ph_cdc_seq",
};

/** A checked table with its checks keyed by check id. */
interface MatrixRow {
  table: string;
  checks: Map<string, DoctorCheck>;
  hasProblem: boolean;
}

function buildRows(report: DoctorReport): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const table of report.tables) {
    rows.set(table, { table, checks: new Map(), hasProblem: false });
  }
  for (const check of report.checks) {
    const row = check.table === null ? undefined : rows.get(check.table);
    if (!row) continue;
    row.checks.set(check.id, check);
    if (check.status === "fail" || check.status === "warn")
      row.hasProblem = true;
  }
  return [...rows.values()];
}

function columnsFor(report: DoctorReport, mode: CdcManagementMode) {
  const selfManaged = report.checks.some(
    (check) => check.id === "publication-coverage",
  );
  const owned = report.checks.some((check) => check.id === "table-ownership");
  const modeColumn = selfManaged
    ? MODE_COLUMNS.self_managed
    : owned
      ? MODE_COLUMNS.posthog
      : MODE_COLUMNS[mode];
  return [...SHARED_COLUMNS, modeColumn, SEQUENCE_COLUMN];
}

/**
 * Renders the per-table checks as a grid: one row per table, one column per
 * check, and a filter that keeps only the tables with a failure or warning.
 */
export function TableMatrix({
  report,
  mode,
}: {
  report: DoctorReport;
  /** Mode of the run, used for the fourth column when no table was found. */
  mode: CdcManagementMode;
}) {
  const [problemsOnly, setProblemsOnly] = useState(false);
  const filterId = useId();
  const rows = useMemo(() => buildRows(report), [report]);
  const columns = columnsFor(report, mode);
  const problemCount = rows.filter((row) => row.hasProblem).length;
  const visibleRows = problemsOnly
    ? rows.filter((row) => row.hasProblem)
    : rows;
  if (rows.length === 0) return null;

  return (
    <section aria-labelledby="cdc-tables-heading">
      <h3 id="cdc-tables-heading">Tables</h3>
      <div className="toolbar-row cdc-matrix-toolbar">
        <p className="table-counts">
          {formatCount(problemCount)} of {formatCount(rows.length)} tables have
          a failure or warning.
        </p>
        <div className="checkbox-field">
          <input
            id={filterId}
            type="checkbox"
            checked={problemsOnly}
            onChange={(event) => setProblemsOnly(event.target.checked)}
          />
          <label htmlFor={filterId}>Show only tables with problems</label>
        </div>
      </div>
      <div className="scroll-box">
        <table className="data-table cdc-matrix">
          <caption className="visually-hidden">Tables by CDC check</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              {columns.map((column) => (
                <th key={column.checkId} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visibleRows.map((row) => (
              <MatrixTableRow key={row.table} row={row} columns={columns} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MatrixTableRow({
  row,
  columns,
}: {
  row: MatrixRow;
  columns: MatrixColumn[];
}) {
  // A missing table or a view gets only this check, so it spans the columns.
  const found = row.checks.get("table-found");

  return (
    <tr>
      <th scope="row" className="table-name">
        {row.table}
      </th>
      {found ? (
        <td colSpan={columns.length}>
          <StatusMark status={found.status} />{" "}
          <span className="cell-note">{found.message}</span>
        </td>
      ) : (
        columns.map((column) => (
          <MatrixCell
            key={column.checkId}
            column={column}
            check={row.checks.get(column.checkId)}
          />
        ))
      )}
    </tr>
  );
}

function MatrixCell({
  column,
  check,
}: {
  column: MatrixColumn;
  check: DoctorCheck | undefined;
}) {
  if (!check) {
    return (
      <td aria-label={`${column.label}: not checked`} className="muted">
        not checked
      </td>
    );
  }
  const showCurrent = check.status !== "pass" && check.current !== null;

  return (
    <td aria-label={cellName(column.label, check)} title={check.message}>
      <StatusMark status={check.status} />
      {showCurrent && <span className="cell-note">{check.current}</span>}
    </td>
  );
}

/** Returns a cell's accessible name, e.g. "Primary key: failed, none". */
function cellName(label: string, check: DoctorCheck): string {
  const word = CHECK_STATUS_WORDS[check.status];
  return check.current === null
    ? `${label}: ${word}`
    : `${label}: ${word}, ${check.current}`;
}
