import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import { PgCluster } from "../support/postgres";
import {
  directConnector,
  postgresSettings,
  tableNamed,
} from "./postgres-test-helpers";

describe("Postgres discovery of partitioned tables", () => {
  let cluster: PgCluster;
  let result: DiscoveryResult;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE TABLE public.metrics(id bigint, ts timestamptz NOT NULL, v numeric,
        PRIMARY KEY(id, ts)) PARTITION BY RANGE(ts);
      CREATE TABLE public.metrics_2024 PARTITION OF public.metrics
        FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE public.metrics_2025 PARTITION OF public.metrics
        FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      INSERT INTO public.metrics
        SELECT g, '2024-06-01'::timestamptz + g * interval '1 hour', 1
        FROM generate_series(1, 10000) g;
      ANALYZE public.metrics_2024;
      ANALYZE public.metrics_2025;
    `);

    result = await directConnector().discover(postgresSettings(cluster), {
      password: cluster.superuserPassword,
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("offers only the parent", () => {
    const names = result.tables.map((table) => table.sourceName);

    expect(names).toEqual(["public.metrics"]);
  });

  it("marks the parent partitioned", () => {
    const metrics = tableNamed(result, "public", "metrics");

    expect(metrics.kind).toBe("partitioned-table");
    expect(metrics.partitionCount).toBe(2);
  });

  it("sums the partitions' estimates", () => {
    const metrics = tableNamed(result, "public", "metrics");

    expect(metrics.rowEstimateSource).toBe("partitions");
    expect(metrics.estimatedRows).toBeGreaterThanOrEqual(9_000);
    expect(metrics.estimatedRows).toBeLessThanOrEqual(11_000);
  });

  it("reads the composite key in order", () => {
    const metrics = tableNamed(result, "public", "metrics");

    expect(metrics.primaryKey).toEqual(["id", "ts"]);
  });

  it("offers ts as a cursor", () => {
    const metrics = tableNamed(result, "public", "metrics");
    const ts = metrics.incrementalCandidates.find((c) => c.field === "ts");

    expect(ts?.fieldType).toBe("timestamp");
    expect(ts?.nullable).toBe(false);
  });
});

describe("Postgres discovery of nested partitions", () => {
  let cluster: PgCluster;
  let result: DiscoveryResult;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE TABLE events(id int, region text, day date) PARTITION BY LIST (region);
      CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu')
        PARTITION BY RANGE (day);
      CREATE TABLE events_eu_2024 PARTITION OF events_eu
        FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');
      CREATE TABLE events_future PARTITION OF events FOR VALUES IN ('ap');
      INSERT INTO events SELECT g, 'eu', '2024-03-01' FROM generate_series(1, 300) g;
      INSERT INTO events SELECT g, 'us', '2024-03-01' FROM generate_series(1, 200) g;
      ANALYZE events_eu_2024;
      ANALYZE events_us;
    `);

    result = await directConnector().discover(postgresSettings(cluster), {
      password: cluster.superuserPassword,
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("folds every level into the root", () => {
    const names = result.tables.map((table) => table.sourceName);

    expect(names).toEqual(["public.events"]);
  });

  it("sums leaves at every depth", () => {
    const events = tableNamed(result, "public", "events");

    expect(events.estimatedRows).toBe(500);
    expect(events.partitionCount).toBe(3);
  });
});
