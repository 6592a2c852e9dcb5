import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  DiscoveredTable,
  DiscoveryResult,
} from "../../shared/domain/discovery";
import type { SyncRecommendation } from "../../shared/domain/sync";
import { recommendSyncType } from "../../shared/sync/recommend";
import { PgCluster } from "../support/postgres";
import {
  directConnector,
  postgresSettings,
  tableNamed,
} from "./postgres-test-helpers";

describe("Sync-type recommendation from discovery", () => {
  let cluster: PgCluster;
  let result: DiscoveryResult;

  const table = (name: string): DiscoveredTable =>
    tableNamed(result, "public", name);
  const recommend = (name: string): SyncRecommendation =>
    recommendSyncType(table(name));

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE TYPE mood AS ENUM ('a', 'b');
      CREATE TABLE a_upd(id int PRIMARY KEY, name text, updated_at timestamptz NOT NULL);
      CREATE TABLE b_comp(tenant int, id int, modified timestamp, PRIMARY KEY(tenant, id));
      CREATE TABLE c_log(msg text, created_at timestamptz DEFAULT now());
      CREATE TABLE d_seq(id bigserial PRIMARY KEY, payload jsonb);
      CREATE TABLE e_plain(code text, tags text[], m mood, doc jsonb);
      CREATE TABLE f_gen(id int PRIMARY KEY, price numeric,
        total numeric GENERATED ALWAYS AS (price * 2) STORED, updated_on date);
      CREATE TABLE g_ts(id int PRIMARY KEY, created date,
        updated_at timestamp GENERATED ALWAYS AS (created::timestamp) STORED);
    `);
    result = await directConnector().discover(
      postgresSettings(cluster, { schema: "public" }),
      { password: cluster.superuserPassword },
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("a_upd is incremental on updated_at", () => {
    expect(recommend("a_upd").syncType).toBe("incremental");
    expect(recommend("a_upd").incrementalField).toBe("updated_at");
    expect(recommend("a_upd").incrementalFieldType).toBe("timestamp");
    expect(table("a_upd").primaryKey).toEqual(["id"]);
  });

  it("b_comp keeps its composite key", () => {
    expect(recommend("b_comp").syncType).toBe("incremental");
    expect(recommend("b_comp").incrementalField).toBe("modified");
    expect(table("b_comp").primaryKey).toEqual(["tenant", "id"]);
  });

  it("c_log appends on created_at", () => {
    expect(recommend("c_log").syncType).toBe("append");
    expect(recommend("c_log").incrementalField).toBe("created_at");
  });

  it("d_seq appends on its sequence", () => {
    const id = table("d_seq").columns.find((column) => column.name === "id");

    expect(id?.sequenceBacked).toBe(true);
    expect(recommend("d_seq").syncType).toBe("append");
    expect(recommend("d_seq").incrementalField).toBe("id");
  });

  it("e_plain has no cursor candidates", () => {
    expect(table("e_plain").incrementalCandidates).toEqual([]);
    expect(recommend("e_plain").syncType).toBe("full_refresh");
  });

  it("f_gen is incremental on a date", () => {
    expect(recommend("f_gen").syncType).toBe("incremental");
    expect(recommend("f_gen").incrementalField).toBe("updated_on");
    expect(recommend("f_gen").incrementalFieldType).toBe("date");
    expect(recommend("f_gen").reason).toMatch(/date granularity/);
  });

  it("f_gen flags total as generated", () => {
    const total = table("f_gen").columns.find((c) => c.name === "total");
    const fields = table("f_gen").incrementalCandidates.map((c) => c.field);

    expect(total?.generated).toBe(true);
    expect(fields).not.toContain("total");
  });

  it("never offers a generated timestamp", () => {
    const fields = table("g_ts").incrementalCandidates.map((c) => c.field);

    expect(fields).toEqual(["id", "created"]);
    expect(recommend("g_ts").incrementalField).not.toBe("updated_at");
  });

  it("never recommends CDC", () => {
    const types = result.tables.map((t) => recommendSyncType(t).syncType);

    expect(types).toEqual([
      "incremental",
      "incremental",
      "append",
      "append",
      "full_refresh",
      "incremental",
      "append",
    ]);
  });
});
