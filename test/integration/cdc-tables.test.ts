import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../shared/domain/cdc";
import { PgCluster } from "../support/postgres";
import { checkOf, fixTexts, runDoctorAs } from "./cdc-support";

const TABLES = [
  "keyed",
  "keyless",
  "keyless_full",
  "keyed_nothing",
  "seq_clash",
  "Mixed Case",
  "dotted.name",
  "größe",
  "parts",
  "hidden",
  "secret",
  "orders_view",
  "no_such_table",
];

describe("CDC doctor: per-table checks", () => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE TABLE public.keyed(id int PRIMARY KEY);
      CREATE TABLE public.keyless(note text);
      CREATE TABLE public.keyless_full(note text);
      ALTER TABLE public.keyless_full REPLICA IDENTITY FULL;
      CREATE TABLE public.keyed_nothing(id int PRIMARY KEY);
      ALTER TABLE public.keyed_nothing REPLICA IDENTITY NOTHING;
      CREATE TABLE public.seq_clash(id int PRIMARY KEY, _ph_cdc_seq bigint);
      CREATE TABLE public."Mixed Case"(id int PRIMARY KEY);
      CREATE TABLE public."dotted.name"(id int PRIMARY KEY);
      CREATE TABLE public."größe"(id int PRIMARY KEY);
      CREATE TABLE public.parts(id int, day date) PARTITION BY RANGE(day);
      CREATE TABLE public.parts_2024 PARTITION OF public.parts
        FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE SCHEMA private;
      CREATE TABLE private.hidden(id int PRIMARY KEY);
      CREATE TABLE public.secret(id int PRIMARY KEY);
      CREATE VIEW public.orders_view AS SELECT id FROM public.keyed;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO sync_user;
      REVOKE SELECT ON public.secret FROM sync_user;
      CREATE PUBLICATION app_pub FOR TABLE public."Mixed Case";
    `);
    report = await runDoctorAs(cluster, "sync_user", {
      tables: TABLES,
      publicationName: "app_pub",
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("fails a missing primary key", () => {
    const check = checkOf(report, "primary-key", "keyless");

    expect(check.status).toBe("fail");
    expect(checkOf(report, "primary-key", "keyed").status).toBe("pass");
  });

  it("fails a keyless default identity", () => {
    const check = checkOf(report, "replica-identity", "keyless");

    expect(check.status).toBe("fail");
    expect(check.message).toContain("your own UPDATE and DELETE statements");
    expect(fixTexts(check)).toEqual([
      "ALTER TABLE public.keyless REPLICA IDENTITY FULL;",
    ]);
  });

  it("passes replica identity FULL", () => {
    const check = checkOf(report, "replica-identity", "keyless_full");

    expect(check.status).toBe("pass");
    expect(check.current).toBe("FULL");
  });

  it("fails replica identity NOTHING", () => {
    const check = checkOf(report, "replica-identity", "keyed_nothing");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("NOTHING without a key");
  });

  it("checks partitions' replica identity", () => {
    const check = checkOf(report, "replica-identity", "parts");

    expect(check.status).toBe("fail");
    expect(fixTexts(check)).toEqual([
      "ALTER TABLE public.parts_2024 REPLICA IDENTITY FULL;",
    ]);
  });

  it("fails a _ph_cdc_seq column", () => {
    const check = checkOf(report, "cdc-seq-column", "seq_clash");

    expect(check.status).toBe("fail");
    expect(check.message).toContain("PostHog uses");
    expect(checkOf(report, "cdc-seq-column", "keyed").status).toBe("pass");
  });

  it("fails a table without SELECT", () => {
    const check = checkOf(report, "select-permission", "secret");

    expect(check.status).toBe("fail");
    expect(fixTexts(check)).toEqual([
      "GRANT SELECT ON public.secret TO sync_user;",
    ]);
  });

  it("reports a table outside the schema as missing", () => {
    const check = checkOf(report, "table-found", "hidden");

    expect(check.status).toBe("fail");
    expect(checkOf(report, "table-found", "no_such_table").status).toBe("fail");
  });

  it("fails a view", () => {
    const check = checkOf(report, "table-found", "orders_view");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("a view");
  });

  it("quotes mixed case, dotted and unicode names", () => {
    const script = report.fixScript;

    expect(script).toContain(
      'ALTER PUBLICATION app_pub ADD TABLE public."dotted.name";',
    );
    expect(script).toContain(
      'ALTER PUBLICATION app_pub ADD TABLE public."größe";',
    );
    expect(checkOf(report, "publication-coverage", "Mixed Case").status).toBe(
      "pass",
    );
  });

  it("proves a published keyless table rejects UPDATE", async () => {
    await cluster.sql(
      "CREATE PUBLICATION keyless_pub FOR TABLE public.keyless",
    );
    await cluster.sql("INSERT INTO public.keyless VALUES ('a')");

    await expect(
      cluster.sql("UPDATE public.keyless SET note = 'b'"),
    ).rejects.toThrow(/does not have a replica identity/);
  });
});

describe("CDC doctor: all schemas and query count", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE SCHEMA sales;
      GRANT USAGE ON SCHEMA sales TO sync_user;
      CREATE TABLE sales.orders(id int PRIMARY KEY);
      CREATE TABLE public.keyed(id int PRIMARY KEY);
      GRANT SELECT ON ALL TABLES IN SCHEMA public, sales TO sync_user;
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("names tables schema.table with a blank schema", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {}, { schema: "" });

    expect(report.tables).toEqual(["public.keyed", "sales.orders"]);
    expect(checkOf(report, "primary-key", "sales.orders").status).toBe("pass");
  });

  it("runs the same queries for 2 or 60 tables", async () => {
    const few = await runDoctorAs(cluster, "sync_user", {}, { schema: "" });
    const ddl = Array.from(
      { length: 58 },
      (_, index) => `CREATE TABLE public.extra_${index}(id int PRIMARY KEY);`,
    ).join("\n");
    await cluster.sql(ddl);

    const many = await runDoctorAs(cluster, "sync_user", {}, { schema: "" });

    expect(many.tables).toHaveLength(60);
    expect(many.queryCount).toBe(few.queryCount);
    expect(few.queryCount).toBe(7);
  });

  it("orders the fix script safely", async () => {
    await cluster.sql(`
      CREATE TABLE public.keyless(note text);
      CREATE ROLE group_only LOGIN PASSWORD 'x';
    `);
    await cluster.restart({ wal_level: "replica" });

    const report = await runDoctorAs(
      cluster,
      "group_only",
      { tables: ["keyless"], publicationName: "none_pub" },
      { schema: "public" },
    );
    const script = report.fixScript;
    const positions = [
      "ALTER SYSTEM SET wal_level = logical;",
      "-- RESTART the server now",
      "ALTER ROLE group_only WITH REPLICATION;",
      "GRANT SELECT ON public.keyless TO group_only;",
      "ALTER TABLE public.keyless REPLICA IDENTITY FULL;",
      "CREATE PUBLICATION none_pub FOR TABLE public.keyless;",
      "--   ALTER TABLE public.keyless ADD PRIMARY KEY (<key columns>);",
    ].map((line) => script.indexOf(line));

    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe("CDC doctor: table owner fixes", () => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE ROLE app_owner NOLOGIN;
      CREATE TABLE public.by_admin(id int PRIMARY KEY);
      CREATE TABLE public.by_app(id int PRIMARY KEY);
      ALTER TABLE public.by_app OWNER TO app_owner;
      GRANT SELECT ON public.by_admin, public.by_app TO sync_user;
      GRANT CREATE ON DATABASE postgres TO sync_user;
    `);
    report = await runDoctorAs(cluster, "sync_user", {
      tables: ["by_admin", "by_app"],
      mode: "posthog",
      publicationName: "",
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("never offers membership in a superuser", () => {
    const check = checkOf(report, "table-ownership", "by_admin");

    expect(check.status).toBe("fail");
    expect(fixTexts(check)).toEqual([
      "ALTER TABLE public.by_admin OWNER TO sync_user;",
    ]);
    expect(check.message).toContain("Do not grant postgres to sync_user");
  });

  it("offers membership in a plain owner role", () => {
    const check = checkOf(report, "table-ownership", "by_app");

    expect(fixTexts(check)).toEqual([
      "ALTER TABLE public.by_app OWNER TO sync_user;",
      "GRANT app_owner TO sync_user;",
    ]);
  });
});
