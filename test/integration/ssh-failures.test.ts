import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports";
import { Bastion } from "../support/sshd";
import {
  bastionSettings,
  captureError,
  connectionLines,
  createTestFactory,
  stepRecorder,
  trustBastion,
  type TestFactory,
} from "./ssh-test-helpers";

/** Starts a listener that accepts connections and never speaks SSH, so the handshake waits. */
async function listenSilently(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.on("close", () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, port };
}

describe("SSH connection failures", () => {
  let bastion: Bastion;
  let test: TestFactory;

  beforeAll(async () => {
    bastion = await Bastion.start();
    test = createTestFactory();
    await trustBastion(test.knownHosts, bastion);
  });

  afterAll(async () => {
    await bastion?.stop();
  });

  it("wrong SSH password", async () => {
    const recorder = stepRecorder();

    const error = await captureError(() =>
      test.factory.open({
        settings: bastionSettings(bastion, "password"),
        secrets: { sshPassword: "not-the-password" },
        onStep: recorder.onStep,
      }),
    );

    expect(error.kind).toBe("ssh-auth");
    expect(error.code).toBe("SSH_PASSWORD_REJECTED");
    expect(error.message).toContain(bastion.user);
    expect(error.shape.detail).toContain(
      "All configured authentication methods failed",
    );
    expect(recorder.steps.map((step) => [step.layer, step.status])).toEqual([
      ["dns", "passed"],
      ["tcp", "passed"],
      ["ssh-handshake", "passed"],
      ["ssh-auth", "failed"],
    ]);
  });

  it("closed bastion port", async () => {
    const closedPort = await freePort();
    const recorder = stepRecorder();

    const error = await captureError(() =>
      test.factory.open({
        settings: { ...bastionSettings(bastion, "password"), port: closedPort },
        secrets: { sshPassword: bastion.password },
        onStep: recorder.onStep,
      }),
    );

    expect(error.kind).toBe("unreachable");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.shape.layer).toBe("tcp");
    expect(error.message).toContain(`127.0.0.1:${closedPort}`);
    expect(recorder.steps.at(-1)?.status).toBe("failed");
  });

  it("unknown bastion host", async () => {
    const before = connectionLines(bastion).length;

    const error = await captureError(() =>
      test.factory.open({
        settings: {
          ...bastionSettings(bastion, "password"),
          host: "bastion.invalid",
        },
        secrets: { sshPassword: bastion.password },
      }),
    );

    expect(error.kind).toBe("dns");
    expect(error.code).toBe("ENOTFOUND");
    expect(error.shape.layer).toBe("dns");
    expect(error.message).toContain("bastion.invalid");
    expect(connectionLines(bastion).length).toBe(before);
  });

  it("unparseable key", async () => {
    test.lookedUp.length = 0;

    const error = await captureError(() =>
      test.factory.open({
        settings: bastionSettings(bastion, "private-key"),
        secrets: { sshPrivateKey: "this is not a key" },
      }),
    );

    expect(error.kind).toBe("ssh-key");
    expect(error.code).toBe("SSH_KEY_UNSUPPORTED_FORMAT");
    expect(error.message).toContain("BEGIN OPENSSH PRIVATE KEY");
    expect(test.lookedUp).toEqual([]);
  });

  it("damaged OpenSSH key", async () => {
    const damaged = [
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==",
      "-----END OPENSSH PRIVATE KEY-----",
    ].join("\n");

    const error = await captureError(() =>
      test.factory.open({
        settings: bastionSettings(bastion, "private-key"),
        secrets: { sshPrivateKey: damaged },
      }),
    );

    expect(error.code).toBe("SSH_KEY_INVALID");
    expect(error.shape.detail).toContain("Malformed OpenSSH private key");
  });

  it("agent without SSH_AUTH_SOCK", async () => {
    const error = await captureError(() =>
      test.factory.open({
        settings: bastionSettings(bastion, "agent"),
        secrets: {},
      }),
    );

    expect(error.code).toBe("SSH_AGENT_UNAVAILABLE");
    expect(error.message).toContain("SSH_AUTH_SOCK");
  });

  it("abort during the handshake", async () => {
    const silent = await listenSilently();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);

    try {
      const started = Date.now();
      const error = await captureError(() =>
        test.factory.open({
          settings: {
            ...bastionSettings(bastion, "password"),
            port: silent.port,
          },
          secrets: { sshPassword: bastion.password },
          signal: controller.signal,
        }),
      );

      expect(error.kind).toBe("cancelled");
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.server.close();
    }
  });

  it("silent server times out", async () => {
    const silent = await listenSilently();
    const quick = createTestFactory({ readyTimeoutMs: 1_000 });

    try {
      const error = await captureError(() =>
        quick.factory.open({
          settings: {
            ...bastionSettings(bastion, "password"),
            port: silent.port,
          },
          secrets: { sshPassword: bastion.password },
        }),
      );

      expect(error.kind).toBe("timed-out");
      expect(error.code).toBe("SSH_READY_TIMEOUT");
      expect(error.shape.layer).toBe("ssh-handshake");
    } finally {
      silent.server.close();
    }
  });
});
