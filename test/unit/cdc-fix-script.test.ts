import { describe, expect, it } from "vitest";
import type { DoctorCheck, Fix } from "../../shared/domain/cdc";
import { buildFixScript } from "../../main/cdc";

function check(
  id: string,
  fixes: Fix[],
  options: { status?: DoctorCheck["status"]; table?: string } = {},
): DoctorCheck {
  return {
    id,
    title: id,
    status: options.status ?? "fail",
    current: null,
    required: null,
    message: `${id} failed`,
    fixes,
    table: options.table ?? null,
  };
}

const sql = (text: string, requiresRestart = false): Fix => ({
  kind: "sql",
  text,
  requiresRestart,
});

const STATEMENTS = {
  walLevel: "ALTER SYSTEM SET wal_level = logical;",
  replication: "ALTER ROLE sync_user WITH REPLICATION;",
  identity: "ALTER TABLE public.b REPLICA IDENTITY FULL;",
  publication: "ALTER PUBLICATION app_pub ADD TABLE public.b;",
  owner: "ALTER TABLE public.b OWNER TO sync_user;",
};

/** Checks listed in the reverse of the order their fixes must run in. */
const UNORDERED = [
  check("table-ownership", [sql(STATEMENTS.owner)], { table: "b" }),
  check("publication-coverage", [sql(STATEMENTS.publication)], { table: "b" }),
  check("replica-identity", [sql(STATEMENTS.identity)], { table: "b" }),
  check("replication-privilege", [sql(STATEMENTS.replication)]),
  check("wal-level", [sql(STATEMENTS.walLevel, true)]),
];

describe("buildFixScript", () => {
  it("orders settings, roles, identity, publication, tables", () => {
    const script = buildFixScript(UNORDERED, "Self-hosted PostgreSQL");
    const positions = [
      STATEMENTS.walLevel,
      STATEMENTS.replication,
      STATEMENTS.identity,
      STATEMENTS.publication,
      STATEMENTS.owner,
    ].map((statement) => script.indexOf(statement));

    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("calls out the restart after the settings", () => {
    const script = buildFixScript(UNORDERED, "Self-hosted PostgreSQL");
    const restart = script.indexOf("-- RESTART the server now");

    expect(restart).toBeGreaterThan(script.indexOf(STATEMENTS.walLevel));
    expect(restart).toBeLessThan(script.indexOf(STATEMENTS.replication));
  });

  it("writes console steps as comments", () => {
    const script = buildFixScript(
      [
        check("wal-level", [
          {
            kind: "console",
            text: "Reboot the DB instance in the Amazon RDS console.",
            requiresRestart: true,
          },
        ]),
      ],
      "Amazon RDS for PostgreSQL",
    );

    expect(script).toContain(
      "-- Manual step: Reboot the DB instance in the Amazon RDS console.",
    );
  });

  it("writes each statement once", () => {
    const grant = sql("GRANT USAGE ON SCHEMA sales TO sync_user;");
    const script = buildFixScript(
      [
        check("select-permission", [grant], { table: "sales.a" }),
        check("select-permission", [grant], { table: "sales.b" }),
      ],
      "Self-hosted PostgreSQL",
    );

    expect(script.split(grant.text)).toHaveLength(2);
  });

  it("comments out alternatives for review", () => {
    const script = buildFixScript(
      [
        check(
          "table-ownership",
          [sql(STATEMENTS.owner), sql("GRANT app_owner TO sync_user;")],
          { table: "b" },
        ),
      ],
      "Self-hosted PostgreSQL",
    );

    expect(script).toContain("-- table-ownership, b: review, then run one of:");
    expect(script).toContain(`--   ${STATEMENTS.owner}`);
    expect(script).toContain("--   GRANT app_owner TO sync_user;");
  });

  it("never runs a slot drop", () => {
    const drop = "SELECT pg_drop_replication_slot('old_tool_slot');";
    const script = buildFixScript(
      [check("inactive-slot", [sql(drop)], { status: "warn" })],
      "Self-hosted PostgreSQL",
    );
    const lines = script.split("\n");

    expect(lines).toContain(`--   ${drop}`);
    expect(lines).not.toContain(drop);
  });

  it("leaves out passed checks", () => {
    const script = buildFixScript(
      [
        check("wal-level", [sql(STATEMENTS.walLevel, true)], {
          status: "pass",
        }),
      ],
      "Self-hosted PostgreSQL",
    );

    expect(script).toBe("");
  });
});
