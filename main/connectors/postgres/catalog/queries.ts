/**
 * Catalog queries of discovery and the connection trace. Each takes the schema to discover as
 * `$1`, or NULL for every schema, and reads relations by oid: no query builds a name into SQL
 * text, and none reads a table's rows.
 */

/** Relations offered for sync: tables, partitioned parents, views, materialized views, foreign tables. */
const RELATION_FILTER = `
  c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE 'pg\\_%'
  AND ($1::text IS NULL OR n.nspname = $1)`;

/** Row of SERVER_INFO_QUERY. */
export interface ServerInfoRow {
  version: string;
  version_num: number;
  user: string;
  database: string;
  ssl: boolean;
  can_connect: boolean;
  schema_exists: boolean;
  schema_usage: boolean;
  readable_tables: number;
  total_tables: number;
}

export const SERVER_INFO_QUERY = `
SELECT current_setting('server_version') AS version,
  current_setting('server_version_num')::int AS version_num,
  current_user AS "user",
  current_database() AS database,
  COALESCE((SELECT s.ssl FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()), false) AS ssl,
  has_database_privilege(
    (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()), 'CONNECT'
  ) AS can_connect,
  ($1::text IS NULL OR EXISTS (SELECT 1 FROM pg_namespace s WHERE s.nspname = $1)) AS schema_exists,
  COALESCE((SELECT has_schema_privilege(s.oid, 'USAGE') FROM pg_namespace s WHERE s.nspname = $1), true)
    AS schema_usage,
  counts.readable_tables,
  counts.total_tables
FROM (
  SELECT count(c.oid) FILTER (
      WHERE has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
    )::int AS readable_tables,
    count(c.oid)::int AS total_tables
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${RELATION_FILTER}
) AS counts`;

/** Statistics columns shared by RELATIONS_QUERY and PARTITIONS_QUERY. */
const STATISTICS_COLUMNS = `
  c.reltuples::float8 AS reltuples,
  c.relpages::float8 AS relpages,
  s.n_live_tup::float8 AS live_tuples,
  COALESCE(s.n_live_tup + s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0, false) AS has_activity,
  COALESCE(
    s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL
      OR s.last_vacuum IS NOT NULL OR s.last_autovacuum IS NOT NULL,
    false
  ) AS analyzed`;

/** Storage statistics of one relation, as both relation queries return them. */
export interface StatisticsRow {
  reltuples: number;
  relpages: number;
  live_tuples: number | null;
  has_activity: boolean;
  analyzed: boolean;
}

export interface RelationRow extends StatisticsRow {
  oid: number;
  schema: string;
  name: string;
  relkind: string;
  schema_usage: boolean;
  table_select: boolean;
  row_security: boolean;
  replica_identity: string;
}

export const RELATIONS_QUERY = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
  has_schema_privilege(n.oid, 'USAGE') AS schema_usage,
  has_table_privilege(c.oid, 'SELECT') AS table_select,
  c.relrowsecurity AS row_security,
  c.relreplident::text AS replica_identity,
  ${STATISTICS_COLUMNS}
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE ${RELATION_FILTER}
ORDER BY n.nspname, c.relname`;

export interface PartitionRow extends StatisticsRow {
  root_oid: number;
  relkind: string;
}

/** Every partition below each partitioned parent, at any depth, found through pg_inherits. */
export const PARTITIONS_QUERY = `
WITH RECURSIVE tree AS (
  SELECT c.oid AS root_oid, i.inhrelid AS relid
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_inherits i ON i.inhparent = c.oid
  WHERE c.relkind = 'p' AND ${RELATION_FILTER}
  UNION ALL
  SELECT t.root_oid, i.inhrelid
  FROM tree t
  JOIN pg_inherits i ON i.inhparent = t.relid
)
SELECT t.root_oid, c.relkind::text AS relkind, ${STATISTICS_COLUMNS}
FROM tree t
JOIN pg_class c ON c.oid = t.relid
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid`;

export interface ColumnRow {
  relid: number;
  attnum: number;
  name: string;
  type: string;
  /**
   * Oid of the column's type, or of the base type for a domain.
   * NOTE: only one level of domain is resolved, so a column whose domain is based on another
   * domain is never offered as a cursor.
   */
  base_type_oid: number;
  nullable: boolean;
  generated: boolean;
  sequence_backed: boolean;
}

export const COLUMNS_QUERY = `
SELECT a.attrelid AS relid, a.attnum::int AS attnum, a.attname AS name,
  format_type(a.atttypid, a.atttypmod) AS type,
  CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AS base_type_oid,
  NOT a.attnotnull AS nullable,
  a.attgenerated <> '' AS generated,
  (a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false))
    AS sequence_backed
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND ${RELATION_FILTER}
ORDER BY a.attrelid, a.attnum`;

export interface IndexRow {
  relid: number;
  is_primary: boolean;
  /** Key column numbers in index order, where 0 marks an expression. */
  key_columns: number[];
}

/** Valid, non-partial indexes with their key columns (INCLUDE columns left out). */
export const INDEXES_QUERY = `
SELECT i.indrelid AS relid, i.indisprimary AS is_primary,
  ARRAY(
    SELECT k.attnum::int
    FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
    WHERE k.position <= i.indnkeyatts
    ORDER BY k.position
  ) AS key_columns
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indisvalid AND i.indpred IS NULL AND ${RELATION_FILTER}`;
