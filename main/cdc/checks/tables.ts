import type { DoctorCheck, Fix } from "../../../shared/domain/cdc";
import type { TableFacts } from "../facts";
import { listNames } from "../format";
import {
  activeRoleSql,
  makeCheck,
  sqlFix,
  type CheckContext,
  type ResolvedTable,
} from "./context";

const RELATION_KINDS: Record<string, string> = {
  v: "a view",
  m: "a materialized view",
  f: "a foreign table",
};

/** Column name PostHog adds to CDC tables to order changes. */
const CDC_SEQUENCE_COLUMN = "_ph_cdc_seq";

export function missingTableCheck(sourceName: string): DoctorCheck {
  return makeCheck({
    id: "table-found",
    title: "Table exists",
    table: sourceName,
    status: "fail",
    current: "not found",
    required: "an existing table",
    message: `Table ${sourceName} was not found, or the login role cannot see it. Check the name and schema, then run the doctor again.`,
  });
}

/** Fails for a view or other relation that has no changes to stream; null for tables. */
export function relationKindCheck(table: ResolvedTable): DoctorCheck | null {
  const kind = RELATION_KINDS[table.facts.kind];
  if (table.facts.kind === "r" || table.facts.kind === "p") return null;
  return makeCheck({
    id: "table-found",
    title: "Table exists",
    table: table.sourceName,
    status: "fail",
    current: kind ?? `relation kind ${table.facts.kind}`,
    required: "a table",
    message: `${table.sourceName} is ${kind ?? "not a table"}; CDC streams changes only from tables. Use full refresh or incremental sync for it.`,
  });
}

export function primaryKeyCheck(table: ResolvedTable): DoctorCheck {
  const base = {
    id: "primary-key",
    title: "Primary key",
    table: table.sourceName,
    required: "a primary key",
  };
  if (table.facts.has_primary_key) {
    return makeCheck({
      ...base,
      status: "pass",
      current: "present",
      message: `${table.sourceName} has a primary key.`,
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: "none",
    message: `${table.sourceName} has no primary key. PostHog's CDC needs one on each table to merge changes into the right rows; add one or use another sync method for this table.`,
    fixes: [
      sqlFix(
        `ALTER TABLE ${table.facts.quoted} ADD PRIMARY KEY (<key columns>);`,
      ),
    ],
  });
}

export function selectPermissionCheck(
  context: CheckContext,
  table: ResolvedTable,
): DoctorCheck {
  const facts = table.facts;
  const base = {
    id: "select-permission",
    title: "SELECT permission",
    table: table.sourceName,
    required: "USAGE on the schema and SELECT on the table",
  };
  if (facts.schema_usage && facts.can_select) {
    return makeCheck({
      ...base,
      status: "pass",
      current: "granted",
      message: `The role may read ${table.sourceName}.`,
    });
  }

  const role = activeRoleSql(context);
  const fixes: Fix[] = [];
  if (!facts.schema_usage) {
    fixes.push(
      sqlFix(`GRANT USAGE ON SCHEMA ${facts.schema_quoted} TO ${role};`),
    );
  }
  if (!facts.can_select) {
    fixes.push(sqlFix(`GRANT SELECT ON ${facts.quoted} TO ${role};`));
  }
  const missing = [
    facts.schema_usage ? null : `USAGE on schema ${facts.schema}`,
    facts.can_select ? null : "SELECT on the table",
  ].filter((grant) => grant !== null);
  return makeCheck({
    ...base,
    status: "fail",
    current: `missing ${listNames(missing)}`,
    message: `The role cannot read ${table.sourceName}: it lacks ${listNames(missing)}, which the initial copy needs.`,
    fixes,
  });
}

/** Relations whose UPDATE and DELETE fail once published: no identity to send the old row by. */
function identitylessRelations(facts: TableFacts): string[] {
  const lacksIdentity = (relation: {
    replicaIdentity: string;
    hasPrimaryKey: boolean;
    hasIdentityIndex: boolean;
  }) =>
    relation.replicaIdentity === "n" ||
    (relation.replicaIdentity === "d" && !relation.hasPrimaryKey) ||
    (relation.replicaIdentity === "i" && !relation.hasIdentityIndex);

  if (facts.kind === "p") {
    return facts.leaves.filter(lacksIdentity).map((leaf) => leaf.quoted);
  }
  const own = {
    replicaIdentity: facts.replica_identity,
    hasPrimaryKey: facts.has_primary_key,
    hasIdentityIndex: facts.has_identity_index,
  };
  return lacksIdentity(own) ? [facts.quoted] : [];
}

const IDENTITY_NAMES: Record<string, string> = {
  d: "DEFAULT",
  n: "NOTHING",
  f: "FULL",
  i: "USING INDEX",
};

export function replicaIdentityCheck(table: ResolvedTable): DoctorCheck {
  const facts = table.facts;
  const identity =
    IDENTITY_NAMES[facts.replica_identity] ?? facts.replica_identity;
  const base = {
    id: "replica-identity",
    title: "Replica identity",
    table: table.sourceName,
    required: "a primary key, an identity index, or FULL",
  };
  const broken = identitylessRelations(facts);
  if (broken.length === 0) {
    return makeCheck({
      ...base,
      status: "pass",
      current:
        facts.has_primary_key && identity === "DEFAULT"
          ? "DEFAULT (primary key)"
          : identity,
      message: `Updates and deletes on ${table.sourceName} carry the old row's identity.`,
    });
  }

  const partitioned = facts.kind === "p";
  const cause = partitioned
    ? `Partitions ${listNames(broken)} of ${table.sourceName} have no replica identity: no primary key, and REPLICA IDENTITY DEFAULT or NOTHING.`
    : `${table.sourceName} has no replica identity: no primary key, and REPLICA IDENTITY ${identity}.`;
  return makeCheck({
    ...base,
    status: "fail",
    current: partitioned
      ? `${broken.length} partitions without identity`
      : `${identity} without a key`,
    message: `${cause} Once a publication that publishes updates and deletes includes it, your own UPDATE and DELETE statements on it fail with "cannot update table ... because it does not have a replica identity". Add a primary key, or set REPLICA IDENTITY FULL.`,
    fixes: broken.map((relation) =>
      sqlFix(`ALTER TABLE ${relation} REPLICA IDENTITY FULL;`),
    ),
  });
}

export function cdcSequenceColumnCheck(table: ResolvedTable): DoctorCheck {
  const base = {
    id: "cdc-seq-column",
    title: `No ${CDC_SEQUENCE_COLUMN} column`,
    table: table.sourceName,
    required: `no column named ${CDC_SEQUENCE_COLUMN}`,
  };
  if (!table.facts.has_cdc_seq_column) {
    return makeCheck({
      ...base,
      status: "pass",
      current: "absent",
      message: `${table.sourceName} has no column named ${CDC_SEQUENCE_COLUMN}.`,
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: "present",
    message: `${table.sourceName} has a column named ${CDC_SEQUENCE_COLUMN}, which PostHog uses for its own change sequence, so CDC cannot sync it. Rename the column, or choose another sync method for this table.`,
    fixes: [
      sqlFix(
        `ALTER TABLE ${table.facts.quoted} RENAME COLUMN ${CDC_SEQUENCE_COLUMN} TO <new name>;`,
      ),
    ],
  });
}
