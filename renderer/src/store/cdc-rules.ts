import type {
  CdcManagementMode,
  DoctorCheck,
  DoctorReport,
  DoctorRequest,
} from "../../../shared/domain/cdc";
import type { DiscoveredTable } from "../../../shared/domain/discovery";
import { STEPS } from "./steps";
import type { TableSelection } from "./table-rules";
import type { AppState } from "./types";

/** PostHog's default publication name in self-managed mode, used for a blank field. */
export const DEFAULT_PUBLICATION = "posthog_pub";

/** Inputs of the CDC doctor, set in the CDC step. */
export interface CdcInputs {
  mode: CdcManagementMode;
  /** Used in self-managed mode only, because PostHog names its own otherwise. */
  publicationName: string;
  /** Blank lets PostHog name the slot after the source. */
  slotName: string;
  /** Also ask PostHog's own check, which sends the credentials to PostHog. */
  comparePostHog: boolean;
}

/** Failing doctor checks that keep one table from using CDC. */
export interface CdcBlocker {
  /** The table's own failing checks first, then the server-wide ones. */
  checks: DoctorCheck[];
  /** Check titles for the sync type option, e.g. "Primary key, wal_level". */
  titles: string;
  /**
   * The table's checks with current values, then the server's titles, e.g.
   * "Primary key (none); server fails wal_level".
   */
  detail: string;
}

interface ReportIndex {
  serverFailures: DoctorCheck[];
  tableFailures: Map<string, DoctorCheck[]>;
  checked: Set<string>;
  blockers: Map<string, CdcBlocker | null>;
}

interface SelectedNames {
  tables: DiscoveredTable[];
  selected: string[];
  cdc: string[];
}

const reportIndexes = new WeakMap<DoctorReport, ReportIndex>();
const selectedNames = new WeakMap<
  Record<string, TableSelection>,
  SelectedNames
>();

const STEPS_WITH_CDC = [...STEPS];
const STEPS_WITHOUT_CDC = STEPS.filter((step) => step.id !== "cdc");

/** Builds the `cdc:run-doctor` request for the inputs and tables. */
export function buildDoctorRequest(
  inputs: CdcInputs,
  tables: string[],
): DoctorRequest {
  const selfManaged = inputs.mode === "self_managed";
  const publication = inputs.publicationName.trim() || DEFAULT_PUBLICATION;
  return {
    tables,
    mode: inputs.mode,
    slotName: inputs.slotName.trim(),
    publicationName: selfManaged ? publication : "",
    comparePostHog: inputs.comparePostHog,
  };
}

function reportIndex(report: DoctorReport): ReportIndex {
  let index = reportIndexes.get(report);
  if (index) return index;

  const serverFailures: DoctorCheck[] = [];
  const tableFailures = new Map<string, DoctorCheck[]>();
  for (const check of report.checks) {
    if (check.status !== "fail") continue;
    if (check.table === null) {
      serverFailures.push(check);
      continue;
    }
    const failures = tableFailures.get(check.table) ?? [];
    failures.push(check);
    tableFailures.set(check.table, failures);
  }

  index = {
    serverFailures,
    tableFailures,
    checked: new Set(report.tables),
    blockers: new Map(),
  };
  reportIndexes.set(report, index);
  return index;
}

/**
 * Returns the report's failing checks that keep the table from CDC: every
 * failing server-wide check and the table's own. Returns null when none fails,
 * and the same object for the same report and table, so selectors stay stable.
 */
export function cdcBlocker(
  report: DoctorReport | null,
  sourceName: string,
): CdcBlocker | null {
  if (!report) return null;
  const index = reportIndex(report);
  const cached = index.blockers.get(sourceName);
  if (cached !== undefined) return cached;

  const own = index.tableFailures.get(sourceName) ?? [];
  const blocker =
    own.length + index.serverFailures.length === 0
      ? null
      : describeBlocker(own, index.serverFailures);
  index.blockers.set(sourceName, blocker);
  return blocker;
}

function uniqueTitles(checks: DoctorCheck[]): string[] {
  return [...new Set(checks.map((check) => check.title))];
}

function describeBlocker(
  own: DoctorCheck[],
  server: DoctorCheck[],
): CdcBlocker {
  const ownDetails = own.map((check) =>
    check.current === null ? check.title : `${check.title} (${check.current})`,
  );
  const parts = [
    ownDetails.length > 0 ? ownDetails.join(", ") : null,
    server.length > 0
      ? `server fails ${uniqueTitles(server).join(", ")}`
      : null,
  ].filter((part) => part !== null);
  return {
    checks: [...own, ...server],
    titles: uniqueTitles([...own, ...server]).join(", "),
    detail: parts.join("; "),
  };
}

/** Returns whether the report checked the table, by source name. */
export function wasChecked(report: DoctorReport, sourceName: string): boolean {
  return reportIndex(report).checked.has(sourceName);
}

export function selectCdcBlocker(
  state: AppState,
  sourceName: string,
): CdcBlocker | null {
  return cdcBlocker(state.cdcReport, sourceName);
}

function namesOf(state: AppState): SelectedNames {
  const tables = state.discovery?.tables ?? [];
  const cached = selectedNames.get(state.tableSelections);
  if (cached && cached.tables === tables) return cached;

  const selected: string[] = [];
  const cdc: string[] = [];
  for (const table of tables) {
    const selection = state.tableSelections[table.sourceName];
    if (!selection?.selected) continue;
    selected.push(table.sourceName);
    if (selection.syncType === "cdc") cdc.push(table.sourceName);
  }

  const names = { tables, selected, cdc };
  selectedNames.set(state.tableSelections, names);
  return names;
}

/** Returns the selected tables set to CDC, in discovery order. */
export function selectCdcTableNames(state: AppState): string[] {
  return namesOf(state).cdc;
}

/**
 * Returns the tables the doctor checks: the selected tables set to CDC, or
 * every selected table when none is, to learn which of them could use CDC.
 */
export function selectCdcTargetTables(state: AppState): string[] {
  const names = namesOf(state);
  return names.cdc.length > 0 ? names.cdc : names.selected;
}

/** Returns whether the step list shows the CDC step. */
export function selectCdcStepShown(state: AppState): boolean {
  return state.step === "cdc" || selectCdcTableNames(state).length > 0;
}

/** Returns the wizard steps the step list shows, in order. */
export function selectVisibleSteps(
  state: AppState,
): readonly (typeof STEPS)[number][] {
  return selectCdcStepShown(state) ? STEPS_WITH_CDC : STEPS_WITHOUT_CDC;
}

/** Returns the selected CDC tables that the latest report did not check. */
export function uncheckedCdcTables(state: AppState): string[] {
  const report = state.cdcReport;
  const cdc = selectCdcTableNames(state);
  if (!report) return cdc;
  return cdc.filter((name) => !wasChecked(report, name));
}

/**
 * Returns whether every selected CDC table was checked by the latest report
 * and passed it. True when no table uses CDC.
 */
export function selectCdcReady(state: AppState): boolean {
  const report = state.cdcReport;
  return selectCdcTableNames(state).every(
    (name) =>
      report !== null &&
      wasChecked(report, name) &&
      cdcBlocker(report, name) === null,
  );
}

/**
 * Returns whether the inputs or tables differ from the latest run's, so that
 * Re-check would not use what the form shows.
 */
export function selectCdcInputsChanged(state: AppState): boolean {
  const previous = state.cdcRequest;
  if (!previous) return false;
  const current = buildDoctorRequest(
    state.cdcInputs,
    selectCdcTargetTables(state),
  );
  return JSON.stringify(current) !== JSON.stringify(previous);
}
