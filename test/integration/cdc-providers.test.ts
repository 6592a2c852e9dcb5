import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport, Provider } from "../../shared/domain/cdc";
import { PgCluster } from "../support/postgres";
import { checkOf, fixTexts, runDoctorAs } from "./cdc-support";

interface ProviderCase {
  provider: Provider;
  /** Custom settings a real server accepts at start, as the provider's own would show. */
  settings: Record<string, string>;
  setupSql: string;
  evidence: string;
  walLevelFix: string;
  replicationFix: string;
}

const CASES: ProviderCase[] = [
  {
    provider: "rds",
    settings: { "rds.logical_replication": "off" },
    setupSql: "CREATE ROLE rds_superuser NOLOGIN",
    evidence: "setting rds.logical_replication = off; role rds_superuser",
    walLevelFix:
      "set rds.logical_replication to 1 in the instance's custom DB parameter group, then reboot the instance",
    replicationFix: "GRANT rds_replication TO sync_user;",
  },
  {
    provider: "aurora",
    settings: { "rds.logical_replication": "off" },
    setupSql: `
      CREATE ROLE rds_superuser NOLOGIN;
      CREATE FUNCTION public.aurora_version() RETURNS text
        LANGUAGE sql AS $$ SELECT '3.04.0' $$;`,
    evidence: "function aurora_version()",
    walLevelFix:
      "custom DB cluster parameter group, then reboot the writer instance",
    replicationFix: "GRANT rds_replication TO sync_user;",
  },
  {
    provider: "cloud-sql",
    settings: { "cloudsql.logical_decoding": "off" },
    setupSql: "CREATE ROLE cloudsqlsuperuser NOLOGIN",
    evidence: "setting cloudsql.logical_decoding = off; role cloudsqlsuperuser",
    walLevelFix: "set the flag cloudsql.logical_decoding to on",
    replicationFix: "ALTER ROLE sync_user WITH REPLICATION;",
  },
  {
    provider: "azure-flexible",
    settings: { "azure.extensions": "pg_stat_statements" },
    setupSql: "CREATE ROLE azure_pg_admin NOLOGIN",
    evidence:
      "setting azure.extensions = pg_stat_statements; role azure_pg_admin",
    walLevelFix:
      "open the server's Server parameters, set wal_level to logical",
    replicationFix: "ALTER ROLE sync_user WITH REPLICATION;",
  },
  {
    provider: "supabase",
    settings: {},
    setupSql: "CREATE ROLE supabase_admin NOLOGIN",
    evidence: "role supabase_admin",
    walLevelFix: "ask Supabase support",
    replicationFix: "ALTER ROLE sync_user WITH REPLICATION;",
  },
  {
    provider: "neon",
    settings: { "neon.timeline_id": "4f0c1a5e9d2b4c7f8a6e3d1b0c9f7e5a" },
    setupSql: "SELECT 1",
    evidence: "setting neon.timeline_id = 4f0c1a5e9d2b4c7f8a6e3d1b0c9f7e5a",
    walLevelFix:
      "In the Neon Console, open the project settings and enable logical replication",
    replicationFix: "ALTER ROLE sync_user WITH REPLICATION;",
  },
];

describe.each(CASES)("CDC doctor: provider $provider", (providerCase) => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: { ...providerCase.settings, wal_level: "replica" },
    });
    await cluster.sql(providerCase.setupSql);
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY);
    `);
    report = await runDoctorAs(cluster, "sync_user", { tables: ["orders"] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("detects the provider", () => {
    expect(report.provider.id).toBe(providerCase.provider);
  });

  it("names the evidence", () => {
    expect(report.provider.evidence).toBe(providerCase.evidence);
  });

  it("gives the provider's wal_level step", () => {
    const check = checkOf(report, "wal-level");

    expect(check.status).toBe("fail");
    expect(fixTexts(check).join("\n")).toContain(providerCase.walLevelFix);
  });

  it("gives the provider's replication grant", () => {
    const check = checkOf(report, "replication-privilege");

    expect(fixTexts(check)).toEqual([providerCase.replicationFix]);
  });
});

describe("CDC doctor: provider switch set before restart", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: { "rds.logical_replication": "on", wal_level: "replica" },
    });
    await cluster.sql(`
      CREATE ROLE rds_superuser NOLOGIN;
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY);
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("asks for a reboot", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
    });
    const check = checkOf(report, "wal-level");

    expect(check.status).toBe("fail");
    expect(check.message).toContain("rds.logical_replication is on");
    expect(check.message).toContain("a reload is not enough");
    expect(fixTexts(check)).toEqual([
      "Reboot the DB instance in the Amazon RDS console.",
    ]);
  });
});

describe("CDC doctor: self-hosted server", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start({ settings: { wal_level: "replica" } });
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY);
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("gives ALTER SYSTEM and a restart", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
    });
    const check = checkOf(report, "wal-level");

    expect(report.provider.id).toBe("self-hosted");
    expect(check.fixes).toEqual([
      {
        kind: "sql",
        text: "ALTER SYSTEM SET wal_level = logical;",
        requiresRestart: true,
      },
    ]);
  });
});
