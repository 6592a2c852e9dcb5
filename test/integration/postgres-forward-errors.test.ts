import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../shared/domain/connection";
import { DEFAULT_TIMEOUTS } from "../../main/connectors/postgres/dependencies";
import { freePort } from "../support/ports";
import {
  PRIVATE_DB_HOST,
  startPrivateNetwork,
  type PrivateNetwork,
} from "../support/private-network";
import {
  postgresSettings,
  stepOf,
  tunnelConnector,
  type TunnelConnector,
} from "./postgres-test-helpers";
import { captureError } from "./ssh-test-helpers";

/**
 * A name the bastion cannot resolve. Inside the private network's namespace, /etc/hosts is the
 * namespace's own file, and a DNS query cannot leave the machine because the namespace has no
 * interface but its loopback (connecting to a nameserver elsewhere fails with ENETUNREACH).
 */
const UNKNOWN_HOST = "no-such-host.invalid";

describe("Postgres forward errors through a bastion", () => {
  let network: PrivateNetwork;
  let tunnel: TunnelConnector;
  let closedPort: number;

  const settingsFor = (
    host: string,
    port: number,
  ): PostgresConnectionSettings => {
    const { bastion, database } = network;
    return postgresSettings(database, {
      host,
      port,
      ssh: {
        host: bastion.host,
        port: bastion.port,
        user: bastion.user,
        auth: "password",
      },
    });
  };
  const secrets = (): ConnectionSecrets => ({
    password: network.database.superuserPassword,
    sshPassword: network.bastion.password,
  });

  beforeAll(async () => {
    network = await startPrivateNetwork();
    tunnel = await tunnelConnector(network.bastion);
    closedPort = await freePort();
    if (closedPort === network.database.port) closedPort = await freePort();
  });

  afterAll(async () => {
    await network?.stop();
  });

  describe("discover, closed port", () => {
    let elapsedMs: number;
    let error: Awaited<ReturnType<typeof captureError>>;

    beforeAll(async () => {
      const started = performance.now();
      error = await captureError(() =>
        tunnel.connector.discover(
          settingsFor(PRIVATE_DB_HOST, closedPort),
          secrets(),
        ),
      );
      elapsedMs = performance.now() - started;
    });

    it("raises ssh-forward", () => {
      expect(error.kind).toBe("ssh-forward");
    });

    it("names the port-forward layer", () => {
      expect(error.shape.layer).toBe("port-forward");
    });

    it("names the target", () => {
      expect(error.message).toContain(`${PRIVATE_DB_HOST}:${closedPort}`);
    });

    it("quotes the bastion's reason", () => {
      expect(error.message).toContain('reported "Connection refused"');
    });

    it("keeps the bastion's text", () => {
      expect(error.shape.detail).toBe(
        "(SSH) Channel open failure: Connection refused",
      );
    });

    it("says what to check", () => {
      expect(error.shape.fix).toMatch(/as the bastion sees them/);
      expect(error.shape.fix).toMatch(/firewall/);
      expect(error.shape.fix).toMatch(/PermitOpen/);
    });

    it("does not blame the database", () => {
      expect(error.message).not.toMatch(/closed the connection/);
    });

    it("returns before the connect timeout", () => {
      expect(elapsedMs).toBeLessThan(DEFAULT_TIMEOUTS.connectMs);
    });
  });

  describe("discover, unknown host", () => {
    let error: Awaited<ReturnType<typeof captureError>>;

    beforeAll(async () => {
      error = await captureError(() =>
        tunnel.connector.discover(settingsFor(UNKNOWN_HOST, 5432), secrets()),
      );
    });

    it("raises ssh-forward", () => {
      expect(error.kind).toBe("ssh-forward");
    });

    it("names the port-forward layer", () => {
      expect(error.shape.layer).toBe("port-forward");
    });

    it("names the target", () => {
      expect(error.message).toContain(`${UNKNOWN_HOST}:5432`);
    });

    it("quotes the bastion's reason", () => {
      // getaddrinfo's text for a name it cannot resolve, as OpenSSH passes it on.
      expect(error.message).toMatch(
        /reported "(Temporary failure in name resolution|Name or service not known)"/,
      );
    });

    it("never resolves the name locally", () => {
      expect(tunnel.databaseLookups).not.toContain(UNKNOWN_HOST);
      expect(tunnel.bastionLookups).not.toContain(UNKNOWN_HOST);
    });
  });

  it("session for the doctor raises ssh-forward", async () => {
    let worked = false;

    const error = await captureError(() =>
      tunnel.connector.withSession(
        settingsFor(PRIVATE_DB_HOST, closedPort),
        secrets(),
        undefined,
        () => {
          worked = true;
          return Promise.resolve();
        },
      ),
    );

    expect(error.kind).toBe("ssh-forward");
    expect(error.message).toContain(`${PRIVATE_DB_HOST}:${closedPort}`);
    expect(worked).toBe(false);
  });

  it("trace fails at the forward", async () => {
    const trace = await tunnel.connector.test(
      settingsFor(PRIVATE_DB_HOST, closedPort),
      secrets(),
    );
    const forward = stepOf(trace, "port-forward");

    expect(forward.error?.kind).toBe("ssh-forward");
    expect(forward.error?.message).toContain("Connection refused");
  });

  it("discovery still works after a failure", async () => {
    await captureError(() =>
      tunnel.connector.discover(
        settingsFor(PRIVATE_DB_HOST, closedPort),
        secrets(),
      ),
    );

    const result = await tunnel.connector.discover(
      settingsFor(PRIVATE_DB_HOST, network.database.port),
      secrets(),
    );

    expect(result.server.database).toBe("postgres");
  });
});
