import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../shared/domain/cdc";
import { PgCluster } from "../support/postgres";
import { checkOf, fixTexts, runDoctorAs } from "./cdc-support";

const ROLE = "Sync User";
const ODD_TABLE = "Odd Schema.My Table";

const CAUTION =
  "Do not grant postgres to Sync User: it is a superuser or administrator role";

/** Statements of the script that would run, without comments or blank lines. */
function runnable(script: string): string[] {
  return script
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("--"));
}

describe("CDC doctor: fix script on a real server", () => {
  let cluster: PgCluster;
  let report: DoctorReport;

  beforeAll(async () => {
    // A WAL limit keeps the server settings section empty, so the numbering skips it.
    cluster = await PgCluster.start({
      settings: { max_slot_wal_keep_size: "1GB" },
    });
    await cluster.sql(`
      CREATE ROLE "Sync User" LOGIN REPLICATION PASSWORD 'x';
      GRANT CREATE ON DATABASE postgres TO "Sync User";
      CREATE ROLE app_owner NOLOGIN;
      CREATE TABLE public.admin_a(id int PRIMARY KEY);
      CREATE TABLE public.admin_b(id int PRIMARY KEY);
      CREATE TABLE public.app_a(id int PRIMARY KEY);
      CREATE TABLE public.app_b(id int PRIMARY KEY);
      ALTER TABLE public.app_a OWNER TO app_owner;
      ALTER TABLE public.app_b OWNER TO app_owner;
      GRANT SELECT ON public.admin_a, public.app_a, public.app_b TO "Sync User";
      CREATE SCHEMA "Odd Schema";
      CREATE TABLE "Odd Schema"."My Table"(id int PRIMARY KEY);
    `);
    report = await runDoctorAs(
      cluster,
      ROLE,
      {
        tables: ["public.admin_a", "public.admin_b", "public.app_a"],
        mode: "posthog",
        publicationName: "",
      },
      { schema: "" },
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("explains table owners once", () => {
    const script = report.fixScript;

    expect(script.split(CAUTION)).toHaveLength(2);
    expect(
      checkOf(report, "table-ownership", "public.admin_a").message,
    ).toContain(CAUTION);
    expect(script).toContain("-- Table owner, 3 tables:");
  });

  it("lists each table's owner change", () => {
    const script = report.fixScript;

    for (const table of ["admin_a", "admin_b", "app_a"]) {
      expect(script).toContain(
        `--   ALTER TABLE public.${table} OWNER TO "Sync User";`,
      );
    }
    expect(script).toContain(
      '-- Or, in place of the statement for public.app_a:\n--   GRANT app_owner TO "Sync User";',
    );
  });

  it("numbers the sections present", () => {
    const headings = report.fixScript
      .split("\n")
      .filter((line) => /^-- \d+\. /.test(line));

    expect(headings).toEqual(["-- 1. Roles and grants", "-- 2. Tables"]);
  });

  it("grants SELECT on an unreadable table", async () => {
    const unreadable = await runDoctorAs(
      cluster,
      ROLE,
      { tables: [ODD_TABLE, "public.admin_b"] },
      { schema: "" },
    );
    const odd = checkOf(unreadable, "select-permission", ODD_TABLE);

    expect(odd.status).toBe("fail");
    expect(fixTexts(odd)).toEqual([
      'GRANT USAGE ON SCHEMA "Odd Schema" TO "Sync User";',
      'GRANT SELECT ON "Odd Schema"."My Table" TO "Sync User";',
    ]);
    expect(
      fixTexts(checkOf(unreadable, "select-permission", "public.admin_b")),
    ).toEqual(['GRANT SELECT ON public.admin_b TO "Sync User";']);
  });

  it("passes SELECT after running the grants", async () => {
    const before = await runDoctorAs(
      cluster,
      ROLE,
      { tables: [ODD_TABLE, "public.admin_b"] },
      { schema: "" },
    );
    const grants = runnable(before.fixScript).filter((line) =>
      line.startsWith("GRANT"),
    );
    await cluster.sql(grants.join("\n"));

    const after = await runDoctorAs(
      cluster,
      ROLE,
      { tables: [ODD_TABLE, "public.admin_b"] },
      { schema: "" },
    );

    expect(grants).toHaveLength(3);
    expect(checkOf(after, "select-permission", ODD_TABLE).status).toBe("pass");
    expect(checkOf(after, "select-permission", "public.admin_b").status).toBe(
      "pass",
    );
  });
});
