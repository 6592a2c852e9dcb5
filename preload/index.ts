import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import {
  CHANNELS,
  EVENTS,
  type Channel,
  type EventName,
} from "../shared/ipc/channels";
import type {
  DwConnectApi,
  EventPayloadOf,
  IpcResult,
  ResponseOf,
} from "../shared/ipc/contract";

/** The part of `ipcRenderer` the API uses, so tests can pass a fake. */
export type RendererIpc = Pick<
  typeof ipcRenderer,
  "invoke" | "on" | "removeListener"
>;

function isChannel(value: unknown): value is Channel {
  return (CHANNELS as readonly unknown[]).includes(value);
}

function isEventName(value: unknown): value is EventName {
  return (EVENTS as readonly unknown[]).includes(value);
}

/**
 * Creates the API exposed to the renderer as `window.dwConnect`: exactly the contract's
 * channels and events. Listeners receive the payload only, never the IpcRendererEvent,
 * which would give the page access to `ipcRenderer` itself.
 */
export function createDwConnectApi(ipc: RendererIpc): DwConnectApi {
  return Object.freeze({
    invoke<C extends Channel>(
      channel: C,
      request: unknown,
    ): Promise<IpcResult<ResponseOf<C>>> {
      if (!isChannel(channel)) {
        return Promise.reject(
          new Error(`The IPC channel "${String(channel)}" does not exist.`),
        );
      }

      return ipc.invoke(channel, request) as Promise<IpcResult<ResponseOf<C>>>;
    },

    on<E extends EventName>(
      event: E,
      listener: (payload: EventPayloadOf<E>) => void,
    ): () => void {
      if (!isEventName(event)) {
        throw new Error(`The IPC event "${String(event)}" does not exist.`);
      }

      if (typeof listener !== "function") {
        throw new TypeError("The listener must be a function.");
      }

      const forward = (_event: IpcRendererEvent, payload: unknown) => {
        listener(payload as EventPayloadOf<E>);
      };
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  });
}

contextBridge.exposeInMainWorld("dwConnect", createDwConnectApi(ipcRenderer));
