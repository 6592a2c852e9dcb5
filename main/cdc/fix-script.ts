import type { DoctorCheck, Fix, Provider } from "../../shared/domain/cdc";
import { listNames } from "./format";
import { isRestartStep, restartFix } from "./provider";

interface Section {
  heading: string;
  checkIds: string[];
}

/**
 * Script sections in the order a DBA should run them: settings and their restart first, then
 * roles and grants. Replica identity comes before the publication, because a table published
 * without one rejects its own UPDATE and DELETE statements.
 */
const SECTIONS: Section[] = [
  {
    heading: "Server settings",
    checkIds: [
      "server-version",
      "primary-server",
      "wal-level",
      "replication-slots",
      "wal-senders",
      "inactive-slot",
      "max-slot-wal-keep-size",
    ],
  },
  {
    heading: "Roles and grants",
    checkIds: ["replication-privilege", "select-permission"],
  },
  {
    heading: "Replica identity, set before the tables are published",
    checkIds: ["replica-identity"],
  },
  { heading: "Publication", checkIds: ["publication", "publication-coverage"] },
  {
    heading: "Tables",
    checkIds: ["primary-key", "table-ownership", "cdc-seq-column"],
  },
];

/**
 * Checks whose fixes are alternatives, drop something, or need a value that only the DBA can choose.
 * Their statements are written as comments to review instead of runnable lines.
 */
const REVIEW_ONLY = new Set([
  "replication-slots",
  "inactive-slot",
  "max-slot-wal-keep-size",
  "primary-key",
  "table-ownership",
  "cdc-seq-column",
]);

export interface FixScriptOptions {
  /** Text written once above the fixes of every table that failed a check, by check id. */
  explanations?: Partial<Record<string, string>>;
}

/** A setting that takes effect only at server start, and the line after which it is set. */
interface RestartMark {
  after: number;
  subject: string;
  /** Set when the statement is one of several alternatives, so the DBA may not run it. */
  optional: boolean;
}

interface Block {
  lines: string[];
  restarts: RestartMark[];
}

function emptyBlock(): Block {
  return { lines: [], restarts: [] };
}

interface ScriptState {
  provider: Provider;
  explanations: Partial<Record<string, string>>;
  /** Rendered lines already in the script, so a statement shared by checks appears once. */
  seen: Set<string>;
}

/**
 * Collects the fixes of failed and warned checks into one SQL script for a DBA. Each section
 * that needs a server restart gets one restart note, right after the last statement that needs it.
 */
export function buildFixScript(
  checks: DoctorCheck[],
  provider: { id: Provider; name: string },
  options: FixScriptOptions = {},
): string {
  const state: ScriptState = {
    provider: provider.id,
    explanations: options.explanations ?? {},
    seen: new Set(),
  };
  const sections = SECTIONS.map((section) => ({
    heading: section.heading,
    lines: renderSection(section, checks, state),
  })).filter((section) => section.lines.length > 0);
  if (sections.length === 0) return "";

  const header = [
    `-- CDC fixes collected by the dw-connect doctor (${provider.name}).`,
    "-- Review each statement, then run the script as a role allowed to make these changes.",
    "-- The doctor itself never changes the database.",
  ];
  const numbered = sections.map((section, index) => [
    `-- ${index + 1}. ${section.heading}`,
    ...section.lines,
  ]);
  return (
    [header, ...numbered].map((lines) => lines.join("\n")).join("\n\n") + "\n"
  );
}

function renderSection(
  section: Section,
  checks: DoctorCheck[],
  state: ScriptState,
): string[] {
  const lines: string[] = [];
  const restarts: RestartMark[] = [];
  for (const group of checkGroups(section, checks)) {
    const block = renderGroup(group, state);
    for (const mark of block.restarts) {
      restarts.push({ ...mark, after: mark.after + lines.length });
    }
    lines.push(...block.lines);
  }

  if (restarts.length > 0) {
    const after = Math.max(...restarts.map((mark) => mark.after));
    lines.splice(after, 0, restartNote(restarts, state.provider));
  }
  return lines;
}

/**
 * Splits a section's failed and warned checks into groups written under one heading: each
 * server check alone, and all tables' results of one per-table check together.
 */
function checkGroups(section: Section, checks: DoctorCheck[]): DoctorCheck[][] {
  const open = checks.filter(
    (check) => check.status === "fail" || check.status === "warn",
  );
  const groups: DoctorCheck[][] = [];
  for (const id of section.checkIds) {
    const matching = open.filter((check) => check.id === id);
    const perTable = matching.filter((check) => check.table !== null);
    for (const check of matching) {
      if (check.table === null) groups.push([check]);
    }
    if (perTable.length > 0) groups.push(perTable);
  }
  return groups;
}

interface CheckFixes {
  check: DoctorCheck;
  fixes: Fix[];
}

/** Writes a group's fixes. A restart step becomes a restart mark at the group's end, not a line. */
function renderGroup(group: DoctorCheck[], state: ScriptState): Block {
  const pending = group.filter((check) =>
    check.fixes.some((fix) => isRestartStep(state.provider, fix)),
  );
  const entries = group
    .map((check) => ({ check, fixes: freshFixes(check, state) }))
    .filter((entry) => entry.fixes.length > 0);
  const block =
    entries.length > 0 ? renderEntries(entries, state) : emptyBlock();
  for (const entry of entries) {
    for (const fix of entry.fixes) state.seen.add(renderFix(fix));
  }

  const restarts = pending.map((check) => ({
    after: block.lines.length,
    subject: `the pending ${check.title} change`,
    optional: false,
  }));
  return { lines: block.lines, restarts: [...block.restarts, ...restarts] };
}

/** Returns the fixes not written by an earlier group, leaving out restart steps. */
function freshFixes(check: DoctorCheck, state: ScriptState): Fix[] {
  return check.fixes.filter(
    (fix) =>
      !isRestartStep(state.provider, fix) && !state.seen.has(renderFix(fix)),
  );
}

function renderEntries(entries: CheckFixes[], state: ScriptState): Block {
  const first = entries[0]!.check;
  const explanation = state.explanations[first.id];
  const explained = explanation === undefined ? [] : [`-- ${explanation}`];
  const subject = groupSubject(entries);
  if (!REVIEW_ONLY.has(first.id)) {
    return offset([`-- ${subject}`, ...explained], runnableLines(entries));
  }

  const alternatives = entries.some((entry) => entry.fixes.length > 1);
  const intro = reviewIntro(entries, alternatives);
  const heading = [`-- ${subject}: ${intro}:`, ...explained];
  if (alternatives && entries.length > 1) {
    return offset(heading, alternativeLines(entries));
  }
  return offset(heading, commentedLines(entries, alternatives));
}

/** Returns "title" for a server check, "title, table" or "title, N tables" for a per-table one. */
function groupSubject(entries: CheckFixes[]): string {
  const first = entries[0]!.check;
  if (first.table === null) return first.title;
  if (entries.length === 1) return `${first.title}, ${first.table}`;
  return `${first.title}, ${entries.length} tables`;
}

function reviewIntro(entries: CheckFixes[], alternatives: boolean): string {
  if (alternatives) {
    return entries.length > 1
      ? "review, then run one statement per table"
      : "review, then run one of";
  }
  const placeholder = entries.some((entry) =>
    entry.fixes.some((fix) => /<[^>]+>/.test(fix.text)),
  );
  return placeholder
    ? "review and edit before running"
    : "review before running";
}

/** Puts heading lines above a block and moves its restart marks down by as many lines. */
function offset(heading: string[], block: Block): Block {
  return {
    lines: [...heading, ...block.lines],
    restarts: block.restarts.map((mark) => ({
      ...mark,
      after: mark.after + heading.length,
    })),
  };
}

function runnableLines(entries: CheckFixes[]): Block {
  const block = emptyBlock();
  for (const { check, fixes } of entries) {
    for (const fix of fixes) addLine(block, renderFix(fix), check, fix, false);
  }
  return block;
}

function commentedLines(entries: CheckFixes[], optional: boolean): Block {
  const block = emptyBlock();
  for (const { check, fixes } of entries) {
    for (const fix of fixes) {
      addLine(block, commented(renderFix(fix)), check, fix, optional);
    }
  }
  return block;
}

/**
 * Lists each table's first fix, then every other fix once under the tables whose first fix it
 * can replace, because one `GRANT owner TO role` serves every table that role owns.
 */
function alternativeLines(entries: CheckFixes[]): Block {
  const block = emptyBlock();
  const others = new Map<
    string,
    { check: DoctorCheck; fix: Fix; tables: string[] }
  >();
  for (const { check, fixes } of entries) {
    const [primary, ...rest] = fixes;
    if (primary !== undefined) {
      addLine(block, commented(renderFix(primary)), check, primary, false);
    }
    for (const fix of rest) {
      const line = renderFix(fix);
      const other = others.get(line) ?? { check, fix, tables: [] };
      other.tables.push(check.table ?? check.title);
      others.set(line, other);
    }
  }

  for (const [line, { check, fix, tables }] of others) {
    block.lines.push(
      `-- Or, in place of the statement for ${listNames(tables)}:`,
    );
    addLine(block, commented(line), check, fix, true);
  }
  return block;
}

function addLine(
  block: Block,
  line: string,
  check: DoctorCheck,
  fix: Fix,
  optional: boolean,
): void {
  // Tables of one group can share a statement, such as USAGE on their schema.
  if (block.lines.includes(line)) return;
  block.lines.push(line);
  // Console steps name their own restart or reboot, so only SQL and configuration edits get a note.
  if (fix.requiresRestart && fix.kind !== "console") {
    block.restarts.push({
      after: block.lines.length,
      subject: settingName(fix) ?? check.title,
      optional,
    });
  }
}

function settingName(fix: Fix): string | null {
  const match = /^(?:ALTER SYSTEM SET\s+)?([a-z_.]+)\s*=/i.exec(fix.text);
  return match?.[1] ?? null;
}

function commented(line: string): string {
  return line.startsWith("--") ? line : `--   ${line}`;
}

/** Names every setting the restart applies, and how to restart on this provider. */
function restartNote(marks: RestartMark[], provider: Provider): string {
  const required = [
    ...new Set(
      marks.filter((mark) => !mark.optional).map((mark) => mark.subject),
    ),
  ];
  const optional = [
    ...new Set(
      marks.filter((mark) => mark.optional).map((mark) => mark.subject),
    ),
  ].filter((subject) => !required.includes(subject));
  const restartStep = restartFix(provider).text;
  const them = optional.length === 1 ? "it" : "them";

  if (required.length === 0) {
    const takes = optional.length === 1 ? "it takes" : "they take";
    return `-- RESTART the server now if you changed ${listNames(optional)}: ${takes} effect only at server start. ${restartStep}`;
  }
  const also =
    optional.length > 0
      ? ` (and ${listNames(optional)}, if you changed ${them})`
      : "";
  const takes = required.length === 1 ? "takes" : "take";
  return `-- RESTART the server now: ${listNames(required)}${also} ${takes} effect only at server start. ${restartStep}`;
}

/** SQL stays runnable; console steps and configuration edits become comments. */
function renderFix(fix: Fix): string {
  switch (fix.kind) {
    case "sql":
      return fix.text;
    case "console":
      return `-- Manual step: ${fix.text}`;
    case "config":
      return `-- In postgresql.conf: ${fix.text}`;
  }
}
