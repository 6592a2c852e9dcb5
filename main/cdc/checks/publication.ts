import type { DoctorCheck, Fix } from "../../../shared/domain/cdc";
import type { PublicationFacts, TableFacts } from "../facts";
import { listNames } from "../format";
import {
  activeRoleSql,
  makeCheck,
  type CheckFields,
  sqlFix,
  unreadableCheck,
  type CheckContext,
  type ResolvedTable,
} from "./context";

const TITLE = "Publication";

/** Relations a publication can contain. */
function isTable(table: TableFacts): boolean {
  return table.kind === "r" || table.kind === "p";
}

export function publicationCheck(context: CheckContext): DoctorCheck {
  const name = context.request.publicationName;
  const base = { id: "publication", title: TITLE };
  const { publication } = context.facts;
  if (!publication.ok) {
    return unreadableCheck(base, publication, `publication ${name}`);
  }
  return context.request.mode === "self_managed"
    ? selfManagedPublication(context, publication.value)
    : posthogManagedPublication(context, publication.value);
}

function selfManagedPublication(
  context: CheckContext,
  publication: PublicationFacts,
): DoctorCheck {
  const name = context.request.publicationName;
  const base = {
    id: "publication",
    title: TITLE,
    required: "exists and publishes insert, update and delete",
  };
  if (!publication.exists) {
    return makeCheck({
      ...base,
      status: "fail",
      current: "does not exist",
      message: `Publication ${name} does not exist. In self-managed mode your DBA creates it for the selected tables before CDC starts.`,
      fixes: [sqlFix(createPublicationSql(context, publication.quoted))],
    });
  }

  const missing = unpublishedOperations(publication);
  if (missing.length > 0) {
    return makeCheck({
      ...base,
      status: "fail",
      current: `does not publish ${listNames(missing)}`,
      message: `Publication ${name} does not publish ${listNames(missing)}, so PostHog would miss those changes.`,
      fixes: [
        sqlFix(
          `ALTER PUBLICATION ${publication.quoted} SET (publish = 'insert, update, delete, truncate');`,
        ),
      ],
    });
  }

  const scope = publication.all_tables
    ? "every table"
    : `${publication.tables.length} tables`;
  return makeCheck({
    ...base,
    status: "pass",
    current: `exists (${scope})`,
    message: `Publication ${name} exists and publishes ${scope}.`,
  });
}

function unpublishedOperations(publication: PublicationFacts): string[] {
  const operations: [string, boolean][] = [
    ["insert", publication.publishes_insert],
    ["update", publication.publishes_update],
    ["delete", publication.publishes_delete],
  ];
  return operations
    .filter(([, published]) => !published)
    .map(([operation]) => operation);
}

/** Builds CREATE PUBLICATION for the selected tables, never `FOR ALL TABLES`, which would also publish every future table. */
function createPublicationSql(context: CheckContext, quoted: string): string {
  const tables = context.found.map((table) => table.facts).filter(isTable);
  const list =
    tables.length > 0
      ? tables.map((table) => table.quoted).join(", ")
      : "<schema.table>, ...";
  const partitioned = tables.some((table) => table.kind === "p");
  const options = partitioned
    ? " WITH (publish_via_partition_root = true)"
    : "";
  return `CREATE PUBLICATION ${quoted} FOR TABLE ${list}${options};`;
}

function posthogManagedPublication(
  context: CheckContext,
  publication: PublicationFacts,
): DoctorCheck {
  // A blank name means PostHog picks one (posthog_pub_<source id>) when it creates the source.
  const name = context.request.publicationName || "posthog_pub_<source id>";
  const base = {
    id: "publication",
    title: TITLE,
    required: "PostHog can create it",
  };
  if (publication.exists) {
    return makeCheck({
      ...base,
      status: "warn",
      current: "already exists",
      message: `Publication ${name} already exists. If it belongs to this PostHog source, nothing is needed; for a new source, PostHog stops with "A publication named ${name} already exists", so choose another name or use self-managed mode.`,
    });
  }

  const session = context.facts.session;
  if (session.ok && !session.value.can_create) {
    return makeCheck({
      ...base,
      status: "fail",
      current: `no CREATE on database ${session.value.database}`,
      message: `PostHog creates publication ${name}, which needs the CREATE privilege on database ${session.value.database}, and ${session.value.active_role} lacks it.`,
      fixes: [
        sqlFix(
          `GRANT CREATE ON DATABASE ${session.value.database_quoted} TO ${activeRoleSql(context)};`,
        ),
      ],
    });
  }
  return makeCheck({
    ...base,
    status: "pass",
    current: "does not exist yet",
    message: `PostHog will create publication ${name} for the selected tables.`,
  });
}

function skippedCoverageMessage(name: string): string {
  return `Not checked, because publication ${name} does not exist or could not be read. The publication check gives the fix.`;
}

/** Self-managed mode: the publication must cover the table, a partitioned one via its root. */
export function coverageCheck(
  context: CheckContext,
  table: ResolvedTable,
): DoctorCheck {
  const name = context.request.publicationName;
  const base = {
    id: "publication-coverage",
    title: "In publication",
    table: table.sourceName,
    required: `in ${name}`,
  };
  const { publication } = context.facts;
  if (!publication.ok || !publication.value.exists) {
    return makeCheck({
      ...base,
      status: "skipped",
      message: skippedCoverageMessage(name),
    });
  }

  const pub = publication.value;
  const listed = publishedKeys(pub);
  const facts = table.facts;
  if (listed.has(key(facts.schema, facts.name))) {
    return makeCheck({
      ...base,
      status: "pass",
      current: "published",
      message: `${table.sourceName} is in publication ${name}.`,
    });
  }

  const viaRoot = sqlFix(
    `ALTER PUBLICATION ${pub.quoted} SET (publish_via_partition_root = true);`,
  );
  if (facts.kind === "p" && !pub.via_root && leavesPublished(facts, listed)) {
    return makeCheck({
      ...base,
      status: "warn",
      current: "published through its partitions",
      message: `${table.sourceName} is published through its partitions (${listNames(facts.leaves.map((leaf) => leaf.name))}), so changes arrive under the partition names, not ${facts.name}. Run ${viaRoot.text.replace(/;$/, "")}.`,
      fixes: [viaRoot],
    });
  }

  return uncoveredCheck(base, table, { ...pub, name }, viaRoot);
}

function uncoveredCheck(
  base: Omit<CheckFields, "status" | "message">,
  table: ResolvedTable,
  publication: PublicationFacts & { name: string },
  viaRoot: Fix,
): DoctorCheck {
  const addTable = sqlFix(
    `ALTER PUBLICATION ${publication.quoted} ADD TABLE ${table.facts.quoted};`,
  );
  const partitioned = table.facts.kind === "p" && !publication.via_root;
  return makeCheck({
    ...base,
    status: "fail",
    current: "not in publication",
    message: `${table.sourceName} is not in publication ${publication.name}, so CDC would receive no changes for it. Add it to the publication, or choose another sync method for this table.`,
    fixes: partitioned ? [addTable, viaRoot] : [addTable],
  });
}

/** Tells whether every leaf partition appears in `pg_publication_tables`. */
function leavesPublished(facts: TableFacts, listed: Set<string>): boolean {
  return (
    facts.leaves.length > 0 &&
    facts.leaves.every((leaf) => listed.has(key(leaf.schema, leaf.name)))
  );
}

function key(schema: string, name: string): string {
  return JSON.stringify([schema, name]);
}

const publishedKeyCache = new WeakMap<PublicationFacts, Set<string>>();

/** Returns the published tables as keys, built once per publication rather than once per table. */
function publishedKeys(publication: PublicationFacts): Set<string> {
  let keys = publishedKeyCache.get(publication);
  if (keys === undefined) {
    keys = new Set(publication.tables.map((row) => key(row.schema, row.name)));
    publishedKeyCache.set(publication, keys);
  }
  return keys;
}
