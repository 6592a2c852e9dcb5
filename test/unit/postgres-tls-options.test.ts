import type { ConnectionOptions, PeerCertificate } from "node:tls";
import { describe, expect, it } from "vitest";
import type { TlsSettings } from "../../shared/domain/connection";
import { buildSslOptions } from "../../main/connectors/postgres/tls-options";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

/** Builds the certificate fields that `tls.checkServerIdentity` reads. */
function certificateFor(subjectAltName: string): PeerCertificate {
  return {
    subject: { CN: "db.internal" },
    subjectaltname: subjectAltName,
  } as unknown as PeerCertificate;
}

/** Returns the options of a mode that turns TLS on. */
function enabledOptions(tls: TlsSettings, host: string): ConnectionOptions {
  const options = buildSslOptions(tls, host);
  if (options === false) throw new Error(`TLS is off for ${tls.mode}.`);
  return options;
}

describe("buildSslOptions", () => {
  it("turns TLS off for disable", () => {
    expect(buildSslOptions({ mode: "disable" }, "db.internal")).toBe(false);
  });

  it("skips verification for require", () => {
    const options = enabledOptions({ mode: "require" }, "db.internal");

    expect(options).toMatchObject({ rejectUnauthorized: false });
    expect(options.ca).toBeUndefined();
  });

  it("checks the CA for verify-ca", () => {
    const options = enabledOptions(
      { mode: "verify-ca", caCertificate: CA },
      "127.0.0.1",
    );

    expect(options).toMatchObject({ rejectUnauthorized: true, ca: CA });
  });

  it("ignores the host for verify-ca", () => {
    const options = enabledOptions(
      { mode: "verify-ca", caCertificate: CA },
      "127.0.0.1",
    );
    const check = options.checkServerIdentity;

    expect(check?.("127.0.0.1", certificateFor("DNS:other"))).toBeUndefined();
  });

  it("checks the real host for verify-full", () => {
    const options = enabledOptions(
      { mode: "verify-full", caCertificate: CA },
      "db.internal",
    );
    const check = options.checkServerIdentity;

    expect(check?.("127.0.0.1", certificateFor("DNS:db.internal"))).toBe(
      undefined,
    );
    expect(check?.("db.internal", certificateFor("DNS:other"))).toMatchObject({
      code: "ERR_TLS_CERT_ALTNAME_INVALID",
    });
  });

  it("sends SNI for a host name", () => {
    const options = enabledOptions({ mode: "verify-full" }, "db.internal");

    expect(options.servername).toBe("db.internal");
  });

  it("omits SNI for an IP address", () => {
    const options = enabledOptions({ mode: "verify-full" }, "127.0.0.2");

    expect("servername" in options).toBe(false);
  });

  it("ignores a blank CA", () => {
    const options = enabledOptions(
      { mode: "verify-full", caCertificate: "  \n" },
      "db.internal",
    );

    expect("ca" in options).toBe(false);
  });
});
