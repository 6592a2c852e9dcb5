import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions } from "node:tls";
import type { TlsSettings } from "../../../shared/domain/connection";

/**
 * TLS options for the database connection: what `pg` takes as its `ssl` setting and what the
 * connection trace passes to `tls.connect`. `false` turns TLS off.
 */
export type PostgresSslOptions = false | ConnectionOptions;

/**
 * Maps the TLS mode to `pg`'s `ssl` object. `serverHost` is the database host name as the
 * user typed it: through a tunnel or after a local lookup `pg` connects to an address, but
 * SNI and the verify-full identity check still use this name.
 *
 * Without a CA certificate the verify modes trust Node's built-in root certificates, so a
 * server whose certificate no such root signed fails as untrusted.
 */
export function buildSslOptions(
  tls: TlsSettings,
  serverHost: string,
): PostgresSslOptions {
  switch (tls.mode) {
    case "disable":
      return false;
    case "require":
      return {
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        ...serverNameOption(serverHost),
      };
    case "verify-ca":
      return {
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
        ...caOption(tls.caCertificate),
        ...serverNameOption(serverHost),
      };
    case "verify-full":
      return {
        rejectUnauthorized: true,
        checkServerIdentity: (_hostname, certificate) =>
          checkServerIdentity(serverHost, certificate),
        ...caOption(tls.caCertificate),
        ...serverNameOption(serverHost),
      };
  }
}

/** SNI carries a host name only: RFC 6066 forbids an IP address there. */
function serverNameOption(serverHost: string): { servername?: string } {
  return isIP(serverHost) === 0 ? { servername: serverHost } : {};
}

function caOption(caCertificate: string | undefined): { ca?: string } {
  const trimmed = caCertificate?.trim();
  return trimmed ? { ca: trimmed } : {};
}
