import type {
  SourceCatalogEntry,
  SourceField,
} from "../../shared/domain/posthog";

/**
 * The catalog shown when PostHog's wizard cannot be reached and nothing is
 * cached. Field names, types and required flags follow PostHog's wizard
 * definitions (`postgres/source.py`, `mysql/source.py`, `mongodb/source.py`,
 * `stripe/source.py` in PostHog's warehouse sources).
 */

function field(
  name: string,
  label: string,
  type: string,
  required: boolean,
  extra: Partial<Pick<SourceField, "placeholder" | "caption" | "secret">> = {},
): SourceField {
  return { name, label, type, required, secret: false, ...extra };
}

const sshTunnel = field("ssh_tunnel", "Use SSH tunnel?", "ssh-tunnel", false);

const POSTGRES_FIELDS: SourceField[] = [
  field("connection_string", "Connection string (optional)", "text", false, {
    placeholder: "postgresql://user:password@localhost:5432/database",
    secret: true,
  }),
  field("host", "Host", "text", true, {
    placeholder: "localhost",
    caption:
      "PostHog must reach this host from the internet; a private or local host needs an SSH tunnel.",
  }),
  field("port", "Port", "number", true, { placeholder: "5432" }),
  field("database", "Database", "text", true, { placeholder: "postgres" }),
  field("user", "User", "text", true, { placeholder: "postgres" }),
  field("password", "Password", "password", true, { secret: true }),
  field("schema", "Schema", "text", false, {
    placeholder: "public",
    caption:
      "Leave blank to include every schema; tables are then named schema.table.",
  }),
  sshTunnel,
];

const MYSQL_FIELDS: SourceField[] = [
  field("host", "Host", "text", true, { placeholder: "db.example.com" }),
  field("port", "Port", "number", true, { placeholder: "3306" }),
  field("database", "Database", "text", true, { placeholder: "mysql" }),
  field("user", "User", "text", true),
  field("password", "Password", "password", true, { secret: true }),
  field("schema", "Schema", "text", false, {
    caption: "Leave blank to include all databases.",
  }),
  field("using_ssl", "Use SSL?", "select", true),
  sshTunnel,
];

const MONGODB_FIELDS: SourceField[] = [
  field("connection_string", "Connection string", "text", true, {
    placeholder:
      "mongodb://username:password@host:port/database?authSource=admin&tls=true",
    secret: true,
  }),
  field("database_name", "Database name", "text", false, {
    caption: "Only needed when the connection string names no database.",
  }),
];

const STRIPE_FIELDS: SourceField[] = [
  field("auth_method", "Authentication method", "select", true, {
    caption: "A restricted API key (rk_live_...) or an OAuth connection.",
  }),
  field("stripe_account_id", "Account id", "text", false, {
    caption: "Only for Stripe Connect platforms.",
  }),
];

function entry(
  name: string,
  caption: string,
  fields: SourceField[],
): SourceCatalogEntry {
  return {
    name,
    label: name,
    caption,
    docsUrl: `https://posthog.com/docs/cdp/sources/${name.toLowerCase()}`,
    fields,
    localProbe: name === "Postgres",
    releaseStatus: null,
  };
}

export const BUILT_IN_CATALOG: SourceCatalogEntry[] = [
  entry(
    "Postgres",
    "Sync tables and views from a Postgres database.",
    POSTGRES_FIELDS,
  ),
  entry("MySQL", "Sync tables from a MySQL or MariaDB database.", MYSQL_FIELDS),
  entry("MongoDB", "Sync collections from a MongoDB database.", MONGODB_FIELDS),
  entry(
    "Stripe",
    "Sync payments, customers and subscriptions from Stripe.",
    STRIPE_FIELDS,
  ),
];
