import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../shared/domain/cdc";
import type { SavedConnection } from "../../shared/domain/connection";
import { createDoctorPort } from "../../main/app/wiring/doctor-port";
import { createPostHogClientFactory } from "../../main/app/wiring/posthog-port";
import { PostgresConnector } from "../../main/connectors/postgres/connector";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
} from "../fakes/posthog";
import { loopbackOnlyLookup } from "../support/lookup";
import { PgCluster } from "../support/postgres";
import { createTestFactory } from "./ssh-test-helpers";

const ROLE = { user: "sync_user", password: "sync-password-3" };

/**
 * PostHog's own prerequisite check as its validator runs it: it connects with the flat body's
 * credentials and checks wal_level, the replication attribute and primary keys, but not
 * max_wal_senders.
 */
async function posthogValidator(body: Record<string, unknown>) {
  const client = new pg.Client({
    host: String(body.host),
    port: Number(body.port),
    user: String(body.user),
    password: String(body.password),
    database: String(body.database),
  });
  await client.connect();
  try {
    const errors: string[] = [];
    const wal = await client.query<{ wal_level: string }>("SHOW wal_level");
    if (wal.rows[0]?.wal_level !== "logical")
      errors.push("wal_level must be set to 'logical'");
    const role = await client.query<{ ok: boolean }>(
      "SELECT rolreplication OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user",
    );
    if (!role.rows[0]?.ok) {
      errors.push("The database user cannot create logical replication slots.");
    }
    return { valid: errors.length === 0, errors };
  } finally {
    await client.end();
  }
}

describe("doctor compared with PostHog's check", () => {
  let cluster: PgCluster;
  let posthog: FakePostHog;
  let report: DoctorReport;

  beforeAll(async () => {
    cluster = await PgCluster.start({ settings: { max_wal_senders: "0" } });
    await cluster.sql(
      `CREATE ROLE ${ROLE.user} LOGIN REPLICATION PASSWORD '${ROLE.password}';
       CREATE TABLE public.orders(id int PRIMARY KEY);
       ALTER TABLE public.orders OWNER TO ${ROLE.user};
       GRANT CREATE ON DATABASE postgres TO ${ROLE.user};`,
    );
    posthog = await startFakePostHog({
      rejectInternalHosts: false,
      checkCdcPrerequisites: posthogValidator,
    });

    const logger = createLogger({
      sink: new MemoryLogSink(),
      redactor: new Redactor(),
    });
    const doctor = createDoctorPort({
      postgres: new PostgresConnector({
        lookup: loopbackOnlyLookup(),
        sshSessionFactory: createTestFactory().factory,
      }),
      clientFor: createPostHogClientFactory({ logger }),
      logger,
    });
    report = await doctor.run(
      {
        connection: connection(cluster.port),
        secrets: { password: ROLE.password },
        session: { host: posthog.url, projectId: 1, apiKey: DEFAULT_API_KEY },
        request: {
          tables: ["public.orders"],
          mode: "posthog",
          slotName: "",
          publicationName: "",
          comparePostHog: true,
        },
      },
      { signal: new AbortController().signal, onProgress: () => undefined },
    );
  });

  afterAll(async () => {
    await posthog?.stop();
    await cluster?.stop();
  });

  it("runs PostHog's check", () => {
    expect(report.posthog.ran).toBe(true);
  });

  it("reports PostHog's verdict", () => {
    expect(report.posthog.valid).toBe(true);
  });

  it("fails the WAL sender check PostHog skips", () => {
    const senders = report.checks.find((check) => check.id === "wal-senders");
    expect(senders?.status).toBe("fail");
  });

  it("names the disagreement", () => {
    expect(report.posthog.disagreements.join(" ")).toMatch(/WAL sender/i);
  });

  it("sends PostHog the flat body", () => {
    const request = posthog.requests.find((r) =>
      r.path.endsWith("/check_cdc_prerequisites/"),
    );
    const body = JSON.parse(request?.body ?? "{}") as Record<string, unknown>;

    expect(body.source_type).toBe("Postgres");
    expect(body.host).toBe("127.0.0.1");
    expect(body.tables).toEqual(["public.orders"]);
    expect(body.cdc_management_mode).toBe("posthog");
  });
});

function connection(port: number): SavedConnection {
  return {
    id: "parity",
    sourceType: "Postgres",
    updatedAt: new Date().toISOString(),
    secrets: {
      password: true,
      sshPassword: false,
      sshPrivateKey: false,
      sshPassphrase: false,
    },
    settings: {
      name: "parity",
      host: "127.0.0.1",
      port,
      database: "postgres",
      user: ROLE.user,
      schema: "public",
      tls: { mode: "disable" },
      ssh: null,
      posthogRoute: { kind: "direct" },
    },
  };
}
