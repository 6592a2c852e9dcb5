import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  PostgresConnectionSettings,
  TlsSettings,
} from "../../shared/domain/connection";
import type { AppError } from "../../shared/domain/errors";
import {
  createCertificateAuthority,
  issueServerCertificate,
  type CertificateAuthority,
} from "../support/certs";
import { loopbackOnlyLookup } from "../support/lookup";
import { PgCluster } from "../support/postgres";
import { captureError } from "./ssh-test-helpers";
import {
  directConnector,
  postgresSettings,
  stepOf,
  stepStatuses,
} from "./postgres-test-helpers";

const connector = directConnector();

describe("Postgres TLS modes against a CA-signed server", () => {
  let ca: CertificateAuthority;
  let cluster: PgCluster;

  const settingsFor = (
    tls: TlsSettings,
    host = "127.0.0.1",
  ): PostgresConnectionSettings => postgresSettings(cluster, { host, tls });
  const secrets = () => ({ password: cluster.superuserPassword });

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    const certificate = await issueServerCertificate(ca, "db.test", [
      "DNS:db.test",
      "IP:127.0.0.2",
    ]);
    cluster = await PgCluster.start({
      tls: certificate,
      listenAddresses: "127.0.0.1,127.0.0.2",
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("require encrypts without verifying", async () => {
    const trace = await connector.test(
      settingsFor({ mode: "require" }),
      secrets(),
    );

    expect(trace.ok).toBe(true);
    expect(stepOf(trace, "tls").summary).toMatch(/without verifying/);
    expect(trace.server?.ssl).toBe(true);
  });

  it("require discovers over TLS", async () => {
    const result = await connector.discover(
      settingsFor({ mode: "require" }),
      secrets(),
    );

    expect(result.server.ssl).toBe(true);
  });

  it("disable connects in plain text", async () => {
    const trace = await connector.test(
      settingsFor({ mode: "disable" }),
      secrets(),
    );

    expect(trace.ok).toBe(true);
    expect(stepOf(trace, "tls").status).toBe("skipped");
    expect(trace.server?.ssl).toBe(false);
  });

  it("verify-ca without a CA is untrusted", async () => {
    const trace = await connector.test(
      settingsFor({ mode: "verify-ca" }),
      secrets(),
    );
    const tls = stepOf(trace, "tls");

    expect(trace.ok).toBe(false);
    expect(tls.error?.code).toBe("TLS_CERT_UNTRUSTED");
    expect(tls.error?.message).toBe(
      `The server certificate of 127.0.0.1:${cluster.port} is not trusted.`,
    );
    expect(tls.error?.fix).toMatch(/^Provide the CA certificate/);
    expect(stepOf(trace, "login").status).toBe("skipped");
  });

  it("verify-ca without a CA fails discovery", async () => {
    const error = await captureError(() =>
      connector.discover(settingsFor({ mode: "verify-ca" }), secrets()),
    );

    expect(error.code).toBe("TLS_CERT_UNTRUSTED");
    expect(error.shape.layer).toBe("tls");
  });

  it("verify-ca with the CA accepts an IP", async () => {
    const trace = await connector.test(
      settingsFor({ mode: "verify-ca", caCertificate: ca.certPem }),
      secrets(),
    );

    expect(trace.ok).toBe(true);
    expect(trace.server?.ssl).toBe(true);
  });

  it("verify-full rejects an unnamed IP", async () => {
    const trace = await connector.test(
      settingsFor({ mode: "verify-full", caCertificate: ca.certPem }),
      secrets(),
    );
    const tls = stepOf(trace, "tls");

    expect(trace.ok).toBe(false);
    expect(tls.error?.code).toBe("TLS_HOST_MISMATCH");
    expect(tls.error?.message).toBe(
      "The server certificate does not match the host name 127.0.0.1.",
    );
    expect(tls.error?.fix).toMatch(/DNS:db\.test/);
  });

  it("verify-full mismatch fails discovery", async () => {
    const error = await captureError(() =>
      connector.discover(
        settingsFor({ mode: "verify-full", caCertificate: ca.certPem }),
        secrets(),
      ),
    );

    expect(error.code).toBe("TLS_HOST_MISMATCH");
    expect(error.message).toMatch(/127\.0\.0\.1/);
  });

  it("verify-full accepts a named IP", async () => {
    const settings = settingsFor(
      { mode: "verify-full", caCertificate: ca.certPem },
      "127.0.0.2",
    );
    const trace = await connector.test(settings, secrets());
    const result = await connector.discover(settings, secrets());

    expect(trace.ok).toBe(true);
    expect(stepOf(trace, "tls").summary).toMatch(/names 127\.0\.0\.2/);
    expect(result.server.ssl).toBe(true);
  });

  it("verify-full accepts a named host", async () => {
    const namedConnector = directConnector(
      loopbackOnlyLookup({ "db.test": "127.0.0.1" }),
    );
    const settings = settingsFor(
      { mode: "verify-full", caCertificate: ca.certPem },
      "db.test",
    );
    const trace = await namedConnector.test(settings, secrets());

    expect(trace.ok).toBe(true);
    expect(trace.server?.ssl).toBe(true);
  });
});

describe("Postgres TLS modes against a server without SSL", () => {
  let cluster: PgCluster;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    cluster = await PgCluster.start();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const modes = ["require", "verify-ca", "verify-full"] as const;

  it.each(modes)("%s fails the TLS layer", async (mode) => {
    const trace = await connector.test(
      postgresSettings(cluster, { tls: { mode, caCertificate: ca.certPem } }),
      { password: cluster.superuserPassword },
    );
    const tls = stepOf(trace, "tls");

    expect(stepStatuses(trace)).toEqual([
      ["dns", "passed"],
      ["tcp", "passed"],
      ["tls", "failed"],
      ["login", "skipped"],
      ["privileges", "skipped"],
    ]);
    expect(tls.error?.code).toBe("TLS_NOT_SUPPORTED");
    expect(tls.error?.message).toBe(
      `The server at 127.0.0.1:${cluster.port} does not support SSL, so TLS mode ${mode} cannot connect.`,
    );
  });

  it.each(modes)("%s fails discovery", async (mode) => {
    const error: AppError = await captureError(() =>
      connector.discover(
        postgresSettings(cluster, { tls: { mode, caCertificate: ca.certPem } }),
        { password: cluster.superuserPassword },
      ),
    );

    expect(error.code).toBe("TLS_NOT_SUPPORTED");
    expect(error.kind).toBe("tls");
  });

  it("disable connects", async () => {
    const trace = await connector.test(postgresSettings(cluster), {
      password: cluster.superuserPassword,
    });

    expect(trace.ok).toBe(true);
    expect(trace.server?.ssl).toBe(false);
  });
});
