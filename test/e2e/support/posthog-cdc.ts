import type { CdcCheckResult, DiscoverTables } from "../../fakes/posthog";
import { quoteLiteral, type PgCluster } from "../../support/postgres";

/*
 * Responses of the PostHog double that PostHog computes by connecting to the database. Here they
 * come from the running test cluster, read as superuser over its socket, so a change the test
 * makes to the database shows in the double's responses as it would in PostHog's.
 */

type Body = Record<string, unknown>;

const SYSTEM_SCHEMAS = ["information_schema", "pg_catalog", "pg_toast"];

/** A table named in a request, resolved against the source's schema. */
interface TableName {
  schema: string;
  name: string;
}

type ServerFacts = {
  /** `server_version_num`, e.g. 150004. */
  version: number;
  wal_level: string;
  max_slots: number;
  slots_in_use: number;
};

type TableFacts = {
  schema: string;
  name: string;
  exists: boolean;
  has_primary_key: boolean;
  can_select: boolean;
  owned: boolean;
};

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Returns a discovery that lists the base tables of `databaseName` at the time of each request,
 * with their primary keys. Names are bare for the payload's schema, and `schema.table` across
 * every schema when the payload's schema is blank, as PostHog's Postgres source names them.
 */
export function discoverLiveTables(
  database: PgCluster,
  databaseName: string,
): DiscoverTables {
  return async (payload) => {
    const schema = text(payload.schema);
    const schemaFilter =
      schema === ""
        ? `n.nspname NOT IN (${SYSTEM_SCHEMAS.map(quoteLiteral).join(", ")})
           AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`
        : `n.nspname = ${quoteLiteral(schema)}`;
    const rows = await database.sql<{
      schema: string;
      name: string;
      primary_key: string[] | null;
    }>(
      `SELECT n.nspname AS schema, c.relname AS name,
         (SELECT array_agg(a.attname::text ORDER BY k.position)
            FROM pg_index i
            CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
           WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND ${schemaFilter}
       ORDER BY n.nspname, c.relname`,
      databaseName,
    );
    return rows.map((row) => ({
      name: schema === "" ? `${row.schema}.${row.name}` : row.name,
      primaryKey: row.primary_key,
    }));
  };
}

/**
 * Returns a `check_cdc_prerequisites` handler that imitates PostHog's Postgres prerequisite
 * validator: every check runs and every failure is listed, in PostHog's order and words. Like
 * PostHog's, it does not check `max_wal_senders`, replica identity or publication coverage.
 */
export function imitatePostHogCdcCheck(
  database: PgCluster,
): (body: Body) => Promise<CdcCheckResult> {
  return async (body) => {
    const databaseName = text(body.database);
    const user = text(body.user);
    const server = await serverFacts(database, databaseName);
    const tables = await tableFacts(
      database,
      databaseName,
      user,
      tableNames(body),
    );
    const mayReplicate = await replicationFact(database, databaseName, user);

    const errors = [
      ...serverErrors(server),
      ...tableErrors(tables),
      ...replicationErrors(mayReplicate),
      ...slotErrors(server),
      ...(await modeErrors(database, databaseName, body, tables)),
    ];
    return { valid: errors.length === 0, errors };
  };
}

function tableNames(body: Body): TableName[] {
  const schema = text(body.schema) || "public";
  const names = Array.isArray(body.tables) ? body.tables.map(text) : [];
  return names.map((entry) => {
    const dot = entry.indexOf(".");
    return dot < 0
      ? { schema, name: entry }
      : { schema: entry.slice(0, dot), name: entry.slice(dot + 1) };
  });
}

async function serverFacts(
  database: PgCluster,
  databaseName: string,
): Promise<ServerFacts | undefined> {
  const [server] = await database.sql<ServerFacts>(
    `SELECT current_setting('server_version_num')::int AS version,
            current_setting('wal_level') AS wal_level,
            current_setting('max_replication_slots')::int AS max_slots,
            (SELECT count(*) FROM pg_replication_slots)::int AS slots_in_use`,
    databaseName,
  );
  return server;
}

async function tableFacts(
  database: PgCluster,
  databaseName: string,
  user: string,
  tables: TableName[],
): Promise<TableFacts[]> {
  if (tables.length === 0) return [];
  const values = tables
    .map(
      (table) => `(${quoteLiteral(table.schema)}, ${quoteLiteral(table.name)})`,
    )
    .join(", ");
  const role = quoteLiteral(user);
  return database.sql<TableFacts>(
    `SELECT t.schema, t.name, c.oid IS NOT NULL AS exists,
            COALESCE(EXISTS (SELECT 1 FROM pg_index i
                              WHERE i.indrelid = c.oid AND i.indisprimary), false)
              AS has_primary_key,
            COALESCE(has_schema_privilege(${role}, n.oid, 'USAGE')
                     AND has_table_privilege(${role}, c.oid, 'SELECT'), false)
              AS can_select,
            COALESCE(pg_has_role(${role}, c.relowner, 'USAGE'), false) AS owned
       FROM (VALUES ${values}) AS t(schema, name)
       LEFT JOIN pg_namespace n ON n.nspname = t.schema
       LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name`,
    databaseName,
  );
}

/** Returns whether the role may create replication slots, or null for an unknown role. */
async function replicationFact(
  database: PgCluster,
  databaseName: string,
  user: string,
): Promise<boolean | null> {
  const [role] = await database.sql<{ may_replicate: boolean }>(
    `SELECT r.rolsuper OR r.rolreplication OR EXISTS (
              SELECT 1 FROM pg_roles g
               WHERE g.rolname IN ('rds_replication', 'rds_superuser')
                 AND pg_has_role(r.oid, g.oid, 'MEMBER')) AS may_replicate
       FROM pg_roles r WHERE r.rolname = ${quoteLiteral(user)}`,
    databaseName,
  );
  return role ? role.may_replicate : null;
}

function serverErrors(server: ServerFacts | undefined): string[] {
  if (!server) return ["Could not determine PostgreSQL version."];

  const errors: string[] = [];
  if (server.version < 130000) {
    const major = Math.floor(server.version / 10000);
    errors.push(
      `PostgreSQL 13 or later is required for CDC. Your server is running version ${major}.`,
    );
  }
  if (server.wal_level !== "logical") {
    errors.push(
      `wal_level must be set to 'logical' (currently '${server.wal_level}'). This requires a PostgreSQL server restart after changing the configuration.`,
    );
  }
  return errors;
}

function qualified(table: TableFacts): string {
  return `${table.schema}.${table.name}`;
}

function tableErrors(tables: TableFacts[]): string[] {
  const missingKeys = tables
    .filter((table) => table.exists && !table.has_primary_key)
    .map(
      (table) =>
        `Table '${qualified(table)}' has no primary key. CDC requires a primary key on each table.`,
    );
  const unreadable: string[] = [];
  for (const table of tables) {
    if (!table.exists) {
      unreadable.push(`Table '${qualified(table)}' does not exist.`);
    } else if (!table.can_select) {
      unreadable.push(`No SELECT permission on table '${qualified(table)}'.`);
    }
  }
  return [...missingKeys, ...unreadable];
}

function replicationErrors(mayReplicate: boolean | null): string[] {
  if (mayReplicate === null) return ["Could not determine user roles."];
  if (mayReplicate) return [];
  return [
    "The database user cannot create logical replication slots. Grant one of: REPLICATION attribute (ALTER USER <username> WITH REPLICATION), superuser, or membership in rds_replication / rds_superuser on RDS. If you can't grant replication access, switch these tables to Incremental sync instead of CDC. Incremental needs only SELECT permission.",
  ];
}

function slotErrors(server: ServerFacts | undefined): string[] {
  if (!server || server.slots_in_use < server.max_slots) return [];
  return [
    `No replication slot capacity available (${server.slots_in_use}/${server.max_slots} slots in use). Increase max_replication_slots in your PostgreSQL configuration.`,
  ];
}

/**
 * Checks table ownership in PostHog-managed mode, and that the publication exists in
 * self-managed mode.
 */
async function modeErrors(
  database: PgCluster,
  databaseName: string,
  body: Body,
  tables: TableFacts[],
): Promise<string[]> {
  if (body.cdc_management_mode !== "self_managed") {
    return tables
      .filter((table) => table.exists && !table.owned)
      .map(
        (table) =>
          `The database user does not own table '${qualified(table)}'. PostgreSQL only lets a table's owner publish it, and CDC publishes every table it syncs. Grant ownership with ALTER TABLE ${qualified(table)} OWNER TO <username>, or add the user to the role that owns the table with GRANT <owner_role> TO <username>. If you can't change ownership, switch this table to Incremental sync instead of CDC. Incremental needs only SELECT permission.`,
      );
  }

  const publication = text(body.cdc_publication_name);
  if (publication === "") return [];
  const rows = await database.sql(
    `SELECT 1 FROM pg_publication WHERE pubname = ${quoteLiteral(publication)}`,
    databaseName,
  );
  if (rows.length > 0) return [];
  return [
    `Publication '${publication}' does not exist. Create it with: CREATE PUBLICATION ${publication} FOR TABLE ...;`,
  ];
}
