import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import type { TraceResult } from "../../shared/domain/trace";
import { PgCluster } from "../support/postgres";
import {
  createLoginRole,
  directConnector,
  postgresSettings,
  stepOf,
  tableNamed,
} from "./postgres-test-helpers";

const PASSWORD = "privileges-test-password";

/** Reads the server's log as superuser. Every statement of app_user is logged. */
async function serverLog(cluster: PgCluster): Promise<string> {
  const rows = await cluster.sql<{ log: string }>(
    "SELECT pg_read_file(pg_current_logfile()) AS log",
  );
  return rows[0]?.log ?? "";
}

describe("Postgres tables the role may not read", () => {
  let cluster: PgCluster;
  let trace: TraceResult;
  let everySchema: DiscoveryResult;
  let hrTrace: TraceResult;
  let hrOnly: DiscoveryResult;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: { logging_collector: "on" },
    });
    await cluster.sql(`
      CREATE SCHEMA hr;
      CREATE TABLE hr.salaries(id int PRIMARY KEY, amount numeric);
      CREATE TABLE public.products(id int PRIMARY KEY, updated_at timestamptz);
      CREATE TABLE public.secrets(id int PRIMARY KEY);
    `);
    await createLoginRole(cluster, "app_user", PASSWORD);
    await cluster.sql(`
      GRANT SELECT ON public.products TO app_user;
      ALTER ROLE app_user SET log_statement = 'all';
    `);

    const connector = directConnector();
    const settings = postgresSettings(cluster, { user: "app_user" });
    const hrSettings = { ...settings, schema: "hr" };
    const secrets = { password: PASSWORD };
    trace = await connector.test(settings, secrets);
    everySchema = await connector.discover(settings, secrets);
    hrTrace = await connector.test(hrSettings, secrets);
    hrOnly = await connector.discover(hrSettings, secrets);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("passes the credential check", () => {
    expect(trace.ok).toBe(true);
    expect(stepOf(trace, "login").status).toBe("passed");
  });

  it("marks products selectable", () => {
    const products = tableNamed(everySchema, "public", "products");

    expect(products.canSelect).toBe(true);
    expect(products.readIssue).toBeNull();
  });

  it("marks secrets without SELECT", () => {
    const secrets = tableNamed(everySchema, "public", "secrets");

    expect(secrets.canSelect).toBe(false);
    expect(secrets.readIssue).toBe("no SELECT privilege");
  });

  it("never queries secrets", async () => {
    const log = await serverLog(cluster);

    expect(log).toContain("FROM pg_class c");
    expect(log).not.toContain("secrets");
  });

  it("marks hr tables without USAGE", () => {
    const salaries = tableNamed(everySchema, "hr", "salaries");

    expect(salaries.canSelect).toBe(false);
    expect(salaries.readIssue).toBe('no USAGE on schema "hr"');
  });

  it("warns about both issues", () => {
    expect(everySchema.warnings).toHaveLength(2);
    expect(everySchema.warnings[0]).toMatch(/no USAGE on schema "hr"/);
    expect(everySchema.warnings[1]).toMatch(
      /no SELECT privilege on 1 table \(public\.secrets\)/,
    );
  });

  it("warns in the trace for hr", () => {
    const privileges = stepOf(hrTrace, "privileges");

    expect(hrTrace.ok).toBe(true);
    expect(privileges.status).toBe("warning");
    expect(hrTrace.warnings).toEqual([
      expect.stringMatching(/no USAGE on schema "hr"/),
    ]);
  });

  it("warns in discovery for hr", () => {
    expect(hrOnly.warnings).toEqual([
      expect.stringMatching(/no USAGE on schema "hr"/),
    ]);
  });

  it("lists hr tables as unreadable", () => {
    const salaries = tableNamed(hrOnly, "hr", "salaries");

    expect(hrOnly.tables).toHaveLength(1);
    expect(salaries.canSelect).toBe(false);
  });

  it("fails the trace for a missing schema", async () => {
    const result = await directConnector().test(
      postgresSettings(cluster, { user: "app_user", schema: "HR" }),
      { password: PASSWORD },
    );
    const privileges = stepOf(result, "privileges");

    expect(result.ok).toBe(false);
    expect(privileges.error?.code).toBe("PG_SCHEMA_NOT_FOUND");
    expect(privileges.error?.message).toBe(
      'Schema "HR" does not exist in database "postgres".',
    );
  });
});
