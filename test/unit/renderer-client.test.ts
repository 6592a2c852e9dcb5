import { describe, expect, it } from "vitest";
import { createIpcClient, toErrorShape } from "../../renderer/src/api/client";
import { AppError } from "../../shared/domain/errors";
import type { DwConnectApi } from "../../shared/ipc/contract";
import { account, errorShape, FakeApi, fail } from "./renderer-fake-api";

describe("createIpcClient", () => {
  it("returns the value of a successful call", async () => {
    const api = new FakeApi().handle("posthog:get-account", () => account());

    const result = await createIpcClient(api).call("posthog:get-account", {});

    expect(result.projectId).toBe(1);
  });

  it("throws an error result as AppError", async () => {
    const api = new FakeApi().handle("posthog:get-account", () =>
      fail("posthog-auth", "The API key was rejected.", {
        fix: "Create a new key.",
        detail: "Invalid token",
        status: 401,
      }),
    );

    const error = await createIpcClient(api)
      .call("posthog:get-account", {})
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).shape).toEqual(
      errorShape("posthog-auth", "The API key was rejected.", {
        fix: "Create a new key.",
        detail: "Invalid token",
        status: 401,
      }),
    );
  });

  it("wraps a failed bridge as internal", async () => {
    const broken: DwConnectApi = {
      invoke: () => Promise.reject(new Error("channel closed")),
      on: () => () => undefined,
    };

    const error = await createIpcClient(broken)
      .call("connection:list", {})
      .catch((caught: unknown) => caught);

    expect((error as AppError).kind).toBe("internal");
    expect((error as AppError).code).toBe("IPC_BRIDGE_FAILED");
    expect((error as AppError).message).toContain("connection:list");
    expect((error as AppError).shape.detail).toBe("Error: channel closed");
  });

  it("subscribes to progress events", () => {
    const api = new FakeApi();
    const seen: string[] = [];

    const unsubscribe = createIpcClient(api).onProgress((event) =>
      seen.push(event.message),
    );
    api.emit({ operationId: "op-1", message: "Connecting" });
    unsubscribe();
    api.emit({ operationId: "op-1", message: "Ignored" });

    expect(seen).toEqual(["Connecting"]);
  });
});

describe("toErrorShape", () => {
  it("keeps an AppError's shape", () => {
    const shape = errorShape("dns", "Host not found.");

    expect(toErrorShape(new AppError(shape))).toBe(shape);
  });

  it("wraps other errors as internal", () => {
    const shape = toErrorShape(new TypeError("x is undefined"));

    expect(shape.kind).toBe("internal");
    expect(shape.detail).toBe("TypeError: x is undefined");
  });
});
