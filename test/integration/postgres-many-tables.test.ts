import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import { PgCluster } from "../support/postgres";
import { directConnector, postgresSettings } from "./postgres-test-helpers";

const TABLE_COUNT = 5_000;

/** Creates `count` tables t_1..t_count, committing in batches to stay within the lock table. */
function createTablesSql(count: number): string {
  return `
    DO $$ BEGIN
      FOR i IN 1..${count} LOOP
        EXECUTE format(
          'CREATE TABLE public.t_%s(id int PRIMARY KEY, updated_at timestamptz)', i);
        IF i % 500 = 0 THEN COMMIT; END IF;
      END LOOP;
    END $$`;
}

describe("Postgres discovery of thousands of tables", () => {
  let cluster: PgCluster;
  let large: DiscoveryResult;
  let small: DiscoveryResult;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.createDatabase("large");
    await cluster.createDatabase("small");
    await cluster.sql(createTablesSql(TABLE_COUNT), "large");
    await cluster.sql(createTablesSql(3), "small");

    const connector = directConnector();
    const secrets = { password: cluster.superuserPassword };
    large = await connector.discover(
      postgresSettings(cluster, { database: "large" }),
      secrets,
    );
    small = await connector.discover(
      postgresSettings(cluster, { database: "small" }),
      secrets,
    );
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it("returns every table", () => {
    expect(small.tables).toHaveLength(3);
    expect(large.tables).toHaveLength(TABLE_COUNT);
  });

  it("reads every primary key", () => {
    const withoutKey = large.tables.filter(
      (table) => table.primaryKey?.join() !== "id",
    );

    expect(withoutKey).toEqual([]);
  });

  it("offers updated_at everywhere", () => {
    const withoutCursor = large.tables.filter(
      (table) =>
        !table.incrementalCandidates.some((c) => c.field === "updated_at"),
    );

    expect(withoutCursor).toEqual([]);
  });

  it("runs as many queries as for three tables", () => {
    expect(large.queryCount).toBe(small.queryCount);
  });
});
