import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { planAuthentication } from "../../main/ssh/auth";
import { authFailureError } from "../../main/ssh/auth-errors";
import type { SshTunnelSettings } from "../../shared/domain/connection";
import { AppError } from "../../shared/domain/errors";

const FAILED = "All configured authentication methods failed";

function settings(auth: SshTunnelSettings["auth"]): SshTunnelSettings {
  return { host: "bastion.example", port: 22, user: "deploy", auth };
}

function planError(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected planning to fail.");
}

const ed25519Key = ssh2.utils.generateKeyPairSync("ed25519").private;
const rsaKey = ssh2.utils.generateKeyPairSync("rsa", { bits: 2048 }).private;

/** Calls the plan's handler the way ssh2 does and returns what it chose. */
function nextMethod(
  plan: ReturnType<typeof planAuthentication>,
  methodsLeft: string[] | null,
): unknown {
  const handler = plan.authHandler as unknown as (
    methodsLeft: string[] | null,
  ) => unknown;
  return handler(methodsLeft);
}

describe("planAuthentication", () => {
  it("needs a password", () => {
    const error = planError(() =>
      planAuthentication(settings("password"), {}, undefined),
    );

    expect(error.code).toBe("SSH_PASSWORD_MISSING");
    expect(error.shape.field).toBe("sshPassword");
  });

  it("needs SSH_AUTH_SOCK for the agent", () => {
    const error = planError(() =>
      planAuthentication(settings("agent"), {}, undefined),
    );

    expect(error.code).toBe("SSH_AGENT_UNAVAILABLE");
    expect(error.message).toContain("SSH_AUTH_SOCK");
  });

  it("records the key type", () => {
    const plan = planAuthentication(
      settings("private-key"),
      { sshPrivateKey: rsaKey },
      undefined,
    );

    expect(plan.keyType).toBe("ssh-rsa");
  });

  it("tries none, then the chosen method", () => {
    const plan = planAuthentication(
      settings("password"),
      { sshPassword: "secret" },
      undefined,
    );

    expect(nextMethod(plan, null)).toEqual({
      type: "none",
      username: "deploy",
    });
    expect(nextMethod(plan, ["publickey", "password"])).toEqual({
      type: "password",
      username: "deploy",
      password: "secret",
    });
    expect(nextMethod(plan, ["publickey", "password"])).toBe(false);
    expect(plan.observations.methodsLeft).toEqual(["publickey", "password"]);
  });

  it("skips a method the server lacks", () => {
    const plan = planAuthentication(
      settings("password"),
      { sshPassword: "secret" },
      undefined,
    );
    nextMethod(plan, null);

    expect(nextMethod(plan, ["publickey"])).toBe(false);
  });

  it("agent counts as publickey", () => {
    const plan = planAuthentication(settings("agent"), {}, "/tmp/agent.sock");
    nextMethod(plan, null);

    expect(nextMethod(plan, ["publickey"])).toEqual({
      type: "agent",
      username: "deploy",
      agent: "/tmp/agent.sock",
    });
  });
});

describe("authFailureError", () => {
  it("wrong password", () => {
    const plan = planAuthentication(
      settings("password"),
      { sshPassword: "secret" },
      undefined,
    );
    plan.observations.methodsLeft = ["publickey", "password"];

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_PASSWORD_REJECTED");
    expect(error.message).toBe(
      "The SSH bastion bastion.example:22 rejected the password for the user deploy.",
    );
    expect(error.shape.detail).toBe(
      `${FAILED} (the server accepts: publickey,password)`,
    );
  });

  it("method the server does not offer", () => {
    const plan = planAuthentication(
      settings("password"),
      { sshPassword: "secret" },
      undefined,
    );
    plan.observations.methodsLeft = ["publickey"];

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_AUTH_METHOD_NOT_OFFERED");
    expect(error.message).toContain(
      "authentication for the user deploy, only publickey",
    );
  });

  it("rejected ed25519 key", () => {
    const plan = planAuthentication(
      settings("private-key"),
      { sshPrivateKey: ed25519Key },
      undefined,
    );

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_KEY_REJECTED");
    expect(error.shape.fix).toContain("authorized_keys");
    expect(error.shape.fix).not.toContain("RSA");
  });

  it("rejected RSA key explains signature algorithms", () => {
    const plan = planAuthentication(
      settings("private-key"),
      { sshPrivateKey: rsaKey },
      undefined,
    );

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_RSA_KEY_REJECTED");
    expect(error.shape.fix).toContain("rsa-sha2-256");
    expect(error.shape.fix).toContain("ssh-keygen -t ed25519");
  });

  it("RSA key with no mutual algorithm", () => {
    const plan = planAuthentication(
      settings("private-key"),
      { sshPrivateKey: rsaKey },
      undefined,
    );
    plan.debug("Skipping key authentication (no mutual hash algorithm)");

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_RSA_SIGNATURE_UNSUPPORTED");
    expect(error.shape.fix).toContain("ed25519");
  });

  it("agent that failed", () => {
    const plan = planAuthentication(settings("agent"), {}, "/tmp/agent.sock");
    plan.observations.agentErrors.push("connect ENOENT /tmp/agent.sock");

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_AGENT_FAILED");
    expect(error.message).toContain("/tmp/agent.sock");
  });

  it("agent keys all rejected", () => {
    const plan = planAuthentication(settings("agent"), {}, "/tmp/agent.sock");

    const error = authFailureError(
      plan,
      "bastion.example:22",
      "deploy",
      FAILED,
    );

    expect(error.code).toBe("SSH_AGENT_KEYS_REJECTED");
  });
});
