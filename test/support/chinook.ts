import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { quoteIdent, quoteLiteral, type PgCluster } from "./postgres";

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "fixtures",
);

/** The Chinook sample database for PostgreSQL (MIT licence), copied into test/fixtures. */
export const CHINOOK_POSTGRES_SQL = join(
  FIXTURES,
  "chinook",
  "Chinook_PostgreSql.sql",
);

/** Loads Chinook into database `chinook` and creates a read-only login role for it. */
export async function loadChinook(
  cluster: PgCluster,
  role: { user: string; password: string },
): Promise<void> {
  await cluster.runFile(CHINOOK_POSTGRES_SQL);
  await cluster.sql(
    `CREATE ROLE ${quoteIdent(role.user)} LOGIN PASSWORD ${quoteLiteral(role.password)}`,
  );
  await cluster.sql(
    `GRANT USAGE ON SCHEMA public TO ${quoteIdent(role.user)};
     GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${quoteIdent(role.user)};
     ANALYZE;`,
    "chinook",
  );
}
