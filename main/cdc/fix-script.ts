import type { DoctorCheck, Fix } from "../../shared/domain/cdc";

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

/** Collects the fixes of failed and warned checks into one SQL script for a DBA. */
export function buildFixScript(
  checks: DoctorCheck[],
  providerName: string,
): string {
  const seen = new Set<string>();
  const sections = SECTIONS.map((section, index) =>
    renderSection(section, index + 1, checks, seen),
  ).filter((lines) => lines.length > 0);
  if (sections.length === 0) return "";

  const header = [
    `-- CDC fixes collected by the dw-connect doctor (${providerName}).`,
    "-- Review each statement, then run the script as a role allowed to make these changes.",
    "-- The doctor itself never changes the database.",
  ];
  return (
    [header, ...sections].map((lines) => lines.join("\n")).join("\n\n") + "\n"
  );
}

function renderSection(
  section: Section,
  number: number,
  checks: DoctorCheck[],
  seen: Set<string>,
): string[] {
  const lines: string[] = [];
  let restartAfter = -1;
  for (const check of checks) {
    if (check.status === "pass" || check.status === "skipped") continue;
    if (!section.checkIds.includes(check.id)) continue;
    const rendered = renderCheck(check, seen);
    lines.push(...rendered);
    if (rendered.length > 0 && check.fixes.some((fix) => fix.requiresRestart)) {
      restartAfter = lines.length;
    }
  }
  if (lines.length === 0) return [];

  if (restartAfter >= 0) {
    lines.splice(
      restartAfter,
      0,
      "-- RESTART the server now: the changes above take effect only at server start, and a reload is not enough.",
    );
  }
  return [`-- ${number}. ${section.heading}`, ...lines];
}

function renderCheck(check: DoctorCheck, seen: Set<string>): string[] {
  const fresh = check.fixes
    .map((fix) => ({ fix, line: renderFix(fix) }))
    .filter(({ line }) => !seen.has(line));
  for (const { line } of fresh) seen.add(line);
  if (fresh.length === 0) return [];

  const subject =
    check.table === null ? check.title : `${check.title}, ${check.table}`;
  if (!REVIEW_ONLY.has(check.id)) {
    return [`-- ${subject}`, ...fresh.map(({ line }) => line)];
  }
  const intro =
    fresh.length > 1
      ? "review, then run one of"
      : "review and edit before running";
  return [
    `-- ${subject}: ${intro}:`,
    ...fresh.map(({ line }) => (line.startsWith("--") ? line : `--   ${line}`)),
  ];
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
