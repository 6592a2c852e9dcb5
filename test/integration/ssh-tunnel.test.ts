import { connect } from "node:net";
import type { Duplex } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshSession } from "../../main/ssh/types";
import { freePort } from "../support/ports";
import {
  PRIVATE_DB_HOST,
  startPrivateNetwork,
  type PrivateNetwork,
} from "../support/private-network";
import {
  bastionSettings,
  captureError,
  createTestFactory,
  trustBastion,
  type TestFactory,
} from "./ssh-test-helpers";

/** Sends PostgreSQL's SSLRequest and returns the server's one-byte reply (`S` or `N`). */
async function askForTls(channel: Duplex): Promise<string> {
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(80877103, 4);
  const answer = new Promise<string>((resolve, reject) => {
    channel.once("data", (chunk: Buffer) =>
      resolve(chunk.toString("latin1", 0, 1)),
    );
    channel.once("error", reject);
  });
  channel.write(request);
  return answer;
}

/** Resolves when the socket closes, or with "open" after `timeoutMs`. */
function closedWithin(
  socket: NodeJS.EventEmitter,
  timeoutMs: number,
): Promise<"closed" | "open"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("open"), timeoutMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
  });
}

describe("database behind a bastion", () => {
  let network: PrivateNetwork;
  let test: TestFactory;
  let session: SshSession;

  beforeAll(async () => {
    network = await startPrivateNetwork();
    test = createTestFactory();
    await trustBastion(test.knownHosts, network.bastion);
    session = await test.factory.open({
      settings: bastionSettings(network.bastion, "password"),
      secrets: { sshPassword: network.bastion.password },
    });
  });

  afterAll(async () => {
    await session?.close();
    await network?.stop();
  });

  it("database port is closed from the host", async () => {
    const socket = connect({ host: "127.0.0.1", port: network.database.port });
    const outcome = await new Promise<string>((resolve) => {
      socket.once("connect", () => resolve("connected"));
      socket.once("error", (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? "error"),
      );
    });
    socket.destroy();

    expect(outcome).toBe("ECONNREFUSED");
  });

  it("forwardOut reaches db.internal", async () => {
    const channel = await session.forwardOut(
      PRIVATE_DB_HOST,
      network.database.port,
    );

    expect(await askForTls(channel)).toBe("N");
    expect(test.lookedUp).not.toContain(PRIVATE_DB_HOST);
    channel.destroy();
  });

  it("forwardOut reaches 127.0.0.1 on the bastion", async () => {
    const channel = await session.forwardOut(
      "127.0.0.1",
      network.database.port,
    );

    expect(await askForTls(channel)).toBe("N");
    channel.destroy();
  });

  it("pg queries through a local forward", async () => {
    const forward = await session.openLocalForward(
      PRIVATE_DB_HOST,
      network.database.port,
    );
    const client = new pg.Client({
      host: forward.host,
      port: forward.port,
      user: "postgres",
      password: network.database.superuserPassword,
      database: "postgres",
    });

    try {
      await client.connect();
      const result = await client.query<{ answer: number }>(
        "SELECT 42 AS answer",
      );
      expect(result.rows[0]?.answer).toBe(42);
      expect(test.lookedUp).not.toContain(PRIVATE_DB_HOST);
    } finally {
      await client.end();
      await forward.close();
    }
  });

  it("forward failure keeps the bastion's reason", async () => {
    const closedPort = await freePort();

    const error = await captureError(() =>
      session.forwardOut(PRIVATE_DB_HOST, closedPort),
    );

    expect(error.kind).toBe("ssh-forward");
    expect(error.shape.layer).toBe("port-forward");
    expect(error.message).toContain(`${PRIVATE_DB_HOST}:${closedPort}`);
    expect(error.message).toContain('reported "Connection refused"');
    expect(error.shape.detail).toBe(
      "(SSH) Channel open failure: Connection refused",
    );
    expect(session.closed).toBe(false);
  });

  it("unknown name on the bastion", async () => {
    const error = await captureError(() =>
      session.forwardOut("missing.internal", 5432),
    );

    expect(error.kind).toBe("ssh-forward");
    expect(error.message).toContain("missing.internal:5432");
    expect(error.message).toContain("name resolution");
  });

  it("local forward closes a failed channel's socket", async () => {
    const closedPort = await freePort();
    const forward = await session.openLocalForward(PRIVATE_DB_HOST, closedPort);

    try {
      const socket = connect({ host: forward.host, port: forward.port });
      socket.on("error", () => undefined);

      expect(await closedWithin(socket, 5_000)).toBe("closed");
    } finally {
      await forward.close();
    }
  });

  it("closing the session closes its listeners", async () => {
    const own = await test.factory.open({
      settings: bastionSettings(network.bastion, "password"),
      secrets: { sshPassword: network.bastion.password },
    });
    const forward = await own.openLocalForward(
      PRIVATE_DB_HOST,
      network.database.port,
    );

    await own.close();

    const socket = connect({ host: forward.host, port: forward.port });
    const outcome = await new Promise<string>((resolve) => {
      socket.once("connect", () => resolve("connected"));
      socket.once("error", (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? "error"),
      );
    });
    socket.destroy();
    expect(own.closed).toBe(true);
    expect(outcome).toBe("ECONNREFUSED");
  });
});
