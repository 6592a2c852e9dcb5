import pg from "pg";
import { expect } from "vitest";
import type {
  DoctorCheck,
  DoctorReport,
  DoctorRequest,
} from "../../shared/domain/cdc";
import { runCdcDoctor } from "../../main/cdc";
import type { DoctorDeps } from "../../main/cdc";
import type { PgCluster } from "../support/postgres";

export const SYNC_PASSWORD = "x";

/** Connects over TCP as a test role, the way the app connects as the user's login role. */
export async function connectAs(
  cluster: PgCluster,
  user: string,
  database = "postgres",
): Promise<pg.Client> {
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user,
    password: SYNC_PASSWORD,
    database,
  });
  await client.connect();
  return client;
}

export const DEFAULT_REQUEST: DoctorRequest = {
  tables: [],
  mode: "self_managed",
  slotName: "posthog_slot",
  publicationName: "posthog_pub",
  comparePostHog: false,
};

/** Runs the doctor as `user` and closes the connection afterwards. */
export async function runDoctorAs(
  cluster: PgCluster,
  user: string,
  request: Partial<DoctorRequest> = {},
  deps: Partial<DoctorDeps> = {},
): Promise<DoctorReport> {
  const client = await connectAs(cluster, user);
  try {
    return await runCdcDoctor(
      client,
      { ...DEFAULT_REQUEST, ...request },
      { schema: "public", posthog: null, ...deps },
    );
  } finally {
    await client.end();
  }
}

/** Returns the one check with this id and table, and fails the test when there is none or several. */
export function checkOf(
  report: DoctorReport,
  id: string,
  table: string | null = null,
): DoctorCheck {
  const matches = report.checks.filter(
    (check) => check.id === id && check.table === table,
  );
  expect(matches, `checks with id ${id} and table ${table}`).toHaveLength(1);
  return matches[0]!;
}

export function fixTexts(check: DoctorCheck): string[] {
  return check.fixes.map((fix) => fix.text);
}
