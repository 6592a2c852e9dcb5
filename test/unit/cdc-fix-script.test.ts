import { describe, expect, it } from "vitest";
import type { DoctorCheck, Fix } from "../../shared/domain/cdc";
import { buildFixScript } from "../../main/cdc";
import { restartFix } from "../../main/cdc/provider";

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

const SELF_HOSTED = {
  id: "self-hosted",
  name: "Self-hosted PostgreSQL",
} as const;
const RDS = { id: "rds", name: "Amazon RDS for PostgreSQL" } as const;

function lines(script: string, pattern: RegExp): string[] {
  return script.split("\n").filter((line) => pattern.test(line));
}

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
    const script = buildFixScript(UNORDERED, SELF_HOSTED);
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
    const script = buildFixScript(UNORDERED, SELF_HOSTED);
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
            text: "In the instance's custom DB parameter group, set max_wal_senders to 20, then reboot the instance.",
            requiresRestart: true,
          },
        ]),
      ],
      RDS,
    );

    expect(script).toContain(
      "-- Manual step: In the instance's custom DB parameter group, set max_wal_senders to 20, then reboot the instance.",
    );
    expect(script).not.toContain("RESTART");
  });

  it("writes each statement once", () => {
    const grant = sql("GRANT USAGE ON SCHEMA sales TO sync_user;");
    const script = buildFixScript(
      [
        check("select-permission", [grant], { table: "sales.a" }),
        check("select-permission", [grant], { table: "sales.b" }),
      ],
      SELF_HOSTED,
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
      SELF_HOSTED,
    );

    expect(script).toContain("-- table-ownership, b: review, then run one of:");
    expect(script).toContain(`--   ${STATEMENTS.owner}`);
    expect(script).toContain("--   GRANT app_owner TO sync_user;");
  });

  it("never runs a slot drop", () => {
    const drop = "SELECT pg_drop_replication_slot('old_tool_slot');";
    const script = buildFixScript(
      [check("inactive-slot", [sql(drop)], { status: "warn" })],
      SELF_HOSTED,
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
      SELF_HOSTED,
    );

    expect(script).toBe("");
  });

  it("numbers only the sections present", () => {
    const script = buildFixScript(
      [
        check("wal-level", [sql(STATEMENTS.walLevel, true)]),
        check("replica-identity", [sql(STATEMENTS.identity)], { table: "b" }),
      ],
      SELF_HOSTED,
    );

    expect(lines(script, /^-- \d+\. /)).toEqual([
      "-- 1. Server settings",
      "-- 2. Replica identity, set before the tables are published",
    ]);
  });

  it("puts the restart after its statement", () => {
    const raise = "ALTER SYSTEM SET max_replication_slots = 3;";
    const script = buildFixScript(
      [
        check("replication-slots", [
          sql("SELECT pg_drop_replication_slot('old_tool_slot');"),
          sql(raise, true),
        ]),
        check(
          "max-slot-wal-keep-size",
          [sql("ALTER SYSTEM SET max_slot_wal_keep_size = '<size>';")],
          { status: "warn" },
        ),
      ],
      SELF_HOSTED,
    );
    const all = script.split("\n");
    const restart = all.findIndex((line) => line.startsWith("-- RESTART"));

    expect(all[restart - 1]).toBe(`--   ${raise}`);
    expect(all[restart]).toContain(
      "RESTART the server now if you changed max_replication_slots:",
    );
  });

  it("names every setting in one restart", () => {
    const script = buildFixScript(
      [
        check("wal-level", [sql(STATEMENTS.walLevel, true)]),
        check("replication-slots", [
          sql("SELECT pg_drop_replication_slot('old_tool_slot');"),
          sql("ALTER SYSTEM SET max_replication_slots = 3;", true),
        ]),
      ],
      SELF_HOSTED,
    );
    const restarts = lines(script, /restart/i);

    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toContain(
      "wal_level (and max_replication_slots, if you changed it) takes effect only at server start",
    );
  });

  it("says a pending restart once", () => {
    const script = buildFixScript(
      [check("wal-level", [restartFix("self-hosted")])],
      SELF_HOSTED,
    );
    const restarts = lines(script, /restart/i);

    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toContain("the pending wal-level change");
    expect(restarts[0]).toContain("pg_ctl restart");
  });

  it("reboots RDS for a pending change", () => {
    const script = buildFixScript(
      [check("wal-level", [restartFix("rds")])],
      RDS,
    );

    expect(lines(script, /reboot/i)).toEqual([
      "-- RESTART the server now: the pending wal-level change takes effect only at server start. Reboot the DB instance in the Amazon RDS console.",
    ]);
  });

  it("explains table owners once", () => {
    const explanation =
      "sync_user does not own these 3 tables. Do not grant postgres to sync_user.";
    const tables = ["a", "b", "c"];
    const script = buildFixScript(
      tables.map((table) =>
        check(
          "table-ownership",
          [sql(`ALTER TABLE public.${table} OWNER TO sync_user;`)],
          { table },
        ),
      ),
      SELF_HOSTED,
      { explanations: { "table-ownership": explanation } },
    );

    expect(script.split(explanation)).toHaveLength(2);
    expect(script).toContain(
      "-- table-ownership, 3 tables: review before running:",
    );
    for (const table of tables) {
      expect(script).toContain(
        `--   ALTER TABLE public.${table} OWNER TO sync_user;`,
      );
    }
  });

  it("lists a shared owner grant once", () => {
    const grant = sql("GRANT app_owner TO sync_user;");
    const script = buildFixScript(
      ["a", "b"].map((table) =>
        check(
          "table-ownership",
          [sql(`ALTER TABLE public.${table} OWNER TO sync_user;`), grant],
          { table },
        ),
      ),
      SELF_HOSTED,
    );

    expect(script.split(grant.text)).toHaveLength(2);
    expect(script).toContain(
      "-- Or, in place of the statement for a and b:\n--   GRANT app_owner TO sync_user;",
    );
  });
});
