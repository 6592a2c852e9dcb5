/*
 * Benchmark of the CDC doctor on a database with 2,000 tables: round trips (queries) and time.
 * It starts its own PostgreSQL 15 on 127.0.0.1, as root like the integration tests. It runs the
 * doctor several times for every table and for an explicit list of 2,000 names, then prints a
 * Markdown section. With --write it puts that section under "## CDC doctor" in bench/results.md.
 *
 *   npx tsx bench/doctor.ts [--write] [--runs N]
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describeMachine, writeResultsSection } from "./results-page";
import type { DoctorReport, DoctorRequest } from "../shared/domain/cdc";
import { runCdcDoctor } from "../main/cdc";
import { PgCluster } from "../test/support/postgres";

const TABLES = 2000;
const KEYLESS = 80;
const PARTITIONED = 20;
const PUBLISHED = 1000;
const HEADING = "## CDC doctor";

interface Measurement {
  label: string;
  queryCount: number;
  checks: number;
  timesMs: number[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsIndex = args.indexOf("--runs");
  const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(
      `Invalid --runs value "${args[runsIndex + 1]}": give a positive whole number of runs.`,
    );
  }

  // A run folder of our own, so no test run mistakes this server for a stale one.
  const ownRunDir = process.env.DWC_TEST_RUN_DIR === undefined;
  if (ownRunDir) {
    const runDir = mkdtempSync(join(tmpdir(), "dwc-bench-"));
    // PostgreSQL runs as the postgres user and must enter the folder.
    chmodSync(runDir, 0o755);
    process.env.DWC_TEST_RUN_DIR = runDir;
  }
  const cluster = await PgCluster.start();
  try {
    await createTables(cluster);
    const names = tableNames();
    const measurements = [
      await measure(cluster, "every table (tables: [])", [], runs),
      await measure(cluster, "2,000 named tables", names, runs),
    ];
    const section = renderSection(
      measurements,
      await serverVersion(cluster),
      runs,
    );
    process.stdout.write(section + "\n");
    if (args.includes("--write")) await writeResultsSection(HEADING, section);
  } finally {
    await cluster.stop();
    if (ownRunDir) {
      rmSync(process.env.DWC_TEST_RUN_DIR!, { recursive: true, force: true });
    }
  }
}

function tableNames(): string[] {
  return Array.from({ length: TABLES }, (_, index) => tableName(index));
}

function tableName(index: number): string {
  return `t_${String(index).padStart(4, "0")}`;
}

/** 1,900 keyed tables, 80 without a key, 20 partitioned with 3 partitions each. */
async function createTables(cluster: PgCluster): Promise<void> {
  await cluster.sql("CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x'");
  // Batches keep each transaction's locks under max_locks_per_transaction.
  for (let first = 0; first < TABLES; first += 100) {
    const batch: string[] = [];
    for (let index = first; index < Math.min(first + 100, TABLES); index += 1) {
      batch.push(...tableDdl(index));
    }
    await cluster.sql(batch.join(";\n"));
  }

  const published = tableNames().slice(0, PUBLISHED).join(", ");
  await cluster.sql(`CREATE PUBLICATION bench_pub FOR TABLE ${published}`);
  await cluster.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO sync_user");
  await cluster.sql(
    "SELECT pg_create_logical_replication_slot('idle_slot', 'pgoutput')",
  );
}

function tableDdl(index: number): string[] {
  const name = tableName(index);
  if (index < PARTITIONED) {
    return [
      `CREATE TABLE ${name}(id bigint, day date, note text, PRIMARY KEY (id, day)) PARTITION BY RANGE (day)`,
      ...[2023, 2024, 2025].map(
        (year) =>
          `CREATE TABLE ${name}_${year} PARTITION OF ${name} FOR VALUES FROM ('${year}-01-01') TO ('${year + 1}-01-01')`,
      ),
    ];
  }
  if (index < PARTITIONED + KEYLESS) {
    return [`CREATE TABLE ${name}(id bigint, note text)`];
  }
  return [
    `CREATE TABLE ${name}(id bigint PRIMARY KEY, updated_at timestamptz, note text)`,
  ];
}

async function measure(
  cluster: PgCluster,
  label: string,
  tables: string[],
  runs: number,
): Promise<Measurement> {
  const request: DoctorRequest = {
    tables,
    mode: "self_managed",
    slotName: "posthog_bench",
    publicationName: "bench_pub",
    comparePostHog: false,
  };
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: "sync_user",
    password: "x",
    database: "postgres",
  });
  await client.connect();

  try {
    const reports: DoctorReport[] = [];
    for (let run = 0; run < runs; run += 1) {
      reports.push(
        await runCdcDoctor(client, request, {
          schema: "public",
          posthog: null,
        }),
      );
    }
    const last = reports[reports.length - 1]!;
    return {
      label,
      queryCount: last.queryCount,
      checks: last.checks.length,
      timesMs: reports.map((report) => report.durationMs),
    };
  } finally {
    await client.end();
  }
}

async function serverVersion(cluster: PgCluster): Promise<string> {
  const rows = await cluster.sql<{ server_version: string }>(
    "SHOW server_version",
  );
  return rows[0]?.server_version ?? "unknown";
}

function renderSection(
  measurements: Measurement[],
  version: string,
  runs: number,
): string {
  const rows = measurements.map((measurement) => {
    const sorted = [...measurement.timesMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return `| ${measurement.label} | ${measurement.queryCount} | ${measurement.checks} | ${median.toFixed(0)} | ${sorted[0]?.toFixed(0)}–${sorted[sorted.length - 1]?.toFixed(0)} |`;
  });
  return [
    HEADING,
    "",
    `The whole doctor (self-managed mode, no PostHog comparison) on one database with ${TABLES.toLocaleString("en")} tables: ` +
      `${(TABLES - KEYLESS - PARTITIONED).toLocaleString("en")} with a primary key, ${KEYLESS} without, and ${PARTITIONED} partitioned tables with 3 partitions each; ` +
      `publication bench_pub covers ${PUBLISHED.toLocaleString("en")} of them and one inactive slot exists. ` +
      `Time is the doctor's own durationMs over ${runs} runs on one open connection over TCP to 127.0.0.1, so it includes no network latency; each query is one round trip.`,
    "",
    "| Tables checked | Queries (round trips) | Checks reported | Median ms | Range ms |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Machine: ${describeMachine()}, PostgreSQL ${version} (fsync off). ` +
      `Load average ${loadavg()[0]?.toFixed(1)} when the runs ended: other processes shared the machine, so times vary between runs.`,
    `Script: \`npx tsx bench/doctor.ts --write\` (as root), measured ${new Date().toISOString().slice(0, 10)}.`,
  ].join("\n");
}

await main();
