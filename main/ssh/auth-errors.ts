import type { AuthenticationType } from "ssh2";
import { AppError } from "../../shared/domain/errors";
import type { AuthPlan } from "./auth";

/**
 * Explains "All configured authentication methods failed" from what the exchange revealed.
 * The causes it names are a method the server does not offer, a rejected password, a rejected
 * key (with the RSA signature algorithm explanation for RSA keys) and an agent problem.
 */
export function authFailureError(
  plan: AuthPlan,
  bastion: string,
  user: string,
  detail: string,
): AppError {
  const base = {
    kind: "ssh-auth" as const,
    layer: "ssh-auth" as const,
    detail: withMethodsLeft(detail, plan.observations.methodsLeft),
  };
  const offered = plan.observations.methodsLeft;
  // The agent signs with its keys through the `publickey` method.
  const sshName = plan.method === "password" ? "password" : "publickey";
  if (offered !== null && !offered.includes(sshName)) {
    return new AppError({
      ...base,
      code: "SSH_AUTH_METHOD_NOT_OFFERED",
      message: `The SSH bastion ${bastion} does not accept ${sshName} authentication for the user ${user}, only ${offered.join(", ") || "no method"}.`,
      fix: "Choose an authentication method the bastion accepts, or ask its administrator to allow this one.",
    });
  }

  switch (plan.method) {
    case "password":
      return new AppError({
        ...base,
        code: "SSH_PASSWORD_REJECTED",
        message: `The SSH bastion ${bastion} rejected the password for the user ${user}.`,
        fix: "Check the SSH user name and password.",
        field: "sshPassword",
      });
    case "private-key":
      return keyRejectedError(plan, bastion, user, base);
    case "agent":
      return agentRejectedError(plan, bastion, user, base);
  }
}

function keyRejectedError(
  plan: AuthPlan,
  bastion: string,
  user: string,
  base: { kind: "ssh-auth"; layer: "ssh-auth"; detail: string },
): AppError {
  const authorize = `Check that the key's public key is in the authorized_keys of ${user} on the bastion.`;
  if (plan.keyType !== "ssh-rsa") {
    return new AppError({
      ...base,
      code: "SSH_KEY_REJECTED",
      message: `The SSH bastion ${bastion} rejected the ${plan.keyType ?? "private"} key for the user ${user}.`,
      fix: authorize,
      field: "sshPrivateKey",
    });
  }

  if (plan.observations.noMutualRsaAlgorithm) {
    return new AppError({
      ...base,
      code: "SSH_RSA_SIGNATURE_UNSUPPORTED",
      message: `The SSH bastion ${bastion} accepts no RSA signature algorithm (rsa-sha2-256, rsa-sha2-512 or ssh-rsa), so it cannot accept this RSA key.`,
      fix: "Use an ed25519 key (create one with ssh-keygen -t ed25519) and add its public key to the bastion user's authorized_keys.",
      field: "sshPrivateKey",
    });
  }

  // OpenSSH 9.2 lists every RSA algorithm in server-sig-algs whatever PubkeyAcceptedAlgorithms
  // allows, and rejects an unknown key and a disallowed algorithm alike, so both causes remain.
  return new AppError({
    ...base,
    code: "SSH_RSA_KEY_REJECTED",
    message: `The SSH bastion ${bastion} rejected the RSA key for the user ${user}.`,
    fix: `${authorize} If it is, the server probably accepts no RSA signature algorithm (for example PubkeyAcceptedAlgorithms without rsa-sha2-256 and rsa-sha2-512, since OpenSSH 8.8 disables ssh-rsa by default), so use an ed25519 key instead (create one with ssh-keygen -t ed25519).`,
    field: "sshPrivateKey",
  });
}

function agentRejectedError(
  plan: AuthPlan,
  bastion: string,
  user: string,
  base: { kind: "ssh-auth"; layer: "ssh-auth"; detail: string },
): AppError {
  const agentError = plan.observations.agentErrors[0];
  if (agentError !== undefined) {
    return new AppError({
      ...base,
      code: "SSH_AGENT_FAILED",
      message: `The SSH agent at ${plan.agentSocket ?? "SSH_AUTH_SOCK"} could not be used (${agentError}).`,
      fix: "Check that ssh-agent is running and that SSH_AUTH_SOCK points to its socket.",
    });
  }

  return new AppError({
    ...base,
    code: "SSH_AGENT_KEYS_REJECTED",
    message: `The SSH bastion ${bastion} accepted none of the SSH agent's keys for the user ${user}.`,
    fix: "Add the right key to the agent with ssh-add (ssh-add -l lists its keys), and its public key to the bastion user's authorized_keys.",
  });
}

function withMethodsLeft(
  detail: string,
  methodsLeft: AuthenticationType[] | null,
): string {
  if (methodsLeft === null) {
    return detail;
  }
  return `${detail} (the server accepts: ${methodsLeft.join(",")})`;
}
