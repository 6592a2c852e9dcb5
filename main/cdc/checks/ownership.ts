import type { DoctorCheck } from "../../../shared/domain/cdc";
import type { TableFacts } from "../facts";
import { listNames } from "../format";
import {
  activeRoleSql,
  makeCheck,
  sqlFix,
  type CheckContext,
  type ResolvedTable,
} from "./context";

const OWNER_RULE =
  "PostgreSQL lets only a table's owner add it to a publication, and PostHog publishes every table it syncs with CDC.";

function activeRole(context: CheckContext): string {
  return context.facts.session.ok
    ? context.facts.session.value.active_role
    : "the current role";
}

/**
 * Warns against membership in owners that are superuser or administrator roles, because
 * membership would let the login role SET ROLE to them.
 */
function privilegedOwnerCaution(owners: string[], role: string): string {
  const [what, whose] =
    owners.length === 1
      ? ["it is a superuser or administrator role", "its"]
      : ["they are superuser or administrator roles", "their"];
  return `Do not grant ${listNames(owners)} to ${role}: ${what}, and membership would give ${role} ${whose} powers.`;
}

/** PostHog-managed mode: only a table's owner may add it to a publication. */
export function ownershipCheck(
  context: CheckContext,
  table: ResolvedTable,
): DoctorCheck {
  const facts = table.facts;
  const role = activeRole(context);
  const base = {
    id: "table-ownership",
    title: "Table owner",
    table: table.sourceName,
    required: `owned by ${role} or a role it inherits`,
  };
  if (facts.owned) {
    return makeCheck({
      ...base,
      status: "pass",
      current: `owner ${facts.owner_quoted}`,
      message: `${role} owns ${table.sourceName} or inherits its owner role, so PostHog can publish it.`,
    });
  }

  const roleSql = activeRoleSql(context);
  const ownerFix = sqlFix(`ALTER TABLE ${facts.quoted} OWNER TO ${roleSql};`);
  const reason = `${role} does not own ${table.sourceName}. ${OWNER_RULE}`;

  if (facts.owner_privileged) {
    return makeCheck({
      ...base,
      status: "fail",
      current: `owner ${facts.owner_quoted}`,
      message: `${reason} Make ${role} the owner, or use incremental sync for this table. ${privilegedOwnerCaution([facts.owner_quoted], role)}`,
      fixes: [ownerFix],
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: `owner ${facts.owner_quoted}`,
    message: `${reason} Make ${role} the owner or a member of ${facts.owner_quoted} (which gives it every privilege of that role), or use incremental sync for this table.`,
    fixes: [ownerFix, sqlFix(`GRANT ${facts.owner_quoted} TO ${roleSql};`)],
  });
}

/**
 * Explains, once for every table that failed the owner check, why the fix script changes
 * their owners and which owner roles must not be granted. Returns null when no table failed.
 */
export function ownershipScriptExplanation(
  context: CheckContext,
  checks: DoctorCheck[],
): string | null {
  const tables = failedOwnershipTables(context, checks);
  if (tables.length === 0) return null;

  const role = activeRole(context);
  const privileged = [
    ...new Set(
      tables
        .filter((table) => table.owner_privileged)
        .map((table) => table.owner_quoted),
    ),
  ];
  const grantable = tables.some((table) => !table.owner_privileged);
  const single = tables.length === 1;
  const owner = single
    ? `Make ${role} the owner`
    : `Make ${role} the owner of each table`;
  const membership = grantable
    ? ", or a member of the owner role where a GRANT is listed (which gives it every privilege of that role)"
    : "";
  const sentences = [
    `${role} does not own ${single ? "this table" : `these ${tables.length} tables`}.`,
    OWNER_RULE,
    `${owner}${membership}, or use incremental sync for ${single ? "it" : "those tables"}.`,
  ];
  if (privileged.length > 0) {
    sentences.push(privilegedOwnerCaution(privileged, role));
  }
  return sentences.join(" ");
}

function failedOwnershipTables(
  context: CheckContext,
  checks: DoctorCheck[],
): TableFacts[] {
  const failed = new Set(
    checks
      .filter((check) => check.id === "table-ownership")
      .filter((check) => check.status === "fail")
      .map((check) => check.table),
  );
  return context.found
    .filter((table) => failed.has(table.sourceName))
    .map((table) => table.facts);
}
