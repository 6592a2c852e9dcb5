import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import { PgCluster } from "../support/postgres";
import {
  directConnector,
  postgresSettings,
  tableNamed,
} from "./postgres-test-helpers";

describe("Postgres row-count estimates", () => {
  let cluster: PgCluster;
  let result: DiscoveryResult;
  let freshReltuples: number;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE TABLE public.fresh(id int) WITH (autovacuum_enabled = false);
      INSERT INTO public.fresh SELECT generate_series(1, 500);
      SELECT pg_stat_force_next_flush();
      CREATE TABLE public.empty_t(id int);
      ANALYZE public.empty_t;
      CREATE TABLE public.untouched(id int) WITH (autovacuum_enabled = false);
    `);
    const rows = await cluster.sql<{ reltuples: number }>(
      "SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'public.fresh'::regclass",
    );
    freshReltuples = rows[0]?.reltuples ?? Number.NaN;

    result = await directConnector().discover(postgresSettings(cluster), {
      password: cluster.superuserPassword,
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("starts from a never-analyzed table", () => {
    expect(freshReltuples).toBe(-1);
  });

  it("counts fresh from live tuples", () => {
    const fresh = tableNamed(result, "public", "fresh");

    expect(fresh.estimatedRows).toBe(500);
    expect(fresh.rowEstimateSource).toBe("live-tuples");
  });

  it("counts empty_t as zero", () => {
    const empty = tableNamed(result, "public", "empty_t");

    expect(empty.estimatedRows).toBe(0);
    expect(empty.rowEstimateSource).toBe("statistics");
  });

  it("leaves a table without statistics unknown", () => {
    const untouched = tableNamed(result, "public", "untouched");

    expect(untouched.estimatedRows).toBeNull();
    expect(untouched.rowEstimateSource).toBe("unknown");
  });

  it("never reports a negative count", () => {
    const negative = result.tables.filter(
      (table) => table.estimatedRows !== null && table.estimatedRows < 0,
    );

    expect(negative).toEqual([]);
  });
});
