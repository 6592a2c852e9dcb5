import type { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import { SshSessionPool } from "../../main/ssh/session-pool";
import type {
  LocalForward,
  SshConnectOptions,
  SshSession,
  SshSessionFactory,
} from "../../main/ssh/types";

/** A session double: the pool only reads `closed` and calls `close`. */
class StubSession implements SshSession {
  closed = false;
  closeCalls = 0;

  forwardOut(): Promise<Duplex> {
    return Promise.reject(new Error("not used"));
  }

  openLocalForward(): Promise<LocalForward> {
    return Promise.reject(new Error("not used"));
  }

  close(): Promise<void> {
    this.closeCalls += 1;
    this.closed = true;
    return Promise.resolve();
  }
}

class CountingFactory implements SshSessionFactory {
  readonly opened: StubSession[] = [];
  failNext = false;

  async open(): Promise<SshSession> {
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error("open failed");
    }
    const session = new StubSession();
    this.opened.push(session);
    return session;
  }
}

function options(password = "secret"): SshConnectOptions {
  return {
    settings: { host: "bastion", port: 22, user: "deploy", auth: "password" },
    secrets: { sshPassword: password },
  };
}

describe("SshSessionPool", () => {
  it("reuses an open session", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);

    const first = await pool.acquire("c1", options());
    const second = await pool.acquire("c1", options());

    expect(second).toBe(first);
    expect(factory.opened.length).toBe(1);
  });

  it("shares a concurrent opening", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);

    const [first, second] = await Promise.all([
      pool.acquire("c1", options()),
      pool.acquire("c1", options()),
    ]);

    expect(second).toBe(first);
    expect(factory.opened.length).toBe(1);
  });

  it("replaces a closed session", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);
    const first = (await pool.acquire("c1", options())) as StubSession;
    first.closed = true;

    const second = await pool.acquire("c1", options());

    expect(second).not.toBe(first);
    expect(factory.opened.length).toBe(2);
  });

  it("does not keep a failed opening", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);
    factory.failNext = true;

    await expect(pool.acquire("c1", options())).rejects.toThrow("open failed");
    const session = await pool.acquire("c1", options());

    expect(session.closed).toBe(false);
    expect(factory.opened.length).toBe(1);
  });

  it("reopens when secrets change", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);
    const first = (await pool.acquire("c1", options("old"))) as StubSession;

    const second = await pool.acquire("c1", options("new"));

    expect(second).not.toBe(first);
    expect(first.closeCalls).toBe(1);
  });

  it("keeps keys apart", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);

    const first = await pool.acquire("c1", options());
    const second = await pool.acquire("c2", options());

    expect(second).not.toBe(first);
  });

  it("closeAll closes every session", async () => {
    const factory = new CountingFactory();
    const pool = new SshSessionPool(factory);
    await pool.acquire("c1", options());
    await pool.acquire("c2", options());

    await pool.closeAll();

    expect(factory.opened.map((session) => session.closeCalls)).toEqual([1, 1]);
  });
});
