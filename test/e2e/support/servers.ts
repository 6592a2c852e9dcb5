import { randomBytes } from "node:crypto";
import {
  createCertificateAuthority,
  issueServerCertificate,
  type CertificateAuthority,
} from "../../support/certs";
import { loadChinook } from "../../support/chinook";
import { quoteLiteral, type PgCluster } from "../../support/postgres";
import {
  PRIVATE_DB_HOST,
  startPrivateNetwork,
  type PrivateNetwork,
} from "../../support/private-network";
import { generateKey, type KeyPair } from "../../support/ssh-keys";
import {
  startFakePostHog,
  type FakeApiKey,
  type FakePostHog,
  type FakePostHogOptions,
} from "../../fakes/posthog";

/** Database name `loadChinook` creates. */
export const CHINOOK_DATABASE = "chinook";

/** The project the setup targets. The double offers a second one, so the user must choose. */
export const TARGET_PROJECT = {
  id: 2,
  name: "Chinook analytics",
  organization: "Test organization",
};

/** The project as the picker lists it. */
export const TARGET_PROJECT_LABEL = `${TARGET_PROJECT.name} (${TARGET_PROJECT.organization})`;

/** The read-only role that the tests connect as. */
export interface DatabaseRole {
  user: string;
  password: string;
}

/** The PostHog personal API keys the double accepts. */
export interface PostHogKeys {
  /** A key with every scope. */
  full: string;
  /** A key with the data warehouse scopes but without `project:read`, so sign-in fails. */
  withoutProjectRead: string;
  /** A key that may read external data sources but not create them. */
  withoutWrite: string;
}

/** The servers one e2e test file uses, on loopback only. */
export interface E2eServers {
  network: PrivateNetwork;
  ca: CertificateAuthority;
  /** Host name of the database inside the private network, as typed in the form. */
  databaseHost: string;
  role: DatabaseRole;
  /** Client key authorized on the bastion, encrypted with `sshPassphrase`. */
  sshKey: KeyPair;
  sshPassphrase: string;
  posthog: FakePostHog;
  posthogKeys: PostHogKeys;
  /** Tables of the `public` schema, as PostHog names them for schema `public`. */
  chinookTables: string[];
  stop(): Promise<void>;
}

function randomSecret(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString("base64url")}`;
}

/**
 * Options for the PostHog double, built from the started network, that replace the ones
 * `startServers` gives it.
 */
export type PostHogOverrides = (network: PrivateNetwork) => FakePostHogOptions;

/**
 * Starts the private network (PostgreSQL with TLS for `db.internal`, reachable only through
 * the bastion) with Chinook loaded, an encrypted client key authorized on the bastion, and
 * the PostHog double acting as a self-hosted PostHog. `posthogOverrides` may replace the
 * double's options, for example to read the running database.
 */
export async function startServers(
  posthogOverrides?: PostHogOverrides,
): Promise<E2eServers> {
  const ca = await createCertificateAuthority();
  const certificate = await issueServerCertificate(ca, PRIVATE_DB_HOST, [
    `DNS:${PRIVATE_DB_HOST}`,
  ]);
  const network = await startPrivateNetwork({
    database: { tls: certificate },
  });

  try {
    return await prepareServers(network, ca, posthogOverrides);
  } catch (error) {
    await network.stop();
    throw error;
  }
}

async function prepareServers(
  network: PrivateNetwork,
  ca: CertificateAuthority,
  posthogOverrides: PostHogOverrides | undefined,
): Promise<E2eServers> {
  const role = { user: "chinook_reader", password: randomSecret("db") };
  await loadChinook(network.database, role);
  const chinookTables = await listTables(network.database, "public");

  const sshPassphrase = randomSecret("passphrase");
  const sshKey = await generateKey("openssh-ed25519", sshPassphrase);
  network.bastion.authorizeKey(sshKey.publicKey);

  const posthogKeys: PostHogKeys = {
    full: randomApiKey(),
    withoutProjectRead: randomApiKey(),
    withoutWrite: randomApiKey(),
  };
  const posthog = await startFakePostHog({
    keys: posthogApiKeys(posthogKeys),
    organizations: [
      {
        id: "0190a2b3-0000-7000-8000-000000000001",
        name: TARGET_PROJECT.organization,
        projects: [
          { id: 1, name: "Default project" },
          { id: TARGET_PROJECT.id, name: TARGET_PROJECT.name },
        ],
      },
    ],
    rejectInternalHosts: false,
    discoverTables: (payload) => posthogTableNames(chinookTables, payload),
    ...posthogOverrides?.(network),
  });

  return {
    network,
    ca,
    databaseHost: PRIVATE_DB_HOST,
    role,
    sshKey,
    sshPassphrase,
    posthog,
    posthogKeys,
    chinookTables,
    stop: async () => {
      await posthog.stop();
      await network.stop();
    },
  };
}

function randomApiKey(): string {
  return `phx_${randomBytes(18).toString("hex")}`;
}

function posthogApiKeys(keys: PostHogKeys): FakeApiKey[] {
  return [
    { key: keys.full, scopes: ["*"] },
    {
      key: keys.withoutProjectRead,
      scopes: ["external_data_source:write", "user:read"],
    },
    {
      key: keys.withoutWrite,
      scopes: ["external_data_source:read", "user:read", "project:read"],
    },
  ];
}

/** Base tables of one schema, sorted by name. */
async function listTables(
  database: PgCluster,
  schema: string,
): Promise<string[]> {
  const rows = await database.sql<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = ${quoteLiteral(schema)} AND table_type = 'BASE TABLE'
     ORDER BY table_name`,
    CHINOOK_DATABASE,
  );
  return rows.map((row) => row.table_name);
}

/**
 * Names PostHog's Postgres source gives the tables: bare names when the payload names a
 * schema, `schema.table` when it discovers every schema.
 */
function posthogTableNames(
  publicTables: string[],
  payload: Record<string, unknown>,
): string[] {
  const schema = typeof payload.schema === "string" ? payload.schema : "";
  if (schema === "public") return publicTables;
  if (schema === "") return publicTables.map((name) => `public.${name}`);
  return [];
}
