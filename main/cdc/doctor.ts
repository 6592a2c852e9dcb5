import type {
  DoctorCheck,
  DoctorReport,
  DoctorRequest,
} from "../../shared/domain/cdc";
import {
  makeCheck,
  unreadableCheck,
  type CheckContext,
  type ResolvedTable,
} from "./checks/context";
import { ownershipCheck, ownershipScriptExplanation } from "./checks/ownership";
import { coverageCheck, publicationCheck } from "./checks/publication";
import { replicationPrivilegeCheck } from "./checks/role";
import {
  primaryServerCheck,
  serverVersionCheck,
  walLevelCheck,
} from "./checks/server";
import {
  inactiveSlotChecks,
  slotCapacityCheck,
  slotNameCheck,
  walKeepSizeCheck,
  walSenderCheck,
} from "./checks/slots";
import {
  cdcSequenceColumnCheck,
  missingTableCheck,
  primaryKeyCheck,
  relationKindCheck,
  replicaIdentityCheck,
  selectPermissionCheck,
} from "./checks/tables";
import { readServerFacts, type TableFacts } from "./facts";
import { buildFixScript } from "./fix-script";
import { compareWithPostHog } from "./parity";
import { detectProvider } from "./provider";
import type { TableSelection } from "./queries";
import type { DoctorDeps, Fetched, QueryClient } from "./types";

/**
 * Runs every CDC prerequisite check against a connected client and returns them all, with
 * fixes, a fix script and PostHog's verdict when requested. It only reads: the number of
 * queries is fixed whatever the table count, and none alters, creates or drops anything.
 */
export async function runCdcDoctor(
  client: QueryClient,
  requested: DoctorRequest,
  deps: DoctorDeps,
): Promise<DoctorReport> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const counter = countQueries(client);
  const request = withDefaultPublication(requested);
  const names = [...new Set(request.tables)];
  deps.logger?.info("CDC doctor started", {
    mode: request.mode,
    tables: names.length,
  });

  const context = await readContext(counter.client, request, names, deps);
  const checks = [...serverChecks(context), ...tableChecks(context)];
  const posthog = await compareWithPostHog({
    request,
    checks,
    qualifiedNames: qualifiedNames(names, context.found),
    deps,
    logger: deps.logger,
  });

  const report = buildReport(context, checks, posthog, counter.count());
  report.durationMs = now() - started;
  deps.logger?.info("CDC doctor finished", {
    overall: report.overall,
    failed: checks.filter((check) => check.status === "fail").length,
    queryCount: report.queryCount,
  });
  return report;
}

function buildReport(
  context: CheckContext,
  checks: DoctorCheck[],
  posthog: DoctorReport["posthog"],
  queryCount: number,
): DoctorReport {
  const { facts, provider, found, missing } = context;
  return {
    overall: checks.some((check) => check.status === "fail")
      ? "not-ready"
      : "ready",
    provider,
    serverVersion: facts.session.ok ? facts.session.value.version : null,
    checks,
    tables: [...found.map((table) => table.sourceName), ...missing],
    fixScript: buildFixScript(checks, provider, {
      explanations: scriptExplanations(context, checks),
    }),
    posthog,
    queryCount,
    durationMs: 0,
  };
}

function scriptExplanations(
  context: CheckContext,
  checks: DoctorCheck[],
): Record<string, string> {
  const ownership = ownershipScriptExplanation(context, checks);
  return ownership === null ? {} : { "table-ownership": ownership };
}

async function readContext(
  client: QueryClient,
  request: DoctorRequest,
  names: string[],
  deps: DoctorDeps,
): Promise<CheckContext> {
  const facts = await readServerFacts(
    client,
    {
      publicationName: request.publicationName,
      selection: tableSelection(names, deps.schema),
    },
    deps.logger,
  );
  const provider = detectProvider(facts.session);
  const { found, missing } = resolveTables(names, deps.schema, facts.tables);
  return { request, facts, provider, found, missing };
}

/** PostHog's default publication name in self-managed mode, used when none is given. */
const SELF_MANAGED_PUBLICATION = "posthog_pub";

function withDefaultPublication(request: DoctorRequest): DoctorRequest {
  if (request.publicationName !== "" || request.mode !== "self_managed") {
    return request;
  }
  return { ...request, publicationName: SELF_MANAGED_PUBLICATION };
}

function countQueries(client: QueryClient): {
  client: QueryClient;
  count: () => number;
} {
  let count = 0;
  return {
    client: {
      query: (text, values) => {
        count += 1;
        return client.query(text, values);
      },
    },
    count: () => count,
  };
}

function tableSelection(names: string[], schema: string): TableSelection {
  return names.length > 0
    ? { kind: "named", schema, names }
    : { kind: "all", schema };
}

/** Matches requested names to catalog rows; a blank schema means `schema.table` names. */
function resolveTables(
  names: string[],
  schema: string,
  tables: Fetched<TableFacts[]>,
): { found: ResolvedTable[]; missing: string[] } {
  if (!tables.ok) return { found: [], missing: [] };

  const sourceName = (row: TableFacts) =>
    schema === "" ? `${row.schema}.${row.name}` : row.name;
  if (names.length === 0) {
    return {
      found: tables.value.map((row) => ({
        sourceName: sourceName(row),
        facts: row,
      })),
      missing: [],
    };
  }

  const bySourceName = new Map<string, TableFacts>();
  for (const row of tables.value) {
    if (schema === "" || row.schema === schema)
      bySourceName.set(sourceName(row), row);
  }
  const found: ResolvedTable[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const row =
      bySourceName.get(name) ??
      (schema === "" ? bySourceName.get(`public.${name}`) : undefined);
    if (row === undefined) missing.push(name);
    else found.push({ sourceName: name, facts: row });
  }
  return { found, missing };
}

function qualifiedNames(
  names: string[],
  found: ResolvedTable[],
): Map<string, string> {
  const qualified = new Map<string, string>();
  for (const table of found) {
    qualified.set(
      table.sourceName,
      `${table.facts.schema}.${table.facts.name}`,
    );
  }
  for (const name of names) {
    if (!qualified.has(name)) qualified.set(name, name);
  }
  return qualified;
}

function serverChecks(context: CheckContext): DoctorCheck[] {
  const keepSize = walKeepSizeCheck(context);
  return [
    serverVersionCheck(context),
    primaryServerCheck(context),
    walLevelCheck(context),
    replicationPrivilegeCheck(context),
    slotCapacityCheck(context),
    walSenderCheck(context),
    slotNameCheck(context),
    ...(keepSize === null ? [] : [keepSize]),
    ...inactiveSlotChecks(context),
    publicationCheck(context),
  ];
}

function tableChecks(context: CheckContext): DoctorCheck[] {
  const { tables } = context.facts;
  if (!tables.ok) {
    return [
      unreadableCheck({ id: "tables", title: "Tables" }, tables, "the tables"),
    ];
  }
  if (context.found.length === 0 && context.missing.length === 0) {
    return [
      makeCheck({
        id: "tables",
        title: "Tables",
        status: "fail",
        current: "none",
        required: "at least one table",
        message:
          "No tables were found to check. Choose the tables to sync, or check the schema of this connection.",
      }),
    ];
  }

  const checks = context.missing.map(missingTableCheck);
  for (const table of context.found)
    checks.push(...checksForTable(context, table));
  return checks;
}

function checksForTable(
  context: CheckContext,
  table: ResolvedTable,
): DoctorCheck[] {
  const kind = relationKindCheck(table);
  if (kind !== null) return [kind];

  const checks = [
    primaryKeyCheck(table),
    selectPermissionCheck(context, table),
    replicaIdentityCheck(table),
    cdcSequenceColumnCheck(table),
  ];
  if (context.request.mode === "posthog") {
    checks.push(ownershipCheck(context, table));
  } else {
    checks.push(coverageCheck(context, table));
  }
  return checks;
}
