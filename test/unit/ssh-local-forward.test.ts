import { connect, createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../shared/domain/errors";
import { LocalForwardServer } from "../../main/ssh/local-forward";

// A real TCP echo server replaces the SSH channel, so the piping runs on real sockets.
let echo: Server;
let echoPort: number;
const echoSockets = new Set<Socket>();

beforeEach(async () => {
  echo = createServer((socket) => {
    echoSockets.add(socket);
    socket.on("close", () => echoSockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  const address = echo.address();
  echoPort = typeof address === "object" && address ? address.port : 0;
});

afterEach(async () => {
  for (const socket of echoSockets) socket.destroy();
  await new Promise((resolve) => echo.close(resolve));
});

function openEchoChannel(): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: echoPort });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

function connectTo(forward: LocalForwardServer): Socket {
  const socket = connect({ host: forward.host, port: forward.port });
  socket.on("error", () => undefined);
  return socket;
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8")));
    socket.write(text);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once("close", () => resolve());
  });
}

describe("LocalForwardServer", () => {
  it("listens on loopback", async () => {
    const forward = await LocalForwardServer.listen(openEchoChannel, "echo");

    expect(forward.host).toBe("127.0.0.1");
    expect(forward.port).toBeGreaterThan(0);
    await forward.close();
  });

  it("pipes through a fresh channel per socket", async () => {
    let channels = 0;
    const forward = await LocalForwardServer.listen(() => {
      channels += 1;
      return openEchoChannel();
    }, "echo");
    const first = connectTo(forward);
    const second = connectTo(forward);

    expect(await roundTrip(first, "one")).toBe("one");
    expect(await roundTrip(second, "two")).toBe("two");
    expect(channels).toBe(2);
    first.destroy();
    second.destroy();
    await forward.close();
  });

  it("failed channel destroys the socket", async () => {
    const forward = await LocalForwardServer.listen(
      () => Promise.reject(new Error("channel open failed")),
      "echo",
    );
    const socket = connectTo(forward);

    await closed(socket);

    expect(socket.destroyed).toBe(true);
    await forward.close();
  });

  it("starts without a channel error", async () => {
    const forward = await LocalForwardServer.listen(openEchoChannel, "echo");

    expect(forward.lastChannelError).toBeUndefined();
    await forward.close();
  });

  it("keeps the channel's AppError", async () => {
    const channelFailure = new AppError({
      kind: "ssh-forward",
      code: "SSH_CHANNEL_OPEN_FAILED",
      message: "The bastion could not open a connection to db:5432.",
      layer: "port-forward",
    });
    const forward = await LocalForwardServer.listen(
      () => Promise.reject(channelFailure),
      "db:5432",
    );

    await closed(connectTo(forward));

    expect(forward.lastChannelError).toBe(channelFailure);
    await forward.close();
  });

  it("wraps a plain channel error", async () => {
    const forward = await LocalForwardServer.listen(
      () => Promise.reject(new Error("channel open failed")),
      "db:5432",
    );

    await closed(connectTo(forward));
    const error = forward.lastChannelError;

    expect(error?.kind).toBe("ssh-forward");
    expect(error?.shape.layer).toBe("port-forward");
    expect(error?.message).toContain("db:5432");
    expect(error?.shape.detail).toBe("channel open failed");
    await forward.close();
  });

  it("clears the error after an open succeeds", async () => {
    let fail = true;
    const forward = await LocalForwardServer.listen(() => {
      if (fail) return Promise.reject(new Error("channel open failed"));
      return openEchoChannel();
    }, "echo");
    await closed(connectTo(forward));

    fail = false;
    const socket = connectTo(forward);
    await roundTrip(socket, "hello");

    expect(forward.lastChannelError).toBeUndefined();
    socket.destroy();
    await forward.close();
  });

  it("closed channel closes the socket", async () => {
    const forward = await LocalForwardServer.listen(openEchoChannel, "echo");
    const socket = connectTo(forward);
    await roundTrip(socket, "hello");

    for (const echoSocket of echoSockets) echoSocket.destroy();
    await closed(socket);

    expect(socket.destroyed).toBe(true);
    await forward.close();
  });

  it("close destroys open sockets", async () => {
    const forward = await LocalForwardServer.listen(openEchoChannel, "echo");
    const socket = connectTo(forward);
    await roundTrip(socket, "hello");

    await forward.close();
    await closed(socket);

    expect(socket.destroyed).toBe(true);
  });
});
