/** Hints for errors whose text shows that a connection pooler, not PostgreSQL, responded. */
const POOLER_HINTS: ReadonlyArray<[RegExp, string]> = [
  [
    /tenant or user not found/i,
    "Supavisor (the Supabase pooler) responded, so use the user name in the form user.project-ref or connect to the database port directly.",
  ],
  [
    /unsupported startup parameter/i,
    "A PgBouncer pooler rejected a startup parameter, so add it to ignore_startup_parameters in pgbouncer.ini or connect to the database port directly.",
  ],
  [
    /no such database/i,
    "A PgBouncer pooler has no entry for this database, so add it to the [databases] section of pgbouncer.ini or connect to the database port directly.",
  ],
  [
    /server login has been failing|no more connections allowed|query_wait_timeout|pgbouncer|supavisor/i,
    "A connection pooler responded, so check its user, database and pool settings or connect to the database port directly.",
  ],
];

/** Returns the pooler hint for an error text, or null when the text shows no pooler. */
export function poolerHint(text: string): string | null {
  const match = POOLER_HINTS.find(([pattern]) => pattern.test(text));
  return match ? match[1] : null;
}
