import { connect, createServer, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SshSessionPool } from "../../main/ssh/session-pool";
import type { SshConnectOptions } from "../../main/ssh/types";
import { Bastion } from "../support/sshd";
import {
  bastionHostKey,
  bastionSettings,
  createTestFactory,
  trustBastion,
} from "./ssh-test-helpers";

/** Listens on 127.0.0.1:0 and returns the server with its port. */
async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

/** Starts a TCP echo server on 127.0.0.1 as the target of forwarded channels. */
async function startEchoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
  return { server, port: await listen(server) };
}

/**
 * A TCP proxy on 127.0.0.1 in front of the bastion that cuts every connection idle for longer
 * than `idleLimitMs`, as a NAT gateway or firewall drops idle flows.
 */
class IdleCuttingProxy {
  cuts = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly idleLimitMs: number,
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  async start(): Promise<this> {
    this.port = await listen(this.server);
    return this;
  }

  private relay(client: Socket): void {
    const upstream = connect({ host: "127.0.0.1", port: this.targetPort });
    let lastActivity = Date.now();
    const touch = () => {
      lastActivity = Date.now();
    };
    const cut = () => {
      clearInterval(watch);
      client.destroy();
      upstream.destroy();
    };
    const watch = setInterval(() => {
      if (Date.now() - lastActivity > this.idleLimitMs) {
        this.cuts += 1;
        cut();
      }
    }, 100);

    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("data", touch);
      socket.on("error", cut);
      socket.on("close", () => {
        this.sockets.delete(socket);
        cut();
      });
    }
    client.pipe(upstream).pipe(client);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function echoOnce(channel: Duplex, text: string): Promise<string> {
  const reply = new Promise<string>((resolve, reject) => {
    channel.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8")));
    channel.once("error", reject);
  });
  channel.write(text);
  return reply;
}

function closedWithin(
  stream: NodeJS.EventEmitter,
  timeoutMs: number,
): Promise<"closed" | "open"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("open"), timeoutMs);
    stream.once("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
  });
}

describe("idle connection cut between client and bastion", () => {
  const idleLimitMs = 3_000;
  let bastion: Bastion;
  let echo: { server: Server; port: number };

  beforeAll(async () => {
    bastion = await Bastion.start();
    echo = await startEchoServer();
  });

  afterAll(async () => {
    echo?.server.close();
    await bastion?.stop();
  });

  async function connectThrough(
    proxy: IdleCuttingProxy,
    keepaliveIntervalMs: number,
  ) {
    const test = createTestFactory({ keepaliveIntervalMs });
    await test.knownHosts.set(
      bastion.host,
      proxy.port,
      bastionHostKey(bastion),
    );
    const options: SshConnectOptions = {
      settings: { ...bastionSettings(bastion, "password"), port: proxy.port },
      secrets: { sshPassword: bastion.password },
    };
    return { test, options };
  }

  it("keepalive keeps an idle session", async () => {
    const proxy = await new IdleCuttingProxy(bastion.port, idleLimitMs).start();
    const { test, options } = await connectThrough(proxy, 1_000);

    try {
      const session = await test.factory.open(options);
      await sleep(idleLimitMs * 2);

      expect(proxy.cuts).toBe(0);
      expect(session.closed).toBe(false);
      const channel = await session.forwardOut("127.0.0.1", echo.port);
      expect(await echoOnce(channel, "still here")).toBe("still here");
      channel.destroy();
      await session.close();
    } finally {
      await proxy.close();
    }
  });

  it("pool replaces a cut session", async () => {
    const proxy = await new IdleCuttingProxy(bastion.port, idleLimitMs).start();
    // Without keepalive the idle session is cut, which the pool must notice.
    const { test, options } = await connectThrough(proxy, 0);
    const pool = new SshSessionPool(test.factory);

    try {
      const first = await pool.acquire("connection-1", options);
      expect(await pool.acquire("connection-1", options)).toBe(first);

      await sleep(idleLimitMs * 2);
      expect(proxy.cuts).toBe(1);
      expect(first.closed).toBe(true);

      const second = await pool.acquire("connection-1", options);
      expect(second).not.toBe(first);
      const channel = await second.forwardOut("127.0.0.1", echo.port);
      expect(await echoOnce(channel, "fresh")).toBe("fresh");
      channel.destroy();
    } finally {
      await pool.closeAll();
      await proxy.close();
    }
  });
});

describe("bastion closes an idle channel", () => {
  let bastion: Bastion;
  let echo: { server: Server; port: number };

  beforeAll(async () => {
    bastion = await Bastion.start({
      extraConfig: ["ChannelTimeout direct-tcpip=2s"],
    });
    echo = await startEchoServer();
  });

  afterAll(async () => {
    echo?.server.close();
    await bastion?.stop();
  });

  async function openSession() {
    const test = createTestFactory();
    await trustBastion(test.knownHosts, bastion);
    return test.factory.open({
      settings: bastionSettings(bastion, "password"),
      secrets: { sshPassword: bastion.password },
    });
  }

  it("next forwardOut opens a fresh channel", async () => {
    const session = await openSession();
    try {
      const channel = await session.forwardOut("127.0.0.1", echo.port);
      expect(await echoOnce(channel, "ping")).toBe("ping");

      expect(await closedWithin(channel, 8_000)).toBe("closed");
      expect(bastion.readLog()).toContain(
        "closing after 2 seconds of inactivity",
      );
      expect(session.closed).toBe(false);

      const fresh = await session.forwardOut("127.0.0.1", echo.port);
      expect(await echoOnce(fresh, "pong")).toBe("pong");
      fresh.destroy();
    } finally {
      await session.close();
    }
  });

  it("local forward socket closes, next one works", async () => {
    const session = await openSession();
    const forward = await session.openLocalForward("127.0.0.1", echo.port);
    try {
      const first = connect({ host: forward.host, port: forward.port });
      first.on("error", () => undefined);
      expect(await echoOnce(first, "one")).toBe("one");

      expect(await closedWithin(first, 8_000)).toBe("closed");

      const second = connect({ host: forward.host, port: forward.port });
      expect(await echoOnce(second, "two")).toBe("two");
      second.destroy();
    } finally {
      await forward.close();
      await session.close();
    }
  });
});
