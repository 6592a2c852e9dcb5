import { createServer, type Server, type Socket } from "node:net";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresConnectionSettings } from "../../shared/domain/connection";
import { PostgresConnector } from "../../main/connectors/postgres/connector";
import { loopbackOnlyLookup } from "../support/lookup";
import { freePort } from "../support/ports";
import { PgCluster } from "../support/postgres";
import { waitFor } from "../support/processes";
import { captureError } from "./ssh-test-helpers";
import {
  createLoginRole,
  directConnector,
  postgresSettings,
  stepOf,
  stepStatuses,
} from "./postgres-test-helpers";

const PASSWORD = "bad-input-test-password";
const WRONG_PASSWORD = "not-the-password-7f3a";

/** Starts a TCP listener that accepts connections and never responds. */
async function listenSilently(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.on("close", () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, port };
}

describe("Postgres connection failures", () => {
  let cluster: PgCluster;
  let settings: PostgresConnectionSettings;
  const connector = directConnector();

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await createLoginRole(cluster, "app_user", PASSWORD);
    settings = postgresSettings(cluster, { user: "app_user" });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("wrong password fails the login", async () => {
    const trace = await connector.test(settings, { password: WRONG_PASSWORD });
    const login = stepOf(trace, "login");

    expect(stepStatuses(trace)).toEqual([
      ["dns", "passed"],
      ["tcp", "passed"],
      ["tls", "skipped"],
      ["login", "failed"],
      ["privileges", "skipped"],
    ]);
    expect(login.error?.code).toBe("PG_28P01");
    expect(login.error?.kind).toBe("auth-rejected");
    expect(login.error?.message).toBe(
      `Password authentication failed for user "app_user" on 127.0.0.1:${cluster.port}.`,
    );
    expect(login.error?.detail).toMatch(/password authentication failed/);
  });

  it("wrong password never leaks", async () => {
    const trace = await connector.test(settings, { password: WRONG_PASSWORD });
    const error = await captureError(() =>
      connector.discover(settings, { password: WRONG_PASSWORD }),
    );

    expect(JSON.stringify(trace)).not.toContain(WRONG_PASSWORD);
    expect(JSON.stringify(error.shape)).not.toContain(WRONG_PASSWORD);
    expect(error.code).toBe("PG_28P01");
  });

  it("missing password asks for one", async () => {
    const error = await captureError(() => connector.discover(settings, {}));

    expect(error.code).toBe("PASSWORD_MISSING");
    expect(error.shape.field).toBe("password");
  });

  it("closed port fails TCP", async () => {
    const port = await freePort();
    const trace = await connector.test(
      { ...settings, port },
      {
        password: PASSWORD,
      },
    );
    const tcp = stepOf(trace, "tcp");

    expect(tcp.status).toBe("failed");
    expect(tcp.error?.code).toBe("ECONNREFUSED");
    expect(tcp.error?.kind).toBe("unreachable");
    expect(tcp.error?.message).toContain(`127.0.0.1:${port}`);
  });

  it("closed port fails discovery", async () => {
    const port = await freePort();
    const error = await captureError(() =>
      connector.discover({ ...settings, port }, { password: PASSWORD }),
    );

    expect(error.code).toBe("ECONNREFUSED");
    expect(error.shape.layer).toBe("tcp");
  });

  it("unknown host fails DNS", async () => {
    const trace = await connector.test(
      { ...settings, host: "db.nowhere.test" },
      { password: PASSWORD },
    );
    const dns = stepOf(trace, "dns");

    expect(dns.status).toBe("failed");
    expect(dns.error?.kind).toBe("dns");
    expect(dns.error?.code).toBe("ENOTFOUND");
    expect(dns.error?.message).toBe(
      "The host name db.nowhere.test could not be resolved on this machine.",
    );
    expect(stepOf(trace, "tcp").status).toBe("skipped");
  });

  it("unknown host fails discovery", async () => {
    const error = await captureError(() =>
      connector.discover(
        { ...settings, host: "db.nowhere.test" },
        { password: PASSWORD },
      ),
    );

    expect(error.code).toBe("ENOTFOUND");
    expect(error.shape.layer).toBe("dns");
  });

  it("missing database fails the login", async () => {
    const trace = await connector.test(
      { ...settings, database: "no_such_db" },
      { password: PASSWORD },
    );
    const login = stepOf(trace, "login");

    expect(login.error?.code).toBe("PG_3D000");
    expect(login.error?.kind).toBe("not-found");
    expect(login.error?.field).toBe("database");
    expect(login.error?.message).toBe(
      `Database "no_such_db" does not exist on 127.0.0.1:${cluster.port}.`,
    );
  });

  it("silent server times out", async () => {
    const silent = await listenSilently();
    const impatient = new PostgresConnector({
      lookup: loopbackOnlyLookup(),
      sshSessionFactory: { open: () => Promise.reject(new Error("no SSH")) },
      timeouts: { connectMs: 500 },
    });
    try {
      const plain = await impatient.test(
        { ...settings, port: silent.port },
        { password: PASSWORD },
      );
      const encrypted = await impatient.test(
        { ...settings, port: silent.port, tls: { mode: "require" } },
        { password: PASSWORD },
      );

      expect(stepOf(plain, "login").error?.kind).toBe("timed-out");
      expect(stepOf(encrypted, "tls").error?.kind).toBe("timed-out");
    } finally {
      silent.server.close();
    }
  });
});

describe("Postgres discovery cancellation", () => {
  let cluster: PgCluster;
  let holder: pg.Client;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql("CREATE TABLE t(id int PRIMARY KEY)");
    holder = await cluster.connectAsSuperuser();
  });

  afterAll(async () => {
    await holder?.end();
    await cluster?.stop();
  });

  it("cancels a blocked catalog query", async () => {
    // The partitions query reads pg_inherits, so it waits for this lock.
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE pg_inherits IN ACCESS EXCLUSIVE MODE");
    const controller = new AbortController();

    const error = await captureError(() =>
      directConnector().discover(
        postgresSettings(cluster),
        { password: cluster.superuserPassword },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.message === "Reading partitions") {
              setTimeout(() => controller.abort(), 300);
            }
          },
        },
      ),
    );
    await waitFor("the cancelled backend to exit", async () => {
      const rows = await holder.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'dw-connect'",
      );
      return (rows.rows[0] as { n: number }).n === 0;
    });
    await holder.query("ROLLBACK");

    expect(error.kind).toBe("cancelled");
  });
});
