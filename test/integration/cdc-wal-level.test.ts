import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCdcDoctor, type QueryClient } from "../../main/cdc";
import { PgCluster } from "../support/postgres";
import {
  DEFAULT_REQUEST,
  checkOf,
  connectAs,
  fixTexts,
  runDoctorAs,
} from "./cdc-support";

/** Imitates a pooler that hides `wal_level`: `SHOW` fails and `pg_settings` lacks the row. */
function hideWalLevel(client: QueryClient): QueryClient {
  return {
    async query(text, values) {
      if (text.trim() === "SHOW wal_level") {
        throw Object.assign(
          new Error('unrecognized configuration parameter "wal_level"'),
          { code: "42704" },
        );
      }
      const result = await client.query(text, values);
      const rows = result.rows.filter(
        (row) => (row as { name?: unknown }).name !== "wal_level",
      );
      return { rows };
    },
  };
}

describe("CDC doctor: wal_level", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start({ settings: { wal_level: "replica" } });
    await cluster.sql(`
      CREATE ROLE sync_user LOGIN REPLICATION PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY, updated_at timestamptz NOT NULL);
      GRANT SELECT ON public.orders TO sync_user;
    `);
    await cluster.sql("ALTER SYSTEM SET wal_level = 'logical'");
    await cluster.sql("SELECT pg_reload_conf()");
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("fails a reload-only change and asks for a restart", async () => {
    const report = await runDoctorAs(cluster, "sync_user");
    const check = checkOf(report, "wal-level");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("replica");
    expect(check.required).toBe("logical");
    expect(check.message).toContain("a reload is not enough");
    expect(check.message).toContain("restart the server");
    expect(check.fixes[0]?.requiresRestart).toBe(true);
    expect(report.overall).toBe("not-ready");
  });

  it("asks for the pending restart once", async () => {
    const report = await runDoctorAs(cluster, "sync_user");
    const restarts = report.fixScript
      .split("\n")
      .filter((line) => /restart/i.test(line));

    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toContain(
      "RESTART the server now: the pending wal_level change takes effect only at server start.",
    );
  });

  it("reads wal_level first with SHOW", async () => {
    const client = await connectAs(cluster, "sync_user");
    const texts: string[] = [];
    const recording: QueryClient = {
      query: (text, values) => {
        texts.push(text.trim());
        return client.query(text, values);
      },
    };

    try {
      await runCdcDoctor(recording, DEFAULT_REQUEST, {
        schema: "public",
        posthog: null,
      });
    } finally {
      await client.end();
    }

    expect(texts[0]).toBe("SHOW wal_level");
  });

  it("still reports the other checks", async () => {
    const report = await runDoctorAs(cluster, "sync_user");

    expect(checkOf(report, "replication-privilege").status).toBe("pass");
    expect(checkOf(report, "primary-key", "orders").status).toBe("pass");
    expect(checkOf(report, "server-version").status).toBe("pass");
  });

  it("recognises a pooler that hides wal_level", async () => {
    const client = await connectAs(cluster, "sync_user");
    let report;
    try {
      report = await runCdcDoctor(hideWalLevel(client), DEFAULT_REQUEST, {
        schema: "public",
        posthog: null,
      });
    } finally {
      await client.end();
    }
    const check = checkOf(report, "wal-level");

    expect(check.status).toBe("fail");
    expect(check.current).toBeNull();
    expect(check.message).toContain("does not expose wal_level");
    expect(check.message).toContain("pooler");
    expect(fixTexts(check)[0]).toContain("not the pooler's");
  });

  it("passes after a real restart", async () => {
    // The value ALTER SYSTEM wrote takes effect only now.
    await cluster.restart();

    const report = await runDoctorAs(cluster, "sync_user");
    const check = checkOf(report, "wal-level");

    expect(check.status).toBe("pass");
    expect(check.current).toBe("logical");
  });
});
