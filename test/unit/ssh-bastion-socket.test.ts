import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { Lookup } from "../../main/net/lookup";
import {
  connectToBastion,
  resolveBastion,
} from "../../main/ssh/bastion-socket";
import { AppError } from "../../shared/domain/errors";
import { loopbackOnlyLookup } from "../support/lookup";

async function rejection(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected a rejection.");
}

/** Returns a port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

const neverResolves: Lookup = () => new Promise(() => undefined);

describe("resolveBastion", () => {
  it("returns the address", async () => {
    const address = await resolveBastion(
      loopbackOnlyLookup({ "bastion.test": "127.0.0.1" }),
      "bastion.test",
      1_000,
      undefined,
    );

    expect(address).toEqual({ address: "127.0.0.1", family: 4 });
  });

  it("unknown name is a dns error", async () => {
    const error = await rejection(
      resolveBastion(loopbackOnlyLookup(), "nowhere.test", 1_000, undefined),
    );

    expect(error.kind).toBe("dns");
    expect(error.code).toBe("ENOTFOUND");
    expect(error.shape.layer).toBe("dns");
    expect(error.shape.detail).toContain("ENOTFOUND");
  });

  it("slow lookup times out", async () => {
    const error = await rejection(
      resolveBastion(neverResolves, "slow.test", 50, undefined),
    );

    expect(error.kind).toBe("timed-out");
    expect(error.code).toBe("DNS_TIMEOUT");
  });

  it("abort cancels the lookup", async () => {
    const controller = new AbortController();
    const resolving = resolveBastion(
      neverResolves,
      "slow.test",
      5_000,
      controller.signal,
    );
    controller.abort();

    expect((await rejection(resolving)).kind).toBe("cancelled");
  });
});

describe("connectToBastion", () => {
  it("refused port is unreachable", async () => {
    const port = await closedPort();

    const error = await rejection(
      connectToBastion(
        { address: "127.0.0.1", family: 4 },
        port,
        1_000,
        undefined,
      ),
    );

    expect(error.kind).toBe("unreachable");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.shape.layer).toBe("tcp");
  });

  it("connects to a listener", async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;

    const socket = await connectToBastion(
      { address: "127.0.0.1", family: 4 },
      port,
      1_000,
      undefined,
    );

    expect(socket.remotePort).toBe(port);
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("abort before connecting", async () => {
    const controller = new AbortController();
    controller.abort();

    const error = await rejection(
      connectToBastion(
        { address: "127.0.0.1", family: 4 },
        await closedPort(),
        1_000,
        controller.signal,
      ),
    );

    expect(error.kind).toBe("cancelled");
  });
});
