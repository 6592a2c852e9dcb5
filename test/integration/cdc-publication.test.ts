import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../shared/domain/cdc";
import { PgCluster } from "../support/postgres";
import { checkOf, fixTexts, runDoctorAs } from "./cdc-support";

const TABLES = ["a", "b", "events"];

describe("CDC doctor: self-managed publication", () => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE TABLE public.a(id int PRIMARY KEY, updated_at timestamptz);
      CREATE TABLE public.b(id int PRIMARY KEY);
      CREATE TABLE public.events(id bigint, day date, PRIMARY KEY(id, day)) PARTITION BY RANGE(day);
      CREATE TABLE public.events_2024 PARTITION OF public.events
        FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE PUBLICATION app_pub FOR TABLE public.a, public.events;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO sync_user;
    `);
    report = await runDoctorAs(cluster, "sync_user", {
      tables: TABLES,
      publicationName: "app_pub",
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("passes an existing publication", () => {
    const check = checkOf(report, "publication");

    expect(check.status).toBe("pass");
    expect(check.current).toBe("exists (2 tables)");
  });

  it("passes a published table", () => {
    expect(checkOf(report, "publication-coverage", "a").status).toBe("pass");
  });

  it("fails only the table outside it", () => {
    const check = checkOf(report, "publication-coverage", "b");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("not in publication");
    expect(fixTexts(check)).toEqual([
      "ALTER PUBLICATION app_pub ADD TABLE public.b;",
    ]);
    expect(checkOf(report, "primary-key", "b").status).toBe("pass");
    expect(checkOf(report, "select-permission", "b").status).toBe("pass");
  });

  it("warns on a partitioned table published by leaf", () => {
    const check = checkOf(report, "publication-coverage", "events");

    expect(check.status).toBe("warn");
    expect(check.message).toContain("changes arrive under the partition names");
    expect(fixTexts(check)).toEqual([
      "ALTER PUBLICATION app_pub SET (publish_via_partition_root = true);",
    ]);
  });

  it("passes the partitioned table via the root", async () => {
    await cluster.sql(
      "ALTER PUBLICATION app_pub SET (publish_via_partition_root = true)",
    );

    const after = await runDoctorAs(cluster, "sync_user", {
      tables: TABLES,
      publicationName: "app_pub",
    });

    expect(checkOf(after, "publication-coverage", "events").status).toBe(
      "pass",
    );
  });

  it("gives CREATE PUBLICATION for a missing one", async () => {
    const missing = await runDoctorAs(cluster, "sync_user", {
      tables: TABLES,
      publicationName: "missing_pub",
    });
    const check = checkOf(missing, "publication");

    expect(check.status).toBe("fail");
    expect(check.message).toContain("Publication missing_pub does not exist");
    expect(fixTexts(check)).toEqual([
      "CREATE PUBLICATION missing_pub FOR TABLE public.a, public.b, public.events WITH (publish_via_partition_root = true);",
    ]);
    expect(missing.fixScript).not.toContain("FOR ALL TABLES");
  });

  it("skips coverage without a publication", async () => {
    const missing = await runDoctorAs(cluster, "sync_user", {
      tables: TABLES,
      publicationName: "missing_pub",
    });

    for (const table of TABLES) {
      expect(checkOf(missing, "publication-coverage", table).status).toBe(
        "skipped",
      );
    }
  });

  it("fails a publication without updates", async () => {
    await cluster.sql(
      "CREATE PUBLICATION insert_pub FOR TABLE public.a WITH (publish = 'insert')",
    );

    const inserts = await runDoctorAs(cluster, "sync_user", {
      tables: ["a"],
      publicationName: "insert_pub",
    });
    const check = checkOf(inserts, "publication");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("does not publish update and delete");
    expect(fixTexts(check)).toEqual([
      "ALTER PUBLICATION insert_pub SET (publish = 'insert, update, delete, truncate');",
    ]);
  });
});

describe("CDC doctor: PostHog-managed publication", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE app_owner NOLOGIN;
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE ROLE owner_member LOGIN REPLICATION PASSWORD 'x' IN ROLE app_owner;
      CREATE TABLE public.owned_by_app(id int PRIMARY KEY);
      ALTER TABLE public.owned_by_app OWNER TO app_owner;
      CREATE TABLE public.owned_by_sync(id int PRIMARY KEY);
      ALTER TABLE public.owned_by_sync OWNER TO sync_user;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO sync_user, owner_member;
      CREATE PUBLICATION taken_pub;
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("fails a table the role does not own", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      mode: "posthog",
      tables: ["owned_by_app", "owned_by_sync"],
    });
    const check = checkOf(report, "table-ownership", "owned_by_app");

    expect(check.status).toBe("fail");
    expect(check.message).toContain("only a table's owner");
    expect(fixTexts(check)).toEqual([
      "ALTER TABLE public.owned_by_app OWNER TO sync_user;",
      "GRANT app_owner TO sync_user;",
    ]);
    expect(checkOf(report, "table-ownership", "owned_by_sync").status).toBe(
      "pass",
    );
  });

  it("passes a member of the owner role", async () => {
    const report = await runDoctorAs(cluster, "owner_member", {
      mode: "posthog",
      tables: ["owned_by_app"],
    });

    expect(checkOf(report, "table-ownership", "owned_by_app").status).toBe(
      "pass",
    );
  });

  it("omits coverage checks", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      mode: "posthog",
      tables: ["owned_by_sync"],
    });

    const coverage = report.checks.filter(
      (check) => check.id === "publication-coverage",
    );
    expect(coverage).toEqual([]);
  });

  it("fails without CREATE on the database", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      mode: "posthog",
      tables: ["owned_by_sync"],
    });
    const check = checkOf(report, "publication");

    expect(check.status).toBe("fail");
    expect(fixTexts(check)).toEqual([
      "GRANT CREATE ON DATABASE postgres TO sync_user;",
    ]);
  });

  it("passes with CREATE on the database", async () => {
    await cluster.sql("GRANT CREATE ON DATABASE postgres TO sync_user");

    const report = await runDoctorAs(cluster, "sync_user", {
      mode: "posthog",
      tables: ["owned_by_sync"],
    });

    expect(checkOf(report, "publication").status).toBe("pass");
  });

  it("warns when the publication name is taken", async () => {
    const report = await runDoctorAs(cluster, "sync_user", {
      mode: "posthog",
      tables: ["owned_by_sync"],
      publicationName: "taken_pub",
    });
    const check = checkOf(report, "publication");

    expect(check.status).toBe("warn");
    expect(check.current).toBe("already exists");
  });
});
