import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueryClient } from "../../main/cdc";
import { runCdcDoctor } from "../../main/cdc";
import { PgCluster } from "../support/postgres";
import { connectAs, DEFAULT_REQUEST, SYNC_PASSWORD } from "./cdc-support";

const WRITING_STATEMENT =
  /\b(ALTER|CREATE|DROP|INSERT|UPDATE|DELETE|GRANT|REVOKE|TRUNCATE|pg_create_\w+|pg_drop_\w+)\b/i;

describe("CDC doctor writes nothing", () => {
  let cluster: PgCluster;
  const statements: string[] = [];
  let errors: string[] = [];

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(
      `CREATE ROLE sync_user LOGIN PASSWORD '${SYNC_PASSWORD}';
       CREATE TABLE public.orders(id int PRIMARY KEY);
       CREATE TABLE public.nokey(a int);
       GRANT SELECT ON public.orders, public.nokey TO sync_user;`,
    );
    await cluster.sql(
      `SELECT pg_create_logical_replication_slot('old_slot', 'pgoutput')`,
    );

    const client = await connectAs(cluster, "sync_user");
    // The server itself rejects any write in this session.
    await client.query("SET default_transaction_read_only = on");
    const recording: QueryClient = {
      query: (text, values) => {
        statements.push(text);
        return client.query(text, values);
      },
    };
    try {
      const report = await runCdcDoctor(
        recording,
        { ...DEFAULT_REQUEST, mode: "posthog" },
        { schema: "public", posthog: null },
      );
      errors = report.checks
        .map((check) => check.message)
        .filter((m) => /read-only/.test(m));
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("sends no writing statement", () => {
    expect(
      statements.filter((text) => WRITING_STATEMENT.test(stripStrings(text))),
    ).toEqual([]);
  });

  it("runs in a read-only session", () => {
    expect(errors).toEqual([]);
  });

  it("keeps the existing slot", async () => {
    const slots = await cluster.sql<{ slot_name: string }>(
      "SELECT slot_name FROM pg_replication_slots",
    );
    expect(slots.map((slot) => slot.slot_name)).toEqual(["old_slot"]);
  });
});

/** Drops string literals and comments, so words inside them are not taken for statements. */
function stripStrings(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, "");
}
