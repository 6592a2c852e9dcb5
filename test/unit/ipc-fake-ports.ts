import type {
  AppPorts,
  ProgressOptions,
  SetupPlanInput,
} from "../../main/app/ports";
import type {
  PostgresConnectionSettings,
  SavedConnection,
} from "../../shared/domain/connection";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import type { DoctorReport } from "../../shared/domain/cdc";
import type { SetupPlan, SourceStatus } from "../../shared/domain/posthog";
import type { TraceResult } from "../../shared/domain/trace";

export const SETTINGS: PostgresConnectionSettings = {
  name: "Orders replica",
  host: "127.0.0.1",
  port: 5432,
  database: "orders",
  user: "analyst",
  schema: "public",
  tls: { mode: "disable" },
  ssh: { host: "127.0.0.1", port: 2222, user: "tunnel", auth: "password" },
  posthogRoute: { kind: "same-tunnel" },
};

const SERVER = {
  version: "15.8",
  versionNum: 150008,
  user: "analyst",
  database: "orders",
  ssl: false,
};

function traceResult(connection: SavedConnection): TraceResult {
  return {
    ok: true,
    steps: [
      {
        layer: "tcp",
        status: "passed",
        durationMs: 3,
        summary: `Connected to ${connection.settings.host}:${connection.settings.port}`,
      },
      {
        layer: "login",
        status: "passed",
        durationMs: 9,
        summary: `Logged in as ${connection.settings.user}`,
      },
    ],
    server: SERVER,
    warnings: [],
  };
}

function discoveryResult(): DiscoveryResult {
  return {
    tables: [
      {
        schema: "public",
        name: "orders",
        sourceName: "orders",
        kind: "table",
        estimatedRows: 1200,
        rowEstimateSource: "statistics",
        columns: [
          {
            name: "id",
            type: "integer",
            nullable: false,
            generated: false,
            sequenceBacked: true,
          },
        ],
        primaryKey: ["id"],
        incrementalCandidates: [],
        canSelect: true,
        readIssue: null,
        rowLevelSecurity: false,
        replicaIdentity: "default",
        partitionCount: 0,
      },
    ],
    warnings: [],
    server: SERVER,
    queryCount: 4,
    durationMs: 20,
  };
}

function setupPlan(input: SetupPlanInput): SetupPlan {
  const masked = Object.fromEntries(
    Object.keys(input.secrets).map((name) => [name, "********"]),
  );
  return {
    planId: "plan-1",
    prefix: input.prefix,
    tables: input.tables.map((table) => ({
      sourceName: table.sourceName,
      warehouseTable: `${input.prefix}postgres_${table.sourceName}`,
      syncType: table.syncType,
      incrementalField: table.incrementalField,
    })),
    requests: [
      {
        method: "POST",
        path: `/api/projects/${input.session.projectId}/warehouse_credentials/`,
        body: { host: input.connection.settings.host, ...masked },
        purpose: "Store the credentials",
        carriesSecrets: true,
      },
    ],
    warnings: [],
  };
}

const SOURCE_STATUS: SourceStatus = {
  sourceId: "source-1",
  status: "Completed",
  tables: [
    {
      name: "orders",
      warehouseTable: "prod_postgres_orders",
      status: "Completed",
      syncType: "full_refresh",
      lastSyncedAt: "2025-01-01T00:00:00Z",
      rowCount: 1200,
      error: null,
      hogql: "SELECT * FROM prod_postgres_orders LIMIT 100",
    },
  ],
  settled: true,
};

function doctorReport(): DoctorReport {
  return {
    overall: "ready",
    provider: {
      id: "self-hosted",
      name: "Self-hosted",
      evidence: "no provider settings",
    },
    serverVersion: "15.8",
    checks: [],
    tables: ["orders"],
    fixScript: "",
    posthog: {
      ran: false,
      skippedReason: "not requested",
      valid: null,
      errors: [],
      disagreements: [],
    },
    queryCount: 3,
    durationMs: 12,
  };
}

function reportProgress(options: ProgressOptions, message: string): void {
  options.onProgress({ message, completed: 1, total: 1 });
}

/** Ports that behave like working services, without any network or database. */
export function createFakePorts(): AppPorts {
  return {
    posthog: {
      signIn: () =>
        Promise.resolve({
          projects: [
            { id: 1, name: "Default project" },
            { id: 2, name: "Staging" },
          ],
          userEmail: "analyst@example.com",
        }),
      listSources: () =>
        Promise.resolve([
          {
            id: "source-0",
            sourceType: "Postgres",
            prefix: "old_",
            status: "Completed",
            createdAt: "2024-12-01T00:00:00Z",
          },
        ]),
      getCatalog: () =>
        Promise.resolve({
          sources: [],
          origin: "built-in",
          fetchedAt: null,
          warning:
            "PostHog was not reachable, so the built-in catalog is shown.",
        }),
    },
    connector: {
      test: (connection, _secrets, options) => {
        const result = traceResult(connection);
        result.steps.forEach((step) => options.onStep(step));
        return Promise.resolve(result);
      },
      discover: (_connection, _secrets, options) => {
        reportProgress(options, "Read 1 table");
        return Promise.resolve(discoveryResult());
      },
    },
    hostKeys: { trustPending: () => Promise.resolve(true) },
    setup: {
      plan: (input) => Promise.resolve(setupPlan(input)),
      create: (_planId, options) => {
        reportProgress(options, "Created the source");
        return Promise.resolve({ sourceId: "source-1", adopted: false });
      },
      status: () => Promise.resolve(SOURCE_STATUS),
    },
    doctor: {
      run: (_input, options) => {
        reportProgress(options, "Checked wal_level");
        return Promise.resolve(doctorReport());
      },
    },
  };
}
