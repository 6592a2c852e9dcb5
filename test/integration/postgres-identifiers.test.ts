import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import { warehouseTableName } from "../../shared/posthog/naming";
import { recommendSyncType } from "../../shared/sync/recommend";
import { PgCluster } from "../support/postgres";
import {
  createLoginRole,
  directConnector,
  postgresSettings,
  tableNamed,
} from "./postgres-test-helpers";

const PASSWORD = "identifiers-test-password";

describe("Postgres discovery of quoted identifiers", () => {
  let cluster: PgCluster;
  let everySchema: DiscoveryResult;
  let publicOnly: DiscoveryResult;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE SCHEMA "sales-eu";
      CREATE TABLE public."Orders"("Id" int PRIMARY KEY, "updatedAt" timestamptz);
      CREATE TABLE public."order items"(id int PRIMARY KEY);
      CREATE TABLE public."v1.events"(id int PRIMARY KEY);
      CREATE TABLE public."ünïcode_表"(id int PRIMARY KEY);
      CREATE TABLE "sales-eu"."Orders"(id int PRIMARY KEY);
    `);
    await createLoginRole(cluster, "app_user", PASSWORD);
    await cluster.sql(`
      GRANT USAGE ON SCHEMA "sales-eu" TO app_user;
      GRANT SELECT ON ALL TABLES IN SCHEMA public, "sales-eu" TO app_user;
    `);

    const connector = directConnector();
    const settings = postgresSettings(cluster, { user: "app_user" });
    everySchema = await connector.discover(settings, { password: PASSWORD });
    publicOnly = await connector.discover(
      { ...settings, schema: "public" },
      { password: PASSWORD },
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("keys tables by schema and exact name", () => {
    const keys = everySchema.tables.map((table) => [table.schema, table.name]);

    expect(keys).toEqual([
      ["public", "Orders"],
      ["public", "order items"],
      ["public", "v1.events"],
      ["public", "ünïcode_表"],
      ["sales-eu", "Orders"],
    ]);
  });

  it("marks every table selectable", () => {
    const unreadable = everySchema.tables.filter((table) => !table.canSelect);

    expect(unreadable).toEqual([]);
    expect(everySchema.warnings).toEqual([]);
  });

  it("reads a mixed-case primary key", () => {
    const orders = tableNamed(everySchema, "public", "Orders");

    expect(orders.primaryKey).toEqual(["Id"]);
  });

  it("recommends the mixed-case cursor", () => {
    const orders = tableNamed(everySchema, "public", "Orders");
    const recommendation = recommendSyncType(orders);

    expect(orders.incrementalCandidates.map((c) => c.field)).toContain(
      "updatedAt",
    );
    expect(recommendation.syncType).toBe("incremental");
    expect(recommendation.incrementalField).toBe("updatedAt");
  });

  it("qualifies source names with the schema", () => {
    const sourceNames = everySchema.tables.map((table) => table.sourceName);

    expect(sourceNames).toEqual([
      "public.Orders",
      "public.order items",
      "public.v1.events",
      "public.ünïcode_表",
      "sales-eu.Orders",
    ]);
  });

  it("uses bare names for one schema", () => {
    const sourceNames = publicOnly.tables.map((table) => table.sourceName);

    expect(sourceNames).toEqual([
      "Orders",
      "order items",
      "v1.events",
      "ünïcode_表",
    ]);
  });

  it("keeps both Orders apart in warehouse names", () => {
    const names = everySchema.tables
      .filter((table) => table.name === "Orders")
      .map((table) =>
        warehouseTableName("prod_", "postgres", table.sourceName),
      );

    expect(names).toEqual([
      "prod_postgres_public__orders",
      "prod_postgres_sales-eu__orders",
    ]);
  });
});
