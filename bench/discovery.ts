/*
 * Benchmark of Postgres discovery on a database with 5,000 tables, directly and through an SSH
 * bastion. Starts its own PostgreSQL 15 on 127.0.0.1 and a private network (PostgreSQL and
 * sshd in a network namespace, as in the integration tests), so it needs root. Prints a
 * Markdown section and, with --write, puts it under "## Postgres discovery" in
 * bench/results.md.
 *
 *   npx tsx bench/discovery.ts [--write] [--runs N]
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeMachine, writeResultsSection } from "./results-page";
import type { PostgresConnectionSettings } from "../shared/domain/connection";
import { PostgresConnector } from "../main/connectors/postgres/connector";
import { describeHostKey, HostKeyTrust } from "../main/ssh/host-key";
import { Ssh2SessionFactory } from "../main/ssh/session-factory";
import type { KnownHostsStore, TrustedHostKey } from "../main/ssh/types";
import { cleanUpRun } from "../test/support/cleanup";
import { loopbackOnlyLookup } from "../test/support/lookup";
import { PgCluster } from "../test/support/postgres";
import {
  startPrivateNetwork,
  PRIVATE_DB_HOST,
} from "../test/support/private-network";
import { deleteBastionUser, type Bastion } from "../test/support/sshd";

const TABLES = 5000;
const HEADING = "## Postgres discovery";

interface Measurement {
  route: string;
  tables: number;
  queryCount: number;
  timesMs: number[];
}

/** Known hosts that trust exactly the keys put in at the start. */
class FixedKnownHosts implements KnownHostsStore {
  private readonly keys = new Map<string, TrustedHostKey>();

  get(host: string, port: number): Promise<TrustedHostKey | null> {
    return Promise.resolve(this.keys.get(`${host}:${port}`) ?? null);
  }

  set(host: string, port: number, key: TrustedHostKey): Promise<void> {
    this.keys.set(`${host}:${port}`, key);
    return Promise.resolve();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = parseRuns(args);

  // A run folder of our own, so no test run mistakes these servers for stale ones.
  const runDir = mkdtempSync(join(tmpdir(), "dwc-bench-"));
  // PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(runDir, 0o755);
  process.env.DWC_TEST_RUN_DIR = runDir;
  try {
    const measurements = [await measureDirect(runs), await measureTunnel(runs)];
    const section = renderSection(measurements, runs);
    process.stdout.write(section + "\n");
    if (args.includes("--write")) await writeResultsSection(HEADING, section);
  } finally {
    await cleanUpRun(runDir);
    await deleteBastionUser(runDir);
    rmSync(runDir, { recursive: true, force: true });
  }
}

function parseRuns(args: string[]): number {
  const index = args.indexOf("--runs");
  const runs = index >= 0 ? Number(args[index + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(
      `--runs must be a positive whole number, not "${args[index + 1]}".`,
    );
  }
  return runs;
}

async function measureDirect(runs: number): Promise<Measurement> {
  const cluster = await PgCluster.start();
  try {
    await createTables(cluster);
    const connector = new PostgresConnector({
      lookup: loopbackOnlyLookup(),
      sshSessionFactory: {
        open: () => Promise.reject(new Error("No SSH here.")),
      },
    });
    return await measure(
      "direct, TCP to 127.0.0.1",
      connector,
      settingsFor(cluster),
      {
        password: cluster.superuserPassword,
      },
      runs,
    );
  } finally {
    await cluster.stop();
  }
}

async function measureTunnel(runs: number): Promise<Measurement> {
  const network = await startPrivateNetwork();
  try {
    await createTables(network.database);
    const connector = new PostgresConnector({
      lookup: loopbackOnlyLookup(),
      sshSessionFactory: await sshFactoryFor(network.bastion),
    });
    const { bastion } = network;
    const settings: PostgresConnectionSettings = {
      ...settingsFor(network.database),
      host: PRIVATE_DB_HOST,
      ssh: {
        host: bastion.host,
        port: bastion.port,
        user: bastion.user,
        auth: "password",
      },
    };
    return await measure(
      "SSH tunnel (new session per discovery)",
      connector,
      settings,
      {
        password: network.database.superuserPassword,
        sshPassword: bastion.password,
      },
      runs,
    );
  } finally {
    await network.stop();
  }
}

/** Builds the app's SSH session factory, trusting the bastion's ed25519 host key. */
async function sshFactoryFor(bastion: Bastion): Promise<Ssh2SessionFactory> {
  const line = readFileSync(
    join(bastion.dir, "ssh_host_ed25519_key.pub"),
    "utf8",
  );
  const knownHosts = new FixedKnownHosts();
  await knownHosts.set(
    bastion.host,
    bastion.port,
    describeHostKey(Buffer.from(line.split(" ")[1] ?? "", "base64")),
  );
  return new Ssh2SessionFactory({
    lookup: loopbackOnlyLookup(),
    hostKeys: new HostKeyTrust(knownHosts),
    agentSocket: () => undefined,
  });
}

function settingsFor(cluster: PgCluster): PostgresConnectionSettings {
  return {
    name: "bench",
    host: cluster.host,
    port: cluster.port,
    database: "postgres",
    user: "postgres",
    schema: "",
    tls: { mode: "disable" },
    ssh: null,
    posthogRoute: { kind: "direct" },
  };
}

/** Creates t_1..t_5000, committing every 500 tables to stay within the lock table. */
async function createTables(cluster: PgCluster): Promise<void> {
  await cluster.sql(`
    DO $$ BEGIN
      FOR i IN 1..${TABLES} LOOP
        EXECUTE format(
          'CREATE TABLE public.t_%s(id int PRIMARY KEY, updated_at timestamptz)', i);
        IF i % 500 = 0 THEN COMMIT; END IF;
      END LOOP;
    END $$`);
}

async function measure(
  route: string,
  connector: PostgresConnector,
  settings: PostgresConnectionSettings,
  secrets: { password: string; sshPassword?: string },
  runs: number,
): Promise<Measurement> {
  const timesMs: number[] = [];
  let queryCount = 0;
  let tables = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = await connector.discover(settings, secrets);
    timesMs.push(performance.now() - started);
    queryCount = result.queryCount;
    tables = result.tables.length;
  }
  return { route, tables, queryCount, timesMs };
}

function renderSection(measurements: Measurement[], runs: number): string {
  const rows = measurements.map((measurement) => {
    const sorted = [...measurement.timesMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return `| ${measurement.route} | ${measurement.tables} | ${measurement.queryCount} | ${median.toFixed(0)} | ${sorted[0]?.toFixed(0)}–${sorted[sorted.length - 1]?.toFixed(0)} |`;
  });
  return [
    HEADING,
    "",
    `\`PostgresConnector.discover\` on a database with ${TABLES} tables \`t_i(id int PRIMARY KEY, updated_at timestamptz)\`, every schema, TLS off. ` +
      `Time is wall-clock time for the whole call over ${runs} runs: opening the route, login, the catalog queries in one read-only transaction, and closing. ` +
      "Through the tunnel every run opens a new SSH session to a bastion that socat exposes on 127.0.0.1 and that starts one `sshd -i` per connection inside a network namespace, so the handshake and authentication are part of each run.",
    "",
    "| Route | Tables returned | Queries (round trips) | Median ms | Range ms |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Machine: ${describeMachine()}, PostgreSQL 15 (fsync off).`,
    `Script: \`npx tsx bench/discovery.ts --write\` (as root), measured ${new Date().toISOString().slice(0, 10)}.`,
  ].join("\n");
}

await main();
