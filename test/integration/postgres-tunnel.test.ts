import { chmodSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
  TlsSettings,
} from "../../shared/domain/connection";
import {
  createCertificateAuthority,
  issueServerCertificate,
  type CertificateAuthority,
  type ServerCertificate,
} from "../support/certs";
import { chownToPostgres } from "../support/postgres";
import {
  PRIVATE_DB_HOST,
  startPrivateNetwork,
  type PrivateNetwork,
} from "../support/private-network";
import { captureError } from "./ssh-test-helpers";
import {
  directConnector,
  postgresSettings,
  stepOf,
  stepStatuses,
  tunnelConnector,
  type TunnelConnector,
} from "./postgres-test-helpers";

describe("Postgres through an SSH bastion", () => {
  let ca: CertificateAuthority;
  let otherCertificate: ServerCertificate;
  let network: PrivateNetwork;
  let tunnel: TunnelConnector;

  const settingsFor = (
    host: string,
    tls: TlsSettings = { mode: "disable" },
  ): PostgresConnectionSettings => {
    const { bastion, database } = network;
    return postgresSettings(database, {
      host,
      tls,
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
  const verifyFull = (): TlsSettings => ({
    mode: "verify-full",
    caCertificate: ca.certPem,
  });

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    const certificate = await issueServerCertificate(ca, PRIVATE_DB_HOST, [
      `DNS:${PRIVATE_DB_HOST}`,
    ]);
    otherCertificate = await issueServerCertificate(ca, "other.internal", [
      "DNS:other.internal",
    ]);
    network = await startPrivateNetwork({ database: { tls: certificate } });
    await network.database.sql("CREATE TABLE orders(id int PRIMARY KEY)");
    tunnel = await tunnelConnector(network.bastion);
  });

  afterAll(async () => {
    await network?.stop();
  });

  it("reaches db.internal through the bastion", async () => {
    const trace = await tunnel.connector.test(
      settingsFor(PRIVATE_DB_HOST),
      secrets(),
    );

    expect(stepStatuses(trace)).toEqual([
      ["dns", "passed"],
      ["tcp", "passed"],
      ["ssh-handshake", "passed"],
      ["ssh-auth", "passed"],
      ["port-forward", "passed"],
      ["tls", "skipped"],
      ["login", "passed"],
      ["privileges", "passed"],
    ]);
    expect(trace.ok).toBe(true);
  });

  it("discovers through the bastion", async () => {
    const result = await tunnel.connector.discover(
      settingsFor(PRIVATE_DB_HOST),
      secrets(),
    );

    expect(result.tables.map((table) => table.sourceName)).toEqual([
      "public.orders",
    ]);
  });

  it("never resolves db.internal locally", () => {
    expect(tunnel.databaseLookups).toEqual([]);
    expect(tunnel.bastionLookups).not.toContain(PRIVATE_DB_HOST);
  });

  it("reaches a database on the bastion itself", async () => {
    const trace = await tunnel.connector.test(
      settingsFor("127.0.0.1", { mode: "require" }),
      secrets(),
    );

    expect(trace.ok).toBe(true);
    expect(trace.server?.ssl).toBe(true);
  });

  it("cannot reach the database directly", async () => {
    const trace = await directConnector().test(
      { ...settingsFor("127.0.0.1"), ssh: null },
      secrets(),
    );

    expect(stepOf(trace, "tcp").error?.code).toBe("ECONNREFUSED");
  });

  it("reports a closed port at the forward", async () => {
    const trace = await tunnel.connector.test(
      { ...settingsFor(PRIVATE_DB_HOST), port: 1 },
      secrets(),
    );
    const forward = stepOf(trace, "port-forward");

    expect(forward.status).toBe("failed");
    expect(forward.error?.kind).toBe("ssh-forward");
    expect(stepOf(trace, "login").status).toBe("skipped");
  });

  it("verify-full checks db.internal", async () => {
    const trace = await tunnel.connector.test(
      settingsFor(PRIVATE_DB_HOST, verifyFull()),
      secrets(),
    );

    expect(trace.ok).toBe(true);
    expect(stepOf(trace, "tls").summary).toMatch(/names db\.internal/);
    expect(trace.server?.ssl).toBe(true);
  });

  it("verify-full discovers through the bastion", async () => {
    const result = await tunnel.connector.discover(
      settingsFor(PRIVATE_DB_HOST, verifyFull()),
      secrets(),
    );

    expect(result.server.ssl).toBe(true);
  });

  it("names db.internal on a mismatch", async () => {
    for (const file of [otherCertificate.certFile, otherCertificate.keyFile]) {
      chownToPostgres(file);
      chmodSync(file, 0o600);
    }
    await network.database.restart({
      ssl_cert_file: otherCertificate.certFile,
      ssl_key_file: otherCertificate.keyFile,
    });
    const settings = settingsFor(PRIVATE_DB_HOST, verifyFull());

    const trace = await tunnel.connector.test(settings, secrets());
    const error = await captureError(() =>
      tunnel.connector.discover(settings, secrets()),
    );

    expect(stepOf(trace, "tls").error?.message).toBe(
      "The server certificate does not match the host name db.internal.",
    );
    expect(error.code).toBe("TLS_HOST_MISMATCH");
    expect(error.message).toMatch(/db\.internal/);
  });
});
