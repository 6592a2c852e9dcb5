import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../shared/domain/cdc";
import { PgCluster } from "../support/postgres";
import { SYNC_PASSWORD, checkOf, fixTexts, runDoctorAs } from "./cdc-support";

const MB = 1024 * 1024;

describe("CDC doctor: slot capacity and retained WAL", () => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: { max_replication_slots: "2" },
    });
    // A slot cannot be created in a transaction that has written, so each runs on its own.
    await cluster.sql("CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x'");
    for (const slot of ["old_tool_slot", "other_slot"]) {
      await cluster.sql(
        `SELECT pg_create_logical_replication_slot('${slot}', 'pgoutput')`,
      );
    }
    await cluster.sql(`
      CREATE TABLE filler AS
        SELECT g, repeat('x', 1000) AS pad FROM generate_series(1, 200000) g;
      ALTER TABLE filler ADD PRIMARY KEY (g);
    `);
    report = await runDoctorAs(cluster, "sync_user", { tables: ["filler"] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("fails when every slot is used", () => {
    const check = checkOf(report, "replication-slots");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("2 of 2 used");
    expect(check.message).toContain("No free replication slots (2 of 2 used)");
  });

  it("offers both capacity options", () => {
    const check = checkOf(report, "replication-slots");

    expect(check.message).toContain("drop a slot that is no longer used");
    expect(check.message).toContain("raise max_replication_slots to 3");
    expect(fixTexts(check)).toEqual([
      "SELECT pg_drop_replication_slot('old_tool_slot');",
      "SELECT pg_drop_replication_slot('other_slot');",
      "ALTER SYSTEM SET max_replication_slots = 3;",
    ]);
    expect(check.fixes[2]?.requiresRestart).toBe(true);
  });

  it("restarts right after raising the slot limit", () => {
    const lines = report.fixScript.split("\n");
    const restart = lines.findIndex((line) => line.startsWith("-- RESTART"));

    expect(lines[restart - 1]).toBe(
      "--   ALTER SYSTEM SET max_replication_slots = 3;",
    );
    expect(lines[restart]).toContain(
      "RESTART the server now if you changed max_replication_slots:",
    );
    expect(lines.filter((line) => /restart/i.test(line))).toHaveLength(1);
  });

  it("names the slot PostHog would create", async () => {
    const blank = await runDoctorAs(cluster, "sync_user", {
      tables: ["filler"],
      slotName: "",
    });
    const check = checkOf(blank, "replication-slots");

    expect(check.message).toContain(
      "so PostHog cannot create its slot (posthog_<12 hex digits of the source id>).",
    );
  });

  it("accepts the intended slot existing", async () => {
    const existing = await runDoctorAs(cluster, "sync_user", {
      tables: ["filler"],
      slotName: "old_tool_slot",
    });

    expect(checkOf(existing, "replication-slots").status).toBe("pass");
    expect(checkOf(existing, "slot-name").status).toBe("warn");
  });

  it("requires a new name for an existing slot", async () => {
    const existing = await runDoctorAs(cluster, "sync_user", {
      tables: ["filler"],
      slotName: "old_tool_slot",
    });
    const check = checkOf(existing, "slot-name");

    expect(check.current).toMatch(/^exists /);
    expect(check.required).toBe(
      "a new slot name, unless the slot belongs to this PostHog source",
    );
  });

  it("warns about each inactive slot's WAL", () => {
    const inactive = report.checks.filter(
      (check) => check.id === "inactive-slot",
    );

    expect(inactive.map((check) => check.title)).toEqual([
      "Inactive slot old_tool_slot",
      "Inactive slot other_slot",
    ]);
    for (const check of inactive) {
      expect(check.status).toBe("warn");
      expect(check.current).toMatch(/^inactive, retains \d+ MB of WAL/);
    }
  });

  it("measures retained WAL in bytes", () => {
    const check = report.checks.find(
      (candidate) => candidate.title === "Inactive slot old_tool_slot",
    );
    const bytes = Number(/\((\d+) bytes\)/.exec(check?.current ?? "")?.[1]);

    expect(bytes).toBeGreaterThan(150 * MB);
    expect(bytes).toBeLessThan(400 * MB);
  });

  it("warns about unlimited slot WAL", () => {
    const check = checkOf(report, "max-slot-wal-keep-size");

    expect(check.status).toBe("warn");
    expect(check.current).toBe("-1 (unlimited)");
  });

  it("never drops a slot", async () => {
    const rows = await cluster.sql<{ slot_name: string }>(
      "SELECT slot_name FROM pg_replication_slots ORDER BY slot_name",
    );

    expect(rows.map((row) => row.slot_name)).toEqual([
      "old_tool_slot",
      "other_slot",
    ]);
  });
});

describe("CDC doctor: lost slots and WAL senders", () => {
  let cluster: PgCluster;
  let replication: pg.Client | null = null;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: {
        max_wal_senders: "1",
        max_slot_wal_keep_size: "1",
        wal_keep_size: "0",
        max_wal_size: "32MB",
        min_wal_size: "32MB",
      },
    });
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE TABLE orders(id int PRIMARY KEY);
      CREATE TABLE churn(g int);
    `);
    await cluster.sql(
      "SELECT pg_create_logical_replication_slot('stale_slot', 'pgoutput')",
    );
    // Writes and switches enough WAL segments that the 1 MB limit invalidates stale_slot.
    for (let round = 0; round < 4; round += 1) {
      await cluster.sql(
        "INSERT INTO churn SELECT g FROM generate_series(1, 100000) g",
      );
      await cluster.sql("SELECT pg_switch_wal()");
      await cluster.sql("CHECKPOINT");
    }
  });

  afterAll(async () => {
    await replication?.end();
    await cluster?.stop();
  });

  it("shows a lost slot as unusable", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
    });
    const check = checkOf(report, "inactive-slot");

    expect(check.status).toBe("warn");
    expect(check.current).toBe("unusable (wal_status = lost)");
  });

  it("fails a lost intended slot", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
      slotName: "stale_slot",
    });

    const check = checkOf(report, "slot-name");

    expect(check.status).toBe("fail");
    expect(check.required).toBe(
      "a logical pgoutput slot in database postgres whose WAL is available, or a new name",
    );
  });

  it("passes the limited slot WAL", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
    });
    const check = checkOf(report, "max-slot-wal-keep-size");

    expect(check.status).toBe("pass");
    expect(check.current).toBe("1.0 MB");
  });

  it("fails when every WAL sender is busy", async () => {
    // @types/pg does not declare `replication`, which pg passes to the server at startup.
    const config: pg.ClientConfig & { replication: "database" } = {
      host: cluster.host,
      port: cluster.port,
      user: "sync_user",
      password: SYNC_PASSWORD,
      database: "postgres",
      replication: "database",
    };
    replication = new pg.Client(config);
    await replication.connect();

    const report = await runDoctorAs(cluster, "sync_user", {
      tables: ["orders"],
    });
    const check = checkOf(report, "wal-senders");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("1 of 1 in use");
    expect(fixTexts(check)).toEqual(["ALTER SYSTEM SET max_wal_senders = 2;"]);
  });
});
