import { describe, expect, it } from "vitest";
import { IpcRegistry } from "../../main/ipc/registry";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import { OperationRegistry } from "../../main/services/operations";
import { AppError } from "../../shared/domain/errors";
import { CHANNELS, EVENTS } from "../../shared/ipc/channels";
import { contract, events, type IpcResult } from "../../shared/ipc/contract";
import type { PostHogAccount } from "../../shared/domain/posthog";

interface FakeSender {
  trusted: boolean;
}

const TRUSTED: FakeSender = { trusted: true };
const EMPTY_ACCOUNT: PostHogAccount = {
  signedIn: false,
  region: "us",
  host: "https://us.posthog.com",
  projects: [],
  projectId: null,
  userEmail: null,
};

function setup() {
  const sink = new MemoryLogSink();
  const redactor = new Redactor();
  const operations = new OperationRegistry();
  const registry = new IpcRegistry<FakeSender>({
    isTrustedSender: (sender) => sender.trusted,
    operations,
    logger: createLogger({ sink, redactor, level: "debug" }),
    redactor,
  });
  const emitted: Array<{ event: string; payload: unknown }> = [];
  const dispatch = (channel: string, request: unknown, sender = TRUSTED) =>
    registry.dispatch(channel, request, sender, (event, payload) => {
      emitted.push({ event, payload });
    });

  return { registry, operations, redactor, sink, emitted, dispatch };
}

function errorOf(result: IpcResult<unknown>) {
  if (result.ok) {
    throw new Error("Expected a failed result.");
  }

  return result.error;
}

describe("IPC contract", () => {
  it("lists every channel", () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
  });

  it("lists every event", () => {
    expect([...EVENTS].sort()).toEqual(Object.keys(events).sort());
  });
});

describe("IpcRegistry", () => {
  it("returns the handler's response", async () => {
    const { registry, dispatch } = setup();
    registry.register("posthog:get-account", () => EMPTY_ACCOUNT);

    const result = await dispatch("posthog:get-account", {});

    expect(result).toEqual({ ok: true, value: EMPTY_ACCOUNT });
  });

  it("rejects an unknown channel", async () => {
    const { dispatch } = setup();

    const error = errorOf(await dispatch("shell:run", {}));

    expect(error.code).toBe("IPC_UNKNOWN_CHANNEL");
  });

  it("rejects an untrusted sender", async () => {
    const { registry, dispatch } = setup();
    let called = false;
    registry.register("posthog:get-account", () => {
      called = true;
      return EMPTY_ACCOUNT;
    });

    const error = errorOf(
      await dispatch("posthog:get-account", {}, { trusted: false }),
    );

    expect(error.code).toBe("IPC_UNTRUSTED_SENDER");
    expect(called).toBe(false);
  });

  it("distrusts a failing sender check", async () => {
    const strict = new IpcRegistry<FakeSender>({
      isTrustedSender: () => {
        throw new Error("frame destroyed");
      },
      operations: new OperationRegistry(),
      logger: createLogger({
        sink: new MemoryLogSink(),
        redactor: new Redactor(),
      }),
      redactor: new Redactor(),
    });
    strict.register("posthog:get-account", () => EMPTY_ACCOUNT);

    const result = await strict.dispatch(
      "posthog:get-account",
      {},
      TRUSTED,
      () => {},
    );

    expect(errorOf(result).code).toBe("IPC_UNTRUSTED_SENDER");
  });

  it("names the invalid field path", async () => {
    const { registry, dispatch } = setup();
    registry.register("ssh:trust-host-key", () => ({ trusted: true }));

    const error = errorOf(
      await dispatch("ssh:trust-host-key", {
        host: "bastion",
        port: "22",
        fingerprint: "SHA256:x",
      }),
    );

    expect(error.kind).toBe("invalid-input");
    expect(error.field).toBe("port");
    expect(error.message).toContain("port");
  });

  it("names a nested field path", async () => {
    const { registry, dispatch } = setup();
    registry.register("setup:plan", () => {
      throw new Error("not reached");
    });

    const error = errorOf(
      await dispatch("setup:plan", {
        connectionId: "c1",
        prefix: "prod_",
        tables: [{ sourceName: "orders", syncType: "sometimes" }],
      }),
    );

    expect(error.field).toBe("tables.0.syncType");
  });

  it("rejects extra fields on empty requests", async () => {
    const { registry, dispatch } = setup();
    registry.register("connection:list", () => ({ connections: [] }));

    const error = errorOf(await dispatch("connection:list", { all: true }));

    expect(error.kind).toBe("invalid-input");
  });

  it("rejects an invalid response", async () => {
    const { registry, sink, dispatch } = setup();
    registry.register(
      "ssh:trust-host-key",
      () => ({ trusted: "yes" }) as never,
    );

    const error = errorOf(
      await dispatch("ssh:trust-host-key", {
        host: "bastion",
        port: 22,
        fingerprint: "SHA256:x",
      }),
    );

    expect(error.code).toBe("IPC_INVALID_RESPONSE");
    expect(sink.text()).toContain("does not match the contract");
  });

  it("strips fields the contract does not list", async () => {
    const { registry, dispatch } = setup();
    registry.register(
      "posthog:get-account",
      () => ({ ...EMPTY_ACCOUNT, apiKey: "phx_leak" }) as never,
    );

    const result = await dispatch("posthog:get-account", {});

    expect(JSON.stringify(result)).not.toContain("phx_leak");
  });

  it("passes an AppError's shape", async () => {
    const { registry, dispatch } = setup();
    const shape = {
      kind: "not-found" as const,
      code: "CONNECTION_NOT_FOUND",
      message: 'No saved connection has the id "c9".',
      field: "id",
    };
    registry.register("connection:delete", () => {
      throw new AppError(shape);
    });

    const error = errorOf(await dispatch("connection:delete", { id: "c9" }));

    expect(error).toEqual(shape);
  });

  it("hides unexpected error text", async () => {
    const { registry, redactor, dispatch } = setup();
    redactor.addSecret("db-pass-123");
    registry.register("connection:delete", () => {
      throw new TypeError("cannot read property of undefined near db-pass-123");
    });

    const error = errorOf(await dispatch("connection:delete", { id: "c1" }));

    expect(error.kind).toBe("internal");
    expect(error.message).toBe(
      "An unexpected error stopped the connection:delete request.",
    );
    expect(error.detail).toContain("cannot read property");
    expect(error.detail).not.toContain("db-pass-123");
  });

  it("redacts an AppError's detail", async () => {
    const { registry, redactor, dispatch } = setup();
    redactor.addSecret("db-pass-123");
    registry.register("connection:delete", () => {
      throw new AppError({
        kind: "auth-rejected",
        code: "PG_28P01",
        message: "Postgres rejected the password.",
        detail: "password db-pass-123 rejected",
      });
    });

    const error = errorOf(await dispatch("connection:delete", { id: "c1" }));

    expect(error.detail).not.toContain("db-pass-123");
  });

  it("reports a missing handler", async () => {
    const { dispatch } = setup();

    const error = errorOf(await dispatch("connection:list", {}));

    expect(error.code).toBe("IPC_NO_HANDLER");
  });

  it("rejects a second handler for a channel", () => {
    const { registry } = setup();
    registry.register("connection:list", () => ({ connections: [] }));

    expect(() =>
      registry.register("connection:list", () => ({ connections: [] })),
    ).toThrow("already registered");
  });
});

describe("IpcRegistry events", () => {
  const request = { host: "bastion", port: 22, fingerprint: "SHA256:x" };

  it("sends valid events", async () => {
    const { registry, emitted, dispatch } = setup();
    registry.register("ssh:trust-host-key", (_request, context) => {
      context.emit("operation:progress", {
        operationId: "op-1",
        message: "Saved",
      });
      return { trusted: true };
    });

    await dispatch("ssh:trust-host-key", request);

    expect(emitted).toEqual([
      {
        event: "operation:progress",
        payload: { operationId: "op-1", message: "Saved" },
      },
    ]);
  });

  it("drops invalid events", async () => {
    const { registry, emitted, sink, dispatch } = setup();
    registry.register("ssh:trust-host-key", (_request, context) => {
      context.emit("operation:progress", { operationId: "", message: "x" });
      return { trusted: true };
    });

    const result = await dispatch("ssh:trust-host-key", request);

    expect(result.ok).toBe(true);
    expect(emitted).toEqual([]);
    expect(sink.text()).toContain("Dropped an event");
  });
});

describe("IpcRegistry operations", () => {
  const testRequest = { connectionId: "c1", operationId: "op-1" };

  it("gives handlers a signal that cancel aborts", async () => {
    const { registry, operations, dispatch } = setup();
    registry.register("operation:cancel", (request) => ({
      cancelled: operations.cancel(request.operationId),
    }));
    let started: () => void = () => {};
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    registry.register("connection:test", (_request, context) => {
      started();
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener("abort", () =>
          reject(context.signal.reason as Error),
        );
      });
    });

    const running = dispatch("connection:test", testRequest);
    await isStarted;
    const cancel = await dispatch("operation:cancel", { operationId: "op-1" });

    expect(cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(errorOf(await running).kind).toBe("cancelled");
  });

  it("reports cancel after plain error", async () => {
    const { registry, operations, dispatch } = setup();
    registry.register("connection:test", () => {
      operations.cancel("op-1");
      throw new Error("socket closed");
    });

    const error = errorOf(await dispatch("connection:test", testRequest));

    expect(error.kind).toBe("cancelled");
  });

  it("forgets finished operations", async () => {
    const { registry, operations, dispatch } = setup();
    registry.register("connection:test", () => {
      throw new Error("failed");
    });

    await dispatch("connection:test", testRequest);

    expect(operations.isRunning("op-1")).toBe(false);
  });

  it("rejects a running operation id", async () => {
    const { registry, operations, dispatch } = setup();
    registry.register("connection:test", () => {
      throw new Error("not reached");
    });
    operations.start("op-1");

    const error = errorOf(await dispatch("connection:test", testRequest));

    expect(error.code).toBe("OPERATION_ID_IN_USE");
    expect(operations.isRunning("op-1")).toBe(true);
  });

  it("gives plain requests a live signal", async () => {
    const { registry, dispatch } = setup();
    let aborted: boolean | null = null;
    registry.register("connection:list", (_request, context) => {
      aborted = context.signal.aborted;
      return { connections: [] };
    });

    await dispatch("connection:list", {});

    expect(aborted).toBe(false);
  });
});

describe("OperationRegistry", () => {
  it("returns false for an unknown id", () => {
    expect(new OperationRegistry().cancel("missing")).toBe(false);
  });

  it("cancels once", () => {
    const operations = new OperationRegistry();
    operations.start("op-1");

    expect(operations.cancel("op-1")).toBe(true);
    expect(operations.cancel("op-1")).toBe(false);
  });

  it("cancels all running operations", () => {
    const operations = new OperationRegistry();
    const first = operations.start("op-1");
    const second = operations.start("op-2");

    expect(operations.cancelAll()).toBe(2);
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(true);
  });
});
