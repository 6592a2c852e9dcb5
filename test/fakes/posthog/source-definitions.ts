/**
 * Wizard definitions of the source types the double serves, in the shape of
 * PostHog's `SourceConfig` (`posthog/schema`, built in `S/<type>/source.py`).
 * Field names, types, required flags, placeholders and options follow PostHog's
 * source files for Postgres, MySQL, MongoDB and Stripe; captions are shortened.
 */

const SSH_TUNNEL_FIELD = {
  type: "ssh-tunnel",
  name: "ssh_tunnel",
  label: "Use SSH tunnel?",
};

function input(
  name: string,
  label: string,
  type: string,
  required: boolean,
  placeholder: string,
  extra: { secret?: boolean; caption?: string } = {},
): Record<string, unknown> {
  return {
    type,
    name,
    label,
    required,
    placeholder,
    secret: extra.secret ?? false,
    ...(extra.caption === undefined ? {} : { caption: extra.caption }),
  };
}

function booleanSelect(
  name: string,
  label: string,
  defaultValue: string,
): Record<string, unknown> {
  return {
    type: "select",
    name,
    label,
    required: true,
    defaultValue,
    converter: "str_to_bool",
    options: [
      { label: "Yes", value: "true" },
      { label: "No", value: "false" },
    ],
  };
}

const POSTGRES_FIELDS = [
  input(
    "connection_string",
    "Connection string (optional)",
    "text",
    false,
    "postgresql://user:password@localhost:5432/database",
    { secret: true },
  ),
  input("host", "Host", "text", true, "localhost", {
    caption:
      "The host must be reachable from the internet; private and local addresses need an SSH tunnel.",
  }),
  input("port", "Port", "number", true, "5432"),
  input("database", "Database", "text", true, "postgres"),
  input("user", "User", "text", true, "postgres"),
  input("password", "Password", "password", true, "", { secret: true }),
  input("schema", "Schema", "text", false, "public", {
    caption:
      "Leave blank to include every schema; tables are then named schema.table.",
  }),
  SSH_TUNNEL_FIELD,
];

const MYSQL_FIELDS = [
  input("host", "Host", "text", true, "db.example.com"),
  input("port", "Port", "number", true, "3306"),
  input("database", "Database", "text", true, "mysql"),
  input("user", "User", "text", true, "mysql"),
  input("password", "Password", "password", true, "", { secret: true }),
  input("schema", "Schema", "text", false, "", {
    caption: "Leave blank to include all databases.",
  }),
  booleanSelect("using_ssl", "Use SSL?", "true"),
  booleanSelect(
    "verify_server_certificate",
    "Verify server certificate?",
    "false",
  ),
  SSH_TUNNEL_FIELD,
];

const MONGODB_FIELDS = [
  input(
    "connection_string",
    "Connection string",
    "text",
    true,
    "mongodb://username:password@host:port/database?authSource=admin&tls=true",
    { secret: true },
  ),
  input("database_name", "Database name", "text", false, "my_database"),
];

const STRIPE_FIELDS = [
  {
    type: "select",
    name: "auth_method",
    label: "Authentication method",
    required: true,
    defaultValue: "api_key",
    options: [
      {
        label: "Restricted API key",
        value: "api_key",
        fields: [
          input(
            "stripe_secret_key",
            "API key",
            "password",
            false,
            "rk_live_...",
            {
              secret: true,
            },
          ),
        ],
      },
      {
        label: "OAuth connection",
        value: "oauth",
        fields: [
          {
            type: "oauth",
            name: "stripe_integration_id",
            label: "Stripe account",
            required: false,
            kind: "stripe",
          },
        ],
      },
    ],
  },
  input("stripe_account_id", "Account id", "text", false, "acct_..."),
];

function definition(
  name: string,
  label: string,
  caption: string,
  category: string,
  fields: unknown[],
  webhookFields: unknown[] = [],
): Record<string, unknown> {
  const docsName = name.toLowerCase();
  return {
    name,
    label,
    caption,
    category,
    docsUrl: `https://posthog.com/docs/cdp/sources/${docsName}`,
    featured: name === "Postgres" || name === "Stripe",
    fields,
    iconPath: `/static/services/${docsName}.png`,
    keywords: [],
    releaseStatus: "ga",
    unreleasedSource: false,
    webhookFields,
    supportsColumnSelection: name !== "MongoDB",
    versions: [],
    defaultVersion: null,
    apiDocsUrl: null,
    deprecatedVersions: [],
  };
}

/** Every source type the double serves, keyed by PostHog's source type name. */
export const SOURCE_DEFINITIONS: Record<string, Record<string, unknown>> = {
  Postgres: definition(
    "Postgres",
    "Postgres",
    "Enter your Postgres credentials to automatically pull your Postgres data into the PostHog Data warehouse.",
    "Database",
    POSTGRES_FIELDS,
  ),
  MySQL: definition(
    "MySQL",
    "MySQL",
    "Enter your MySQL/MariaDB credentials to automatically pull your MySQL data into the PostHog Data warehouse.",
    "Database",
    MYSQL_FIELDS,
  ),
  MongoDB: definition(
    "MongoDB",
    "MongoDB",
    "Enter your MongoDB connection string to automatically pull your MongoDB data into the PostHog Data warehouse.",
    "Database",
    MONGODB_FIELDS,
  ),
  Stripe: definition(
    "Stripe",
    "Stripe",
    "Enter your Stripe credentials to automatically pull your Stripe data into the PostHog Data warehouse.",
    "Payments",
    STRIPE_FIELDS,
    [
      input("signing_secret", "Signing secret", "password", true, "whsec_...", {
        secret: true,
      }),
    ],
  ),
};

export const SOURCE_TYPES = Object.keys(SOURCE_DEFINITIONS);

/**
 * Source types whose database PostHog reaches by host and port (SSRF and tunnel
 * checks apply).
 */
export const HOST_BASED_TYPES = new Set(["Postgres", "MySQL"]);

/** Source types with a change data capture adapter in PostHog. */
export const CDC_TYPES = new Set(["Postgres"]);

/**
 * Source types PostHog can query directly (`access_method: "direct"`), of those
 * known here.
 */
export const DIRECT_QUERY_TYPES = new Set(["Postgres", "MySQL"]);
