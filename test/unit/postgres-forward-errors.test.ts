import { createServer, type Server } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../shared/domain/connection";
import { AppError } from "../../shared/domain/errors";
import { PostgresConnector } from "../../main/connectors/postgres/connector";
import { DEFAULT_TIMEOUTS } from "../../main/connectors/postgres/dependencies";
import {
  openForwardRoute,
  type DatabaseRoute,
} from "../../main/connectors/postgres/route";
import {
  buildClientConfig,
  PostgresSession,
} from "../../main/connectors/postgres/session";
import { LocalForwardServer } from "../../main/ssh/local-forward";
import type { LocalForward, SshSession } from "../../main/ssh/types";
import { loopbackOnlyLookup } from "../support/lookup";

const SETTINGS: PostgresConnectionSettings = {
  name: "test",
  host: "db.internal",
  port: 5433,
  database: "chinook",
  user: "analyst",
  schema: "",
  tls: { mode: "disable" },
  ssh: { host: "127.0.0.1", port: 22, user: "tunnel", auth: "password" },
  posthogRoute: { kind: "same-tunnel" },
};
const SECRETS: ConnectionSecrets = { password: "pw", sshPassword: "ssh-pw" };

const CONNECTION_REFUSED = new AppError({
  kind: "ssh-forward",
  code: "SSH_CHANNEL_OPEN_FAILED",
  message:
    'The SSH bastion 127.0.0.1:22 could not open a connection to db.internal:5433 and reported "Connection refused".',
  detail: "(SSH) Channel open failure: Connection refused",
  layer: "port-forward",
});

/** A session double whose every channel open fails, behind a real local listener. */
class ChannelFailureSession implements SshSession {
  closed = false;

  forwardOut(): Promise<Duplex> {
    return Promise.reject(CONNECTION_REFUSED);
  }

  openLocalForward(host: string, port: number): Promise<LocalForward> {
    return LocalForwardServer.listen(
      () => this.forwardOut(),
      `${host}:${port}`,
    );
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/**
 * Starts a TCP server on 127.0.0.1 that closes every connection at once, as a failed forward
 * does.
 */
async function startClosingServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, port };
}

function logIn(route: DatabaseRoute): Promise<PostgresSession> {
  const config = buildClientConfig(SETTINGS, SECRETS, route, DEFAULT_TIMEOUTS);
  return PostgresSession.connect(config, route, undefined);
}

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to fail, but it succeeded.");
}

describe("login over a failed forward", () => {
  let closingServer: Server | undefined;

  afterEach(async () => {
    const server = closingServer;
    closingServer = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  it("raises the channel error", async () => {
    const session = new ChannelFailureSession();
    const route = await openForwardRoute(session, "db.internal", 5433);

    const error = await failureOf(() => logIn(route));
    await route.close();

    expect(error).toBe(CONNECTION_REFUSED);
  });

  it("keeps pg's error on a direct route", async () => {
    const closing = await startClosingServer();
    closingServer = closing.server;
    const route: DatabaseRoute = {
      kind: "direct",
      host: "127.0.0.1",
      port: closing.port,
      close: () => Promise.resolve(),
    };

    const error = await failureOf(() => logIn(route));

    expect(error).not.toBeInstanceOf(AppError);
    expect(String(error)).toMatch(/Connection terminated/);
  });

  it("discover raises ssh-forward", async () => {
    const session = new ChannelFailureSession();
    const connector = new PostgresConnector({
      lookup: loopbackOnlyLookup(),
      sshSessionFactory: { open: () => Promise.resolve(session) },
    });

    const error = await failureOf(() => connector.discover(SETTINGS, SECRETS));

    expect(error).toBe(CONNECTION_REFUSED);
    expect(session.closed).toBe(true);
  });
});
