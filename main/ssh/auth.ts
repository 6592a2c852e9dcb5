import type {
  AnyAuthMethod,
  AuthenticationType,
  AuthHandlerMiddleware,
} from "ssh2";
import { AppError } from "../../shared/domain/errors";
import type { SshTunnelSettings } from "../../shared/domain/connection";
import { inspectPrivateKey } from "./private-key";
import type { SshSecrets } from "./types";

/** Facts the authentication exchange revealed, used to explain a failure. */
export interface AuthObservations {
  /** The methods the server still accepts, from its last USERAUTH_FAILURE. */
  methodsLeft: AuthenticationType[] | null;
  /** ssh2 skipped the key because the server's `server-sig-algs` lists no RSA algorithm. */
  noMutualRsaAlgorithm: boolean;
  agentErrors: string[];
}

export interface AuthPlan {
  method: SshTunnelSettings["auth"];
  /** SSH key type of the private key, such as `ssh-rsa`. */
  keyType?: string;
  /** Agent socket path, from SSH_AUTH_SOCK. */
  agentSocket?: string;
  authHandler: AuthHandlerMiddleware;
  /** Receives ssh2's debug lines and keeps only the fact that explains an RSA key failure. */
  debug: (line: string) => void;
  observations: AuthObservations;
}

/**
 * Prepares authentication before any network call. It checks that the method's secret is
 * present and decrypts a private key, raising its `ssh-key` errors. The handler tries `none`
 * first, which reveals the methods the server accepts, and then the chosen method once.
 */
export function planAuthentication(
  settings: SshTunnelSettings,
  secrets: SshSecrets,
  agentSocket: string | undefined,
): AuthPlan {
  const observations: AuthObservations = {
    methodsLeft: null,
    noMutualRsaAlgorithm: false,
    agentErrors: [],
  };
  const { method, keyType } = chosenMethod(settings, secrets, agentSocket);
  const queue: AnyAuthMethod[] = [
    { type: "none", username: settings.user },
    method,
  ];

  return {
    method: settings.auth,
    ...(keyType === undefined ? {} : { keyType }),
    ...(settings.auth === "agent" ? { agentSocket } : {}),
    // ssh2 1.17 takes the method the handler returns, and `false` means "no more methods"
    // (both in its README), although the declared handler type returns void.
    authHandler: (methodsLeft) =>
      nextAuthMethod(queue, methodsLeft, observations),
    debug: (line) => observeDebugLine(line, observations),
    observations,
  };
}

/** Takes the next queued method, or `false` once none is left that the server accepts. */
function nextAuthMethod(
  queue: AnyAuthMethod[],
  methodsLeft: AuthenticationType[] | null,
  observations: AuthObservations,
): AnyAuthMethod | false {
  if (methodsLeft !== null) {
    observations.methodsLeft = methodsLeft;
  }
  const next = queue.shift();
  if (next === undefined) {
    return false;
  }

  // The agent signs with its keys through the `publickey` method.
  const wireName = next.type === "agent" ? "publickey" : next.type;
  if (methodsLeft !== null && !methodsLeft.includes(wireName)) {
    return false;
  }
  return next;
}

function chosenMethod(
  settings: SshTunnelSettings,
  secrets: SshSecrets,
  agentSocket: string | undefined,
): { method: AnyAuthMethod; keyType?: string } {
  const username = settings.user;
  switch (settings.auth) {
    case "password":
      if (!secrets.sshPassword) {
        throw new AppError({
          kind: "ssh-auth",
          code: "SSH_PASSWORD_MISSING",
          message: `No SSH password was given for the user ${username}.`,
          fix: "Enter the SSH password, or choose another authentication method.",
          field: "sshPassword",
        });
      }
      return {
        method: { type: "password", username, password: secrets.sshPassword },
      };
    case "private-key": {
      const inspected = inspectPrivateKey(
        secrets.sshPrivateKey,
        secrets.sshPassphrase,
      );
      return {
        method: { type: "publickey", username, key: inspected.key },
        keyType: inspected.type,
      };
    }
    case "agent":
      if (!agentSocket) {
        throw new AppError({
          kind: "ssh-auth",
          code: "SSH_AGENT_UNAVAILABLE",
          message:
            "SSH agent authentication was chosen, but SSH_AUTH_SOCK is not set, so no agent is reachable.",
          fix: "Start ssh-agent, add your key with ssh-add and start the app from that session, or choose password or private key authentication.",
          layer: "ssh-auth",
        });
      }
      return { method: { type: "agent", username, agent: agentSocket } };
  }
}

// ssh2 1.17 (lib/client.js) logs this line when it skips an RSA key because the server's
// server-sig-algs lists no RSA algorithm. ssh2 exposes that list in no other way.
function observeDebugLine(line: string, observations: AuthObservations): void {
  if (line.includes("no mutual hash algorithm")) {
    observations.noMutualRsaAlgorithm = true;
  }
}

/** Records an error ssh2 emits at level `agent`, after which ssh2 goes on without the agent. */
export function observeAgentError(
  message: string,
  observations: AuthObservations,
): void {
  observations.agentErrors.push(message);
}
