import type { DoctorCheck } from "../../../shared/domain/cdc";
import type { SessionFacts } from "../facts";
import { listNames } from "../format";
import { isAmazon, replicationGrantFix } from "../provider";
import { makeCheck, unreadableCheck, type CheckContext } from "./context";

/**
 * Checks that the login role itself may open a replication connection. PostgreSQL reads
 * REPLICATION and SUPERUSER from the login role only: role attributes are never inherited
 * through membership. RDS grants the same right through membership in `rds_replication`.
 */
export function replicationPrivilegeCheck(context: CheckContext): DoctorCheck {
  const amazon = isAmazon(context.provider.id);
  const base = {
    id: "replication-privilege",
    title: "Replication privilege",
    required: amazon
      ? "REPLICATION or SUPERUSER on the login role, or membership in rds_replication"
      : "REPLICATION or SUPERUSER on the login role",
  };
  const session = context.facts.session;
  if (!session.ok) {
    return unreadableCheck(base, session, "the login role's attributes");
  }

  const role = session.value;
  const rdsMember = role.provider_roles.some(
    (provided) => provided.name === "rds_replication" && provided.member,
  );
  const granted = grantedBy(
    role.superuser,
    role.replication,
    amazon && rdsMember,
  );
  if (granted === null) return missingPrivilegeCheck(context, base, role);

  return makeCheck({
    ...base,
    status: "pass",
    current: granted,
    message: `${role.login_role} may create and stream replication slots (${granted}).`,
  });
}

function missingPrivilegeCheck(
  context: CheckContext,
  base: { id: string; title: string; required: string },
  role: SessionFacts,
): DoctorCheck {
  const fix = replicationGrantFix(context.provider.id, role.login_role_quoted);
  const statement = fix.text.replace(/;$/, "");
  const groups = role.replication_groups;
  if (groups.length > 0) {
    return makeCheck({
      ...base,
      status: "fail",
      current: `REPLICATION only through ${listNames(groups)}`,
      message: `${role.login_role} is a member of ${listNames(groups)}, which has REPLICATION, but role attributes are not inherited; run ${statement}.`,
      fixes: [fix],
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: "no REPLICATION",
    message: `${role.login_role} cannot create logical replication slots. Run ${statement}, or use incremental sync for these tables, which needs only SELECT.`,
    fixes: [fix],
  });
}

function grantedBy(
  superuser: boolean,
  replication: boolean,
  rdsReplicationMember: boolean,
): string | null {
  if (superuser) return "SUPERUSER";
  if (replication) return "REPLICATION";
  if (rdsReplicationMember) return "member of rds_replication";
  return null;
}
