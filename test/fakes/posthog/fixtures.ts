import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { DiscoveredTable } from "../../../shared/domain/discovery";
import type { TableChoice } from "../../../shared/domain/sync";

/** Sample setup inputs for tests that drive the PostHog double. */

export const SECRETS: Required<ConnectionSecrets> = {
  password: "db-password-7Qx",
  sshPassword: "ssh-password-4Rk",
  sshPrivateKey:
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAtest\n-----END OPENSSH PRIVATE KEY-----\n",
  sshPassphrase: "key-passphrase-9Zt",
};

export function postgresSettings(
  overrides: Partial<PostgresConnectionSettings> = {},
): PostgresConnectionSettings {
  return {
    name: "Warehouse replica",
    host: "db.internal",
    port: 5432,
    database: "chinook",
    user: "reader",
    schema: "",
    tls: { mode: "require" },
    ssh: {
      host: "bastion.example.com",
      port: 22,
      user: "tunnel",
      auth: "password",
    },
    posthogRoute: { kind: "same-tunnel" },
    ...overrides,
  };
}

export function discoveredTable(
  sourceName: string,
  options: {
    primaryKey?: string[] | null;
    columns?: string[];
    cursor?: string;
  } = {},
): DiscoveredTable {
  const [schema, name] = sourceName.includes(".")
    ? [
        sourceName.slice(0, sourceName.indexOf(".")),
        sourceName.slice(sourceName.indexOf(".") + 1),
      ]
    : ["public", sourceName];
  const columns = options.columns ?? ["id", "updated_at"];
  return {
    schema,
    name,
    sourceName,
    kind: "table",
    estimatedRows: 10,
    rowEstimateSource: "statistics",
    columns: columns.map((column) => ({
      name: column,
      type:
        column === options.cursor || column === "updated_at"
          ? "timestamp with time zone"
          : "integer",
      nullable: false,
      generated: false,
      sequenceBacked: false,
    })),
    primaryKey: options.primaryKey === undefined ? ["id"] : options.primaryKey,
    incrementalCandidates: [],
    canSelect: true,
    readIssue: null,
    rowLevelSecurity: false,
    replicaIdentity: "default",
    partitionCount: 0,
  };
}

export function incrementalChoice(
  sourceName: string,
  field = "updated_at",
): TableChoice {
  return {
    sourceName,
    syncType: "incremental",
    incrementalField: field,
    incrementalFieldType: "timestamp",
    primaryKey: null,
  };
}

export function fullRefreshChoice(sourceName: string): TableChoice {
  return {
    sourceName,
    syncType: "full_refresh",
    incrementalField: null,
    incrementalFieldType: null,
    primaryKey: null,
  };
}
