import type { IpcMainInvokeEvent } from "electron";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bindIpcRegistry } from "../../main/electron/ipc-binding";
import { CHANNELS } from "../../shared/ipc/channels";
import { SETTINGS } from "./ipc-fake-ports";
import { createTestApp, type TestApp } from "./ipc-test-app";

type InvokeListener = (event: IpcMainInvokeEvent, request: unknown) => unknown;

/** Records what `ipcMain.handle` receives, as Electron's ipcMain would. */
class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) {
      throw new Error(
        `Attempted to register a second handler for '${channel}'`,
      );
    }

    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

function fakeEvent(sent: unknown[][], destroyed = false): IpcMainInvokeEvent {
  return {
    sender: {
      isDestroyed: () => destroyed,
      send: (...args: unknown[]) => sent.push(args),
    },
  } as unknown as IpcMainInvokeEvent;
}

let app: TestApp<IpcMainInvokeEvent>;
let ipcMain: FakeIpcMain;

beforeEach(async () => {
  app = await createTestApp<IpcMainInvokeEvent>({
    isTrustedSender: () => true,
  });
  ipcMain = new FakeIpcMain();
});

afterEach(() => app.cleanup());

describe("bindIpcRegistry", () => {
  it("binds exactly the contract's channels", () => {
    bindIpcRegistry(ipcMain, app.services.registry);

    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it("dispatches to the registry", async () => {
    bindIpcRegistry(ipcMain, app.services.registry);

    const result = await ipcMain.handlers.get("connection:list")?.(
      fakeEvent([]),
      {},
    );

    expect(result).toEqual({ ok: true, value: { connections: [] } });
  });

  it("sends events to the requesting contents", async () => {
    bindIpcRegistry(ipcMain, app.services.registry);
    const sent: unknown[][] = [];
    const saved = (await ipcMain.handlers.get("connection:save")?.(
      fakeEvent([]),
      {
        settings: SETTINGS,
        secrets: {},
        clearSecrets: [],
      },
    )) as { value: { id: string } };

    await ipcMain.handlers.get("connection:test")?.(fakeEvent(sent), {
      connectionId: saved.value.id,
      operationId: "op-1",
    });

    expect(sent.map((args) => args[0])).toEqual([
      "operation:progress",
      "operation:progress",
    ]);
  });

  it("skips events for destroyed contents", async () => {
    bindIpcRegistry(ipcMain, app.services.registry);
    const sent: unknown[][] = [];

    const result = await ipcMain.handlers.get("discovery:run")?.(
      fakeEvent(sent, true),
      {
        connectionId: "missing",
        operationId: "op-1",
      },
    );

    expect(sent).toEqual([]);
    expect((result as { ok: boolean }).ok).toBe(false);
  });

  it("removes its handlers", () => {
    const unbind = bindIpcRegistry(ipcMain, app.services.registry);

    unbind();

    expect(ipcMain.handlers.size).toBe(0);
  });
});
