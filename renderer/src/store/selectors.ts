import type { DiscoveredTable } from "../../../shared/domain/discovery";
import type { SourceStatus } from "../../../shared/domain/posthog";
import type { TableChoice } from "../../../shared/domain/sync";
import { prefixClash, validatePrefix } from "../../../shared/posthog/naming";
import { selectCdcReady } from "./cdc-rules";
import { toTableChoice, type TableSelection } from "./table-rules";
import type { AppState } from "./types";
import { STEPS, type StepId } from "./steps";

const tableIndexes = new WeakMap<
  DiscoveredTable[],
  Map<string, DiscoveredTable>
>();
const selectedCounts = new WeakMap<Record<string, TableSelection>, number>();

/** Returns the tables keyed by source name, built once per discovery result. */
export function tableIndex(
  tables: DiscoveredTable[],
): Map<string, DiscoveredTable> {
  let index = tableIndexes.get(tables);
  if (!index) {
    index = new Map(tables.map((table) => [table.sourceName, table]));
    tableIndexes.set(tables, index);
  }
  return index;
}

export function selectSelectedCount(state: AppState): number {
  const selections = state.tableSelections;
  let count = selectedCounts.get(selections);
  if (count === undefined) {
    count = Object.values(selections).filter((item) => item.selected).length;
    selectedCounts.set(selections, count);
  }
  return count;
}

/**
 * Returns the selected tables as `setup:plan` expects them, in discovery order.
 */
export function selectTableChoices(state: AppState): TableChoice[] {
  const choices: TableChoice[] = [];
  for (const table of state.discovery?.tables ?? []) {
    const selection = state.tableSelections[table.sourceName];
    if (selection?.selected) choices.push(toTableChoice(table, selection));
  }
  return choices;
}

/**
 * Returns the first selected table's source name in discovery order, or null.
 */
export function selectFirstSelectedName(state: AppState): string | null {
  for (const table of state.discovery?.tables ?? []) {
    if (state.tableSelections[table.sourceName]?.selected)
      return table.sourceName;
  }
  return null;
}

/** Returns PostHog's message for an invalid or clashing prefix, or null. */
export function selectPrefixProblem(state: AppState): string | null {
  const invalid = validatePrefix(state.prefix);
  if (invalid) return invalid;
  if (!state.existingSources || !state.sourceType) return null;
  return prefixClash(state.existingSources, state.sourceType, state.prefix);
}

function isPrefixConfirmed(state: AppState): boolean {
  if (selectPrefixProblem(state) !== null) return false;
  // The clash check needs the project's sources. If they cannot be listed,
  // PostHog still rejects a clashing prefix when the source is created.
  return state.existingSources !== null || state.existingSourcesError !== null;
}

function isConnectionTested(state: AppState): boolean {
  const run = state.testRun;
  return (
    run.result?.ok === true &&
    run.revision === state.formRevision &&
    state.savedRevision === state.formRevision
  );
}

/** Returns whether each step's work is done, so that the next step may open. */
export function selectStepCompletion(state: AppState): Record<StepId, boolean> {
  return {
    posthog:
      state.account?.signedIn === true && state.account.projectId !== null,
    source: state.sourceType !== null,
    connect: isConnectionTested(state),
    discover: state.discovery !== null,
    tables: selectSelectedCount(state) > 0,
    cdc: selectCdcReady(state),
    prefix: isPrefixConfirmed(state),
    review: state.plan !== null,
    create: state.createdSource !== null,
    status: state.sourceStatus?.settled === true,
  };
}

/**
 * Returns whether each step may be opened: every step before it is complete.
 * After the source is created, only the create and status steps stay open,
 * because earlier edits would no longer change anything in PostHog.
 */
export function selectStepAvailability(
  state: AppState,
): Record<StepId, boolean> {
  const completion = selectStepCompletion(state);
  const availability = {} as Record<StepId, boolean>;
  let previousComplete = true;

  for (const { id } of STEPS) {
    const locked =
      state.createdSource !== null && id !== "create" && id !== "status";
    availability[id] = id === state.step || (previousComplete && !locked);
    previousComplete = previousComplete && completion[id];
  }
  return availability;
}

/**
 * State of a connection test that stopped at a bastion's unknown host key:
 * `waiting` while the host key dialog is open, `not-trusted` once the user
 * closed it without trusting the key.
 */
export type HostKeyDecision = "waiting" | "not-trusted";

/**
 * Returns the host key decision the last connection test stopped at, or null
 * when it did not stop at an unknown host key.
 */
export function selectHostKeyDecision(state: AppState): HostKeyDecision | null {
  const { status, error } = state.testRun;
  if (status !== "failed" || error?.kind !== "ssh-host-key-unknown") {
    return null;
  }

  const prompt = state.hostKeyPrompt;
  const asking =
    prompt?.retry === "test" &&
    prompt.hostKey.fingerprint === error.hostKey?.fingerprint;
  return asking ? "waiting" : "not-trusted";
}

/** Counts of the tables of a created source by their first sync's outcome. */
export interface SyncSummary {
  total: number;
  completed: number;
  failed: number;
  /** Tables in any other status, such as Running, Paused or not started. */
  unfinished: number;
}

/** Counts a source's tables by status, for the status step's summary. */
export function summarizeSync(status: SourceStatus): SyncSummary {
  const summary = {
    total: status.tables.length,
    completed: 0,
    failed: 0,
    unfinished: 0,
  };
  for (const table of status.tables) {
    if (table.status === "Completed") summary.completed += 1;
    else if (table.status === "Failed") summary.failed += 1;
    else summary.unfinished += 1;
  }
  return summary;
}
