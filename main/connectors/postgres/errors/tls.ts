import {
  formatAddress,
  type ClassifiedError,
  type PostgresErrorContext,
} from "./context";

/** OpenSSL verification codes that mean no trusted CA signed the server certificate. */
const UNTRUSTED_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
]);

/** Text of `pg`'s error when the server responds `N` to an SSLRequest. */
export const NO_SSL_TEXT = "The server does not support SSL connections";

/** An error of the TLS layer, as Node's `tls` module reports it. */
export interface TlsErrorFacts {
  code: string | undefined;
  text: string;
  /** `subjectaltname` of the server certificate, on a host name mismatch. */
  subjectAltName: string | undefined;
}

/** Classifies a TLS failure, or returns null when the error is not one. */
export function classifyTlsError(
  facts: TlsErrorFacts,
  context: PostgresErrorContext,
): ClassifiedError | null {
  const address = formatAddress(context);
  const base = { kind: "tls", layer: "tls" } as const;

  if (facts.text.includes(NO_SSL_TEXT)) {
    return {
      ...base,
      code: "TLS_NOT_SUPPORTED",
      field: "tls.mode",
      message: `The server at ${address} does not support SSL, so TLS mode ${context.tlsMode} cannot connect.`,
      fix: "Turn on ssl in the server's configuration, or choose TLS mode disable if an unencrypted connection is acceptable (an SSH tunnel still encrypts the route to the bastion).",
    };
  }

  if (facts.code !== undefined && UNTRUSTED_CODES.has(facts.code)) {
    return {
      ...base,
      code: "TLS_CERT_UNTRUSTED",
      field: "tls.caCertificate",
      message: `The server certificate of ${address} is not trusted.`,
      fix: context.caProvided
        ? "The CA certificate given did not sign the server certificate, so provide the CA certificate that did, or choose TLS mode require to encrypt without verifying."
        : "Provide the CA certificate that signed the server certificate, or choose TLS mode require to encrypt without verifying.",
    };
  }

  if (facts.code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = facts.subjectAltName ?? "other names";
    return {
      ...base,
      code: "TLS_HOST_MISMATCH",
      field: "host",
      message: `The server certificate does not match the host name ${context.host}.`,
      fix: `Connect with a name the certificate covers (${names}), or choose TLS mode verify-ca to check only the CA.`,
    };
  }

  if (
    facts.code === "CERT_HAS_EXPIRED" ||
    facts.code === "CERT_NOT_YET_VALID"
  ) {
    return {
      ...base,
      code: "TLS_CERT_EXPIRED",
      message: `The server certificate of ${address} is outside its validity period.`,
      fix: "Ask the database administrator to renew the server certificate, and check this machine's clock.",
    };
  }

  if (
    facts.code?.startsWith("ERR_SSL_") ||
    facts.code?.startsWith("ERR_TLS_") ||
    facts.text.includes("There was an error establishing an SSL connection")
  ) {
    return {
      ...base,
      code: "TLS_HANDSHAKE_FAILED",
      message: `The TLS handshake with ${address} failed.`,
      fix: "Check that the port belongs to PostgreSQL and that the server's TLS settings accept TLS 1.2 or newer.",
    };
  }

  return null;
}
