import type { PostgresConnectionSettings } from "../../shared/domain/connection";
import type {
  DiscoveredTable,
  DiscoveryResult,
} from "../../shared/domain/discovery";
import type { TraceLayer } from "../../shared/domain/errors";
import type { TraceResult } from "../../shared/domain/trace";
import type { Lookup } from "../../main/net/lookup";
import { PostgresConnector } from "../../main/connectors/postgres/connector";
import type { SshSessionFactory } from "../../main/ssh/types";
import { loopbackOnlyLookup } from "../support/lookup";
import { quoteIdent, quoteLiteral, type PgCluster } from "../support/postgres";
import type { Bastion } from "../support/sshd";
import { createTestFactory, trustBastion } from "./ssh-test-helpers";

/** Builds settings for a direct, unencrypted connection to `cluster`, with overrides. */
export function postgresSettings(
  cluster: PgCluster,
  overrides: Partial<PostgresConnectionSettings> = {},
): PostgresConnectionSettings {
  return {
    name: "test",
    host: cluster.host,
    port: cluster.port,
    database: "postgres",
    user: "postgres",
    schema: "",
    tls: { mode: "disable" },
    ssh: null,
    posthogRoute: { kind: "direct" },
    ...overrides,
  };
}

/** Returns a lookup that records each name it resolves, without any DNS query. */
export function recordingLookup(extra: Record<string, string> = {}): {
  lookup: Lookup;
  names: string[];
} {
  const inner = loopbackOnlyLookup(extra);
  const names: string[] = [];
  return {
    names,
    lookup: (hostname) => {
      names.push(hostname);
      return inner(hostname);
    },
  };
}

/** An SSH session factory that never resolves a name and never reaches a real SSH server. */
const NO_SSH: SshSessionFactory = {
  open: () => Promise.reject(new Error("This test connects without SSH.")),
};

/** Builds a connector for direct connections that resolves names with `loopbackOnlyLookup`. */
export function directConnector(
  lookup: Lookup = loopbackOnlyLookup(),
): PostgresConnector {
  return new PostgresConnector({ lookup, sshSessionFactory: NO_SSH });
}

export interface TunnelConnector {
  connector: PostgresConnector;
  /** Names the connector resolved on this machine. */
  databaseLookups: string[];
  /** Names the SSH layer resolved on this machine (the bastion's). */
  bastionLookups: string[];
}

/** Builds a connector that tunnels through `bastion` with the app's SSH layer, trusting its host key. */
export async function tunnelConnector(
  bastion: Bastion,
): Promise<TunnelConnector> {
  const ssh = createTestFactory();
  await trustBastion(ssh.knownHosts, bastion);
  const database = recordingLookup();
  return {
    connector: new PostgresConnector({
      lookup: database.lookup,
      sshSessionFactory: ssh.factory,
    }),
    databaseLookups: database.names,
    bastionLookups: ssh.lookedUp,
  };
}

/** Creates a login role with a password. */
export async function createLoginRole(
  cluster: PgCluster,
  user: string,
  password: string,
  database = "postgres",
): Promise<void> {
  await cluster.sql(
    `CREATE ROLE ${quoteIdent(user)} LOGIN PASSWORD ${quoteLiteral(password)}`,
    database,
  );
}

/** Finds a discovered table by schema and name, failing the test when it is missing. */
export function tableNamed(
  result: DiscoveryResult,
  schema: string,
  name: string,
): DiscoveredTable {
  const table = result.tables.find(
    (candidate) => candidate.schema === schema && candidate.name === name,
  );
  if (!table) throw new Error(`Discovery did not return ${schema}.${name}.`);
  return table;
}

/** Returns `[layer, status]` of each trace step, for one assertion on the order. */
export function stepStatuses(result: TraceResult): Array<[TraceLayer, string]> {
  return result.steps.map((step) => [step.layer, step.status]);
}

/** Returns the step of one layer, failing the test when the trace has none. */
export function stepOf(
  result: TraceResult,
  layer: TraceLayer,
): TraceResult["steps"][number] {
  const step = result.steps.find((candidate) => candidate.layer === layer);
  if (!step) throw new Error(`The trace has no ${layer} step.`);
  return step;
}
