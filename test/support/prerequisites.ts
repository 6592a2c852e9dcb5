import { existsSync } from "node:fs";

const REQUIRED = [
  ["/usr/lib/postgresql/15/bin/postgres", "postgresql-15"],
  ["/usr/sbin/sshd", "openssh-server"],
  ["/usr/bin/socat", "socat"],
  ["/usr/bin/puttygen", "putty-tools"],
  ["/usr/bin/openssl", "openssl"],
  ["/usr/sbin/ip", "iproute2"],
] as const;

/** Fails fast with the missing Debian packages and a reminder that the tests need root. */
export function assertPrerequisites(): void {
  const missing = REQUIRED.filter(([path]) => !existsSync(path)).map(
    ([, pkg]) => pkg,
  );
  if (missing.length > 0) {
    throw new Error(
      `Missing system packages: ${missing.join(", ")}. Install them with apt-get install -y ${missing.join(" ")} (or run .ci/run).`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      "The integration and end-to-end tests must run as root: they start PostgreSQL as the postgres user, their own sshd, and a network namespace.",
    );
  }
}
