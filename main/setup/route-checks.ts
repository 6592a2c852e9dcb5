import type { AppErrorShape } from "../../shared/domain/errors";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../shared/domain/connection";

/**
 * Checks of the PostHog route: how PostHog's cloud workers will reach the
 * database once the source exists. A warning may still work, because a
 * self-hosted PostHog can reach private hosts. A blocker cannot work, so the
 * creator refuses to send anything.
 */

export interface RouteFindings {
  warnings: string[];
  blockers: AppErrorShape[];
}

/** Ports PostHog's `SSHTunnel` rejects (`Port {p} is not allowed`). */
const FORBIDDEN_TUNNEL_PORTS = new Set([80, 443]);

/**
 * Tells whether a host is loopback, private, link-local or a local-only name.
 * Names are not resolved, so a public-looking name that resolves to a private
 * address is not caught.
 */
export function isPrivateHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (name === "localhost" || /\.(localhost|local|internal)$/.test(name))
    return true;

  const octets = name.split(".");
  if (octets.length === 4 && octets.every((part) => /^\d{1,3}$/.test(part))) {
    const [a = 0, b = 0] = octets.map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  return (
    name === "::1" ||
    name === "::" ||
    /^f[cd][0-9a-f]{0,2}:/.test(name) ||
    /^fe[89ab][0-9a-f]?:/.test(name)
  );
}

function blocker(
  code: string,
  message: string,
  fix: string,
  field?: string,
): AppErrorShape {
  return {
    kind: "invalid-input",
    code,
    message,
    fix,
    ...(field ? { field } : {}),
  };
}

/** The bastion PostHog will open, or null on a direct route. */
export function posthogTunnelEndpoint(
  settings: PostgresConnectionSettings,
): { host: string; port: number } | null {
  const route = settings.posthogRoute;
  if (route.kind === "direct") return null;
  if (route.kind === "tunnel") return { host: route.host, port: route.port };
  return settings.ssh
    ? { host: settings.ssh.host, port: settings.ssh.port }
    : null;
}

/** Tells whether a PostHog host is PostHog's cloud, which rejects private hosts. */
export function isPostHogCloud(posthogHost: string): boolean {
  try {
    const name = new URL(posthogHost).hostname.toLowerCase();
    return name === "posthog.com" || name.endsWith(".posthog.com");
  } catch {
    return false;
  }
}

/**
 * Checks the PostHog route. `posthogCloud` is false for a self-hosted PostHog, which may sit on
 * the same network as the database, so private hosts get a softer warning there.
 */
export function checkRoute(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  posthogCloud = true,
): RouteFindings {
  const findings: RouteFindings = { warnings: [], blockers: [] };
  if (!secrets.password) {
    findings.blockers.push(
      blocker(
        "DATABASE_PASSWORD_MISSING",
        `No password is stored for database user "${settings.user}", and PostHog requires one.`,
        "Enter the database password in the connection form and save it.",
        "password",
      ),
    );
  }

  if (settings.posthogRoute.kind === "direct")
    checkDirectRoute(settings, findings, posthogCloud);
  else checkTunnelRoute(settings, secrets, findings, posthogCloud);
  return findings;
}

function checkDirectRoute(
  settings: PostgresConnectionSettings,
  findings: RouteFindings,
  posthogCloud: boolean,
): void {
  if (isPrivateHost(settings.host)) {
    findings.warnings.push(
      posthogCloud
        ? `PostHog cloud rejects the private or local host ${settings.host} without an SSH tunnel ("Hosts with internal IP addresses are not allowed"). Choose a tunnel for the PostHog route.`
        : selfHostedReach(`the database at ${settings.host}`),
    );
  }
  if (settings.tls.mode === "disable") {
    findings.warnings.push(
      `TLS is disabled, but PostHog requires TLS when it connects to ${settings.host} directly. Enable TLS on the server, or route PostHog through an SSH tunnel.`,
    );
  }
}

function checkTunnelRoute(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  findings: RouteFindings,
  posthogCloud: boolean,
): void {
  const endpoint = posthogTunnelEndpoint(settings);
  if (!endpoint || !settings.ssh) {
    findings.blockers.push(
      blocker(
        "POSTHOG_TUNNEL_MISSING",
        "The PostHog route uses an SSH tunnel, but the connection has no SSH user and authentication.",
        "Fill in the SSH tunnel section of the connection, or set the PostHog route to direct.",
        "ssh",
      ),
    );
    return;
  }

  checkTunnelEndpoint(endpoint, findings, posthogCloud);
  checkTunnelAuth(settings, secrets, findings);
}

function checkTunnelEndpoint(
  endpoint: { host: string; port: number },
  findings: RouteFindings,
  posthogCloud: boolean,
): void {
  if (FORBIDDEN_TUNNEL_PORTS.has(endpoint.port)) {
    const message = `PostHog rejects SSH tunnels on port ${endpoint.port} ("Port ${endpoint.port} is not allowed").`;
    findings.warnings.push(message);
    findings.blockers.push(
      blocker(
        "POSTHOG_TUNNEL_PORT",
        message,
        "Expose the bastion's SSH server on another port, such as 22, for the PostHog route.",
        "posthogRoute",
      ),
    );
  }
  if (isPrivateHost(endpoint.host)) {
    findings.warnings.push(
      posthogCloud
        ? `PostHog cloud rejects the private or local SSH tunnel host ${endpoint.host} ("SSH tunnel host not allowed"). Give the PostHog route a bastion address that is reachable from the internet.`
        : selfHostedReach(`the SSH bastion at ${endpoint.host}`),
    );
  }
}

function selfHostedReach(target: string): string {
  return `Your self-hosted PostHog must itself reach ${target}, a private or local address. This app cannot check that from here.`;
}

function checkTunnelAuth(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  findings: RouteFindings,
): void {
  const ssh = settings.ssh!;
  if (ssh.auth === "agent") {
    const message = `The SSH tunnel signs in as "${ssh.user}" with this machine's ssh-agent, which PostHog's workers cannot use.`;
    findings.warnings.push(message);
    findings.blockers.push(
      blocker(
        "POSTHOG_TUNNEL_AGENT_AUTH",
        message,
        "Give the tunnel a password or a private key for the PostHog route.",
        "ssh",
      ),
    );
    return;
  }

  const secret =
    ssh.auth === "password" ? secrets.sshPassword : secrets.sshPrivateKey;
  if (!secret) {
    const what = ssh.auth === "password" ? "SSH password" : "SSH private key";
    findings.blockers.push(
      blocker(
        "POSTHOG_TUNNEL_SECRET_MISSING",
        `No ${what} is stored for the tunnel user "${ssh.user}", and PostHog needs it to open the tunnel.`,
        `Enter the ${what} in the connection form and save it.`,
        ssh.auth === "password" ? "sshPassword" : "sshPrivateKey",
      ),
    );
  }
}
