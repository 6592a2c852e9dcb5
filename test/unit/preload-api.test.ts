import { beforeEach, describe, expect, it, vi } from "vitest";

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    contextBridge: {
      exposeInMainWorld: vi.fn(),
    },
    ipcRenderer: {
      invoke: vi.fn((channel: string, request: unknown) =>
        Promise.resolve({ ok: true, value: { channel, request } }),
      ),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
      }),
      removeListener: vi.fn(
        (channel: string, listener: (...args: unknown[]) => void) => {
          listeners.get(channel)?.delete(listener);
        },
      ),
    },
  };
});

vi.mock("electron", () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
}));

import type { DwConnectApi } from "../../shared/ipc/contract";

async function loadApi(): Promise<DwConnectApi> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import("../../preload/index");
  const call = electron.contextBridge.exposeInMainWorld.mock.calls[0];
  expect(call?.[0]).toBe("dwConnect");
  return call?.[1] as DwConnectApi;
}

function emit(channel: string, payload: unknown): void {
  const fakeEvent = { sender: "ipcRenderer", senderId: 0 };
  for (const listener of electron.listeners.get(channel) ?? []) {
    listener(fakeEvent, payload);
  }
}

beforeEach(() => {
  electron.listeners.clear();
  electron.ipcRenderer.invoke.mockClear();
});

describe("preload API", () => {
  it("exposes dwConnect once", async () => {
    await loadApi();

    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  });

  it("exposes only invoke and on", async () => {
    const api = await loadApi();

    expect(Object.keys(api).sort()).toEqual(["invoke", "on"]);
  });

  it("forwards a contract channel", async () => {
    const api = await loadApi();

    await api.invoke("connection:list", {});

    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(
      "connection:list",
      {},
    );
  });

  it("rejects an unknown channel", async () => {
    const api = await loadApi();

    const invoking = api.invoke("shell:open" as never, {} as never);

    await expect(invoking).rejects.toThrow(
      'The IPC channel "shell:open" does not exist.',
    );
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("passes only the payload to listeners", async () => {
    const api = await loadApi();
    const received: unknown[][] = [];
    api.on("operation:progress", (...args: unknown[]) => {
      received.push(args);
    });

    emit("operation:progress", { operationId: "op-1", message: "TCP ok" });

    expect(received).toEqual([[{ operationId: "op-1", message: "TCP ok" }]]);
  });

  it("unsubscribes a listener", async () => {
    const api = await loadApi();
    const received: unknown[] = [];
    const unsubscribe = api.on("operation:progress", (payload) => {
      received.push(payload);
    });

    unsubscribe();
    emit("operation:progress", { operationId: "op-1", message: "late" });

    expect(received).toEqual([]);
  });

  it("rejects an unknown event", async () => {
    const api = await loadApi();

    expect(() => api.on("ipc:raw" as never, () => {})).toThrow(
      'The IPC event "ipc:raw" does not exist.',
    );
    expect(electron.ipcRenderer.on).not.toHaveBeenCalledWith(
      "ipc:raw",
      expect.anything(),
    );
  });

  it("freezes the API object", async () => {
    const api = await loadApi();

    expect(Object.isFrozen(api)).toBe(true);
  });
});
