import type { DoctorCheck, DoctorReport } from "../../shared/domain/cdc";

const STATUS_LABELS: Record<DoctorCheck["status"], string> = {
  pass: "PASS",
  warn: "WARN",
  fail: "FAIL",
  skipped: "SKIP",
};

/** Formats a doctor report for a terminal: verdict, server checks, tables, fixes, PostHog. */
export function formatDoctorReport(report: DoctorReport): string {
  const serverChecks = report.checks.filter((check) => check.table === null);
  const tableChecks = report.checks.filter((check) => check.table !== null);
  const sections = [
    verdictLines(report),
    ["Server", ...serverChecks.flatMap(checkLines)],
    tableLines(report.tables, tableChecks),
    fixLines(report.fixScript),
    posthogLines(report),
  ];
  return sections.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}

function verdictLines(report: DoctorReport): string[] {
  const failed = report.checks.filter(
    (check) => check.status === "fail",
  ).length;
  const warned = report.checks.filter(
    (check) => check.status === "warn",
  ).length;
  const verdict = report.overall === "ready" ? "READY" : "NOT READY";
  return [
    `CDC readiness: ${verdict} (${failed} failed, ${warned} ${warned === 1 ? "warning" : "warnings"})`,
    `Provider: ${report.provider.name} (${report.provider.evidence})`,
    `Server: ${report.serverVersion ?? "version unknown"}`,
    `Checked in ${report.queryCount} queries, ${Math.round(report.durationMs)} ms`,
  ];
}

function checkLines(check: DoctorCheck): string[] {
  const values = [
    check.current === null ? null : `current ${check.current}`,
    check.required === null ? null : `required ${check.required}`,
  ].filter((value) => value !== null);
  const suffix = values.length > 0 ? ` (${values.join(", ")})` : "";
  return [
    `  [${STATUS_LABELS[check.status]}] ${check.title}${suffix}`,
    `         ${check.message}`,
  ];
}

/** Lists tables with a failing or warning check; the rest are summed up in one line. */
function tableLines(tables: string[], checks: DoctorCheck[]): string[] {
  const lines = [`Tables (${tables.length} checked)`];
  const flagged = new Set<string>();

  for (const table of tables) {
    const problems = checks.filter(
      (check) =>
        check.table === table &&
        (check.status === "fail" || check.status === "warn"),
    );
    if (problems.length === 0) continue;
    flagged.add(table);
    lines.push(
      `  ${table}`,
      ...problems.flatMap((check) => checkLines(check).map((l) => `  ${l}`)),
    );
  }

  const clean = tables.length - flagged.size;
  if (clean > 0)
    lines.push(
      `  ${clean} ${clean === 1 ? "table passes" : "tables pass"} every table check`,
    );
  return lines;
}

function fixLines(fixScript: string): string[] {
  if (fixScript.trim() === "") return ["Fixes: none needed"];
  return [
    "Fixes for your DBA, in a safe order (dw-connect never runs them itself):",
    ...fixScript
      .trimEnd()
      .split("\n")
      .map((line) => `  ${line}`),
  ];
}

function posthogLines(report: DoctorReport): string[] {
  const posthog = report.posthog;
  if (!posthog.ran)
    return [
      `PostHog comparison: not run. ${posthog.skippedReason ?? ""}`.trim(),
    ];

  const verdict = posthog.valid
    ? "PostHog's check passes"
    : "PostHog's check fails";
  const lines = [`PostHog comparison: ${verdict}.`];
  for (const error of posthog.errors) lines.push(`  PostHog: ${error}`);
  if (posthog.disagreements.length === 0)
    lines.push("  PostHog and dw-connect agree.");
  for (const disagreement of posthog.disagreements)
    lines.push(`  Differs: ${disagreement}`);
  return lines;
}
