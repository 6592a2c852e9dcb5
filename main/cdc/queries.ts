import { z } from "zod";

/*
 * The doctor's catalog queries. Each reads one area in a single round trip, whatever the
 * table count, and none writes. Names come back already quoted by the server's
 * `quote_ident`, so fixes quote mixed case, dots and non-ASCII names exactly as PostgreSQL does.
 */

/** Roles whose presence gives a managed provider away. */
export const PROVIDER_ROLES = [
  "rds_superuser",
  "rds_replication",
  "rdsadmin",
  "cloudsqlsuperuser",
  "azure_pg_admin",
  "supabase_admin",
  "neon_superuser",
];

/**
 * Provider settings read with `current_setting(name, true)`. Unlike `pg_settings`, that also
 * returns custom placeholder settings, which a server lists nowhere else.
 */
export const PROVIDER_SETTINGS = [
  "rds.logical_replication",
  "cloudsql.logical_decoding",
  "azure.extensions",
  "neon.timeline_id",
  "neon.tenant_id",
];

export const SERVER_SETTINGS = [
  "wal_level",
  "max_replication_slots",
  "max_wal_senders",
  "max_slot_wal_keep_size",
];

export const SHOW_WAL_LEVEL_SQL = "SHOW wal_level";

export const walLevelRowSchema = z.object({ wal_level: z.string() });

const customSettingColumns = PROVIDER_SETTINGS.map(
  (name) => `'${name}', current_setting('${name}', true)`,
).join(", ");

export const SESSION_SQL = `
SELECT
  current_setting('server_version_num')::int AS version_num,
  current_setting('server_version') AS version,
  current_database() AS database,
  quote_ident(current_database()) AS database_quoted,
  session_user AS login_role,
  quote_ident(session_user) AS login_role_quoted,
  current_user AS active_role,
  quote_ident(current_user) AS active_role_quoted,
  r.rolsuper AS superuser,
  r.rolreplication AS replication,
  pg_is_in_recovery() AS in_recovery,
  has_database_privilege(current_database(), 'CREATE') AS can_create,
  COALESCE((
    SELECT json_agg(g.rolname ORDER BY g.rolname)
    FROM pg_roles g
    WHERE g.rolreplication AND g.oid <> r.oid
      AND pg_has_role(r.oid, g.oid, 'MEMBER')
  ), '[]') AS replication_groups,
  json_build_object(${customSettingColumns}) AS custom_settings,
  COALESCE((
    SELECT json_agg(json_build_object(
      'name', p.rolname, 'member', pg_has_role(r.oid, p.oid, 'MEMBER')))
    FROM pg_roles p
    WHERE p.rolname = ANY($1::text[])
  ), '[]') AS provider_roles,
  COALESCE((
    SELECT json_agg(s.name ORDER BY s.name)
    FROM pg_settings s
    WHERE s.name ~ '^(rds|cloudsql|azure|neon|supautils)\\.'
  ), '[]') AS provider_settings,
  to_regprocedure('aurora_version()') IS NOT NULL AS has_aurora_version
FROM pg_roles r
WHERE r.rolname = session_user`;

export const sessionRowSchema = z.object({
  version_num: z.number(),
  version: z.string(),
  database: z.string(),
  database_quoted: z.string(),
  login_role: z.string(),
  login_role_quoted: z.string(),
  active_role: z.string(),
  active_role_quoted: z.string(),
  superuser: z.boolean(),
  replication: z.boolean(),
  in_recovery: z.boolean(),
  can_create: z.boolean(),
  replication_groups: z.array(z.string()),
  custom_settings: z.record(z.string(), z.string().nullable()),
  provider_roles: z.array(z.object({ name: z.string(), member: z.boolean() })),
  provider_settings: z.array(z.string()),
  has_aurora_version: z.boolean(),
});

export const SETTINGS_SQL = `
SELECT name, setting, unit, pending_restart
FROM pg_settings
WHERE name = ANY($1::text[])`;

export const settingRowSchema = z.object({
  name: z.string(),
  setting: z.string(),
  unit: z.string().nullable(),
  pending_restart: z.boolean(),
});

/** Readable only by superusers and members of `pg_read_all_settings`. */
export const FILE_WAL_LEVEL_SQL = `
SELECT setting
FROM pg_file_settings
WHERE name = 'wal_level'
ORDER BY seqno DESC
LIMIT 1`;

export const fileSettingRowSchema = z.object({
  setting: z.string().nullable(),
});

/** Slots and WAL senders. `wal_status` exists from PostgreSQL 13 on. */
export function slotsSql(versionNum: number): string {
  const walStatus = versionNum >= 130000 ? "s.wal_status" : "NULL";
  return `
SELECT
  (SELECT count(*) FROM pg_stat_replication)::int AS senders_in_use,
  COALESCE((
    SELECT json_agg(json_build_object(
      'name', s.slot_name,
      'plugin', s.plugin,
      'type', s.slot_type,
      'database', s.database,
      'active', s.active,
      'walStatus', ${walStatus},
      'retainedBytes', CASE
        WHEN s.restart_lsn IS NULL OR pg_is_in_recovery() THEN NULL
        ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)
      END
    ) ORDER BY s.slot_name)
    FROM pg_replication_slots s
  ), '[]') AS slots`;
}

export const slotsRowSchema = z.object({
  senders_in_use: z.number(),
  slots: z.array(
    z.object({
      name: z.string(),
      plugin: z.string().nullable(),
      type: z.string(),
      database: z.string().nullable(),
      active: z.boolean(),
      walStatus: z.string().nullable(),
      retainedBytes: z.number().nullable(),
    }),
  ),
});

/**
 * Returns the query for the publication and the tables it covers. `pg_publication_tables`
 * lists the leaf partitions of a partitioned table unless the publication publishes via the
 * root (PostgreSQL 13+).
 */
export function publicationSql(versionNum: number): string {
  const viaRoot = versionNum >= 130000 ? "p.pubviaroot" : "false";
  return `
SELECT
  quote_ident($1::text) AS quoted,
  p.oid IS NOT NULL AS exists,
  COALESCE(p.puballtables, false) AS all_tables,
  COALESCE(p.pubinsert, false) AS publishes_insert,
  COALESCE(p.pubupdate, false) AS publishes_update,
  COALESCE(p.pubdelete, false) AS publishes_delete,
  COALESCE(${viaRoot}, false) AS via_root,
  COALESCE((
    SELECT json_agg(json_build_object('schema', t.schemaname, 'name', t.tablename))
    FROM pg_publication_tables t
    WHERE t.pubname = $1::text
  ), '[]') AS tables
FROM (SELECT 1) AS one
LEFT JOIN pg_publication p ON p.pubname = $1::text`;
}

export const publicationRowSchema = z.object({
  quoted: z.string(),
  exists: z.boolean(),
  all_tables: z.boolean(),
  publishes_insert: z.boolean(),
  publishes_update: z.boolean(),
  publishes_delete: z.boolean(),
  via_root: z.boolean(),
  tables: z.array(z.object({ schema: z.string(), name: z.string() })),
});

/**
 * Common table expressions of the tables query. Keys and partition leaves are aggregated once
 * and joined, not looked up per row: per-row subqueries made the planner's estimate large
 * enough to start JIT compilation, which took longer than the query itself.
 */
function tableCtes(versionNum: number): string {
  const keys = `keys AS (
  SELECT indrelid,
    bool_or(indisprimary) AS has_primary_key,
    bool_or(indisreplident) AS has_identity_index
  FROM pg_index
  GROUP BY indrelid
)`;
  const sequenceColumns = `sequence_columns AS (
  SELECT DISTINCT attrelid
  FROM pg_attribute
  WHERE attname = '_ph_cdc_seq' AND attnum > 0 AND NOT attisdropped
)`;
  // pg_partition_tree exists from PostgreSQL 12 on.
  const leaves =
    versionNum < 120000
      ? "leaves AS (SELECT NULL::oid AS root, NULL::json AS leaves WHERE false)"
      : `leaves AS (
  SELECT r.oid AS root,
    json_agg(json_build_object(
      'schema', ln.nspname,
      'name', lc.relname,
      'quoted', quote_ident(ln.nspname) || '.' || quote_ident(lc.relname),
      'replicaIdentity', lc.relreplident,
      'hasPrimaryKey', COALESCE(lk.has_primary_key, false),
      'hasIdentityIndex', COALESCE(lk.has_identity_index, false)
    ) ORDER BY ln.nspname, lc.relname) AS leaves
  FROM pg_class r
  CROSS JOIN LATERAL pg_partition_tree(r.oid) pt
  JOIN pg_class lc ON lc.oid = pt.relid
  JOIN pg_namespace ln ON ln.oid = lc.relnamespace
  LEFT JOIN keys lk ON lk.indrelid = lc.oid
  WHERE r.relkind = 'p' AND pt.isleaf
  GROUP BY r.oid
)`;
  // Roles whose membership gives more than table ownership: SET ROLE to them would make the
  // login role a superuser or an administrator of the managed service.
  const privilegedOwners = `privileged_owners AS (
  SELECT r.oid
  FROM pg_roles r
  WHERE r.rolsuper OR r.rolcreaterole OR r.rolbypassrls OR EXISTS (
    SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
    WHERE m.member = r.oid AND g.rolname IN (${ADMIN_ROLE_NAMES.map((name) => `'${name}'`).join(", ")})
  )
)`;
  return `WITH ${keys},\n${sequenceColumns},\n${leaves},\n${privilegedOwners}`;
}

/** Administrator roles of managed PostgreSQL services and PostgreSQL's broad predefined roles. */
const ADMIN_ROLE_NAMES = [
  "rds_superuser",
  "cloudsqlsuperuser",
  "azure_pg_admin",
  "supabase_admin",
  "neon_superuser",
  "pg_write_all_data",
  "pg_read_all_data",
  "pg_execute_server_program",
  "pg_write_server_files",
];

/** Row selection of the tables query. Names travel as parameters, never in the SQL text. */
export type TableSelection =
  | { kind: "named"; schema: string; names: string[] }
  | { kind: "all"; schema: string };

/** Returns the tables query and its parameters. */
export function tablesQuery(
  versionNum: number,
  selection: TableSelection,
): { text: string; values: unknown[] } {
  const { where, values } = tableFilter(selection);
  const text = `
${tableCtes(versionNum)}
SELECT
  n.nspname AS schema,
  c.relname AS name,
  quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS quoted,
  c.relkind::text AS kind,
  c.relreplident::text AS replica_identity,
  quote_ident(pg_get_userbyid(c.relowner)) AS owner_quoted,
  pg_has_role(current_user, c.relowner, 'USAGE') AS owned,
  po.oid IS NOT NULL AS owner_privileged,
  has_schema_privilege(n.oid, 'USAGE') AS schema_usage,
  quote_ident(n.nspname) AS schema_quoted,
  has_table_privilege(c.oid, 'SELECT') AS can_select,
  COALESCE(k.has_primary_key, false) AS has_primary_key,
  COALESCE(k.has_identity_index, false) AS has_identity_index,
  s.attrelid IS NOT NULL AS has_cdc_seq_column,
  COALESCE(l.leaves, '[]') AS leaves
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN keys k ON k.indrelid = c.oid
LEFT JOIN sequence_columns s ON s.attrelid = c.oid
LEFT JOIN leaves l ON l.root = c.oid
LEFT JOIN privileged_owners po ON po.oid = c.relowner
WHERE ${where}
ORDER BY n.nspname, c.relname`;
  return { text, values };
}

function tableFilter(selection: TableSelection): {
  where: string;
  values: unknown[];
} {
  if (selection.kind === "named") {
    const relation = "c.relkind IN ('r', 'p', 'v', 'm', 'f')";
    if (selection.schema !== "") {
      return {
        where: `${relation} AND n.nspname = $2 AND c.relname = ANY($1::text[])`,
        values: [selection.names, selection.schema],
      };
    }
    return {
      where: `${relation} AND (n.nspname || '.' || c.relname = ANY($1::text[])
        OR (n.nspname = 'public' AND c.relname = ANY($1::text[])))`,
      values: [selection.names],
    };
  }

  const table = "c.relkind IN ('r', 'p') AND NOT c.relispartition";
  if (selection.schema !== "") {
    return {
      where: `${table} AND n.nspname = $1`,
      values: [selection.schema],
    };
  }
  return {
    where: `${table} AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'`,
    values: [],
  };
}

const replicaIdentity = z.enum(["d", "n", "f", "i"]);

export const tableRowSchema = z.object({
  schema: z.string(),
  name: z.string(),
  quoted: z.string(),
  kind: z.string(),
  replica_identity: replicaIdentity,
  owner_quoted: z.string(),
  owned: z.boolean(),
  /** The owner is a superuser or an administrator, so membership in it must not be offered. */
  owner_privileged: z.boolean(),
  schema_usage: z.boolean(),
  schema_quoted: z.string(),
  can_select: z.boolean(),
  has_primary_key: z.boolean(),
  has_identity_index: z.boolean(),
  has_cdc_seq_column: z.boolean(),
  leaves: z.array(
    z.object({
      schema: z.string(),
      name: z.string(),
      quoted: z.string(),
      replicaIdentity,
      hasPrimaryKey: z.boolean(),
      hasIdentityIndex: z.boolean(),
    }),
  ),
});
