import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshConnectOptions } from "../../main/ssh/types";
import { Bastion } from "../support/sshd";
import {
  bastionSettings,
  captureError,
  createTestFactory,
  stepRecorder,
  type TestFactory,
} from "./ssh-test-helpers";

function authAttempts(bastion: Bastion): number {
  return bastion
    .readLog()
    .split("\n")
    .filter((line) => line.includes("userauth-request")).length;
}

describe("host key verification", () => {
  let bastion: Bastion;
  let test: TestFactory;
  let connect: SshConnectOptions;
  let firstFingerprint: string;

  beforeAll(async () => {
    bastion = await Bastion.start();
    test = createTestFactory();
    connect = {
      settings: bastionSettings(bastion, "password"),
      secrets: { sshPassword: bastion.password },
    };
  });

  afterAll(async () => {
    await bastion?.stop();
  });

  it("first contact reports an unknown key", async () => {
    const recorder = stepRecorder();

    const error = await captureError(() =>
      test.factory.open({ ...connect, onStep: recorder.onStep }),
    );

    firstFingerprint = await bastion.hostKeyFingerprint();
    expect(error.kind).toBe("ssh-host-key-unknown");
    expect(error.shape.hostKey).toEqual({
      host: bastion.host,
      port: bastion.port,
      algorithm: "ssh-ed25519",
      fingerprint: firstFingerprint,
    });
    expect(recorder.steps.map((step) => [step.layer, step.status])).toEqual([
      ["dns", "passed"],
      ["tcp", "passed"],
      ["ssh-handshake", "failed"],
    ]);
    expect(test.knownHosts.entries.size).toBe(0);
    expect(authAttempts(bastion)).toBe(0);
  });

  it("trust rejects another fingerprint", async () => {
    const wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    const error = await captureError(() =>
      test.hostKeys.trustPending(bastion.host, bastion.port, wrong),
    );

    expect(error.code).toBe("SSH_HOST_KEY_FINGERPRINT_MISMATCH");
    expect(test.knownHosts.entries.size).toBe(0);
  });

  it("connects after trust", async () => {
    await test.hostKeys.trustPending(
      bastion.host,
      bastion.port,
      firstFingerprint,
    );

    const session = await test.factory.open(connect);

    expect(session.closed).toBe(false);
    await session.close();
  });

  it("changed key stops before credentials", async () => {
    await bastion.regenerateHostKeys();
    const newFingerprint = await bastion.hostKeyFingerprint();
    const attemptsBefore = authAttempts(bastion);

    const error = await captureError(() => test.factory.open(connect));

    expect(error.kind).toBe("ssh-host-key-changed");
    expect(error.shape.hostKey?.previousFingerprint).toBe(firstFingerprint);
    expect(error.shape.hostKey?.fingerprint).toBe(newFingerprint);
    expect(newFingerprint).not.toBe(firstFingerprint);
    expect(error.message).toContain(firstFingerprint);
    expect(error.message).toContain(newFingerprint);
    expect(authAttempts(bastion)).toBe(attemptsBefore);
  });

  it("changed key needs explicit re-trust", async () => {
    const again = await captureError(() => test.factory.open(connect));
    expect(again.kind).toBe("ssh-host-key-changed");

    const newFingerprint = await bastion.hostKeyFingerprint();
    await test.hostKeys.trustPending(
      bastion.host,
      bastion.port,
      newFingerprint,
    );
    const session = await test.factory.open(connect);

    expect(session.closed).toBe(false);
    await session.close();
  });

  it("trust without a pending key fails", async () => {
    const error = await captureError(() =>
      test.hostKeys.trustPending(bastion.host, bastion.port, firstFingerprint),
    );

    expect(error.code).toBe("SSH_HOST_KEY_NOT_PENDING");
  });
});
