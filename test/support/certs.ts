import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileAsync } from "./processes";
import { makeRunSubdir } from "./run-dir";

export interface CertificateAuthority {
  dir: string;
  certFile: string;
  keyFile: string;
  /** PEM text of the CA certificate. */
  certPem: string;
}

export interface ServerCertificate {
  certFile: string;
  keyFile: string;
}

/** Creates a throwaway certificate authority with openssl. */
export async function createCertificateAuthority(
  name = "dw-connect test CA",
): Promise<CertificateAuthority> {
  const dir = makeRunSubdir("ca");
  const certFile = join(dir, "ca.crt");
  const keyFile = join(dir, "ca.key");
  await execFileAsync("openssl", [
    ...[
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
    ],
    ...[
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
  ]);
  const { readFileSync } = await import("node:fs");
  return { dir, certFile, keyFile, certPem: readFileSync(certFile, "utf8") };
}

/**
 * Issues a server certificate signed by `ca` for the given subject alternative names,
 * e.g. `["DNS:db.internal", "IP:127.0.0.2"]`.
 */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  commonName: string,
  subjectAltNames: string[],
): Promise<ServerCertificate> {
  const dir = makeRunSubdir("cert");
  const keyFile = join(dir, "server.key");
  const csrFile = join(dir, "server.csr");
  const certFile = join(dir, "server.crt");
  const extFile = join(dir, "ext.cnf");
  writeFileSync(extFile, `subjectAltName=${subjectAltNames.join(",")}\n`);

  await execFileAsync("openssl", [
    ...[
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
    ],
    ...["-subj", `/CN=${commonName}`, "-keyout", keyFile, "-out", csrFile],
  ]);
  await execFileAsync("openssl", [
    ...[
      "x509",
      "-req",
      "-in",
      csrFile,
      "-CA",
      ca.certFile,
      "-CAkey",
      ca.keyFile,
    ],
    ...["-CAcreateserial", "-days", "2", "-extfile", extFile, "-out", certFile],
  ]);
  return { certFile, keyFile };
}
