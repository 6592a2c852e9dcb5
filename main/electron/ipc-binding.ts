import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { CHANNELS } from "../../shared/ipc/channels";
import type { IpcRegistry } from "../ipc/registry";

/**
 * Binds exactly the contract's channels to `ipcMain.handle`. Events go back to the web
 * contents that made the request. Returns a function that removes the handlers.
 */
export function bindIpcRegistry(
  ipcMain: Pick<IpcMain, "handle" | "removeHandler">,
  registry: IpcRegistry<IpcMainInvokeEvent>,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) =>
      registry.dispatch(channel, request, event, (name, payload) => {
        if (!event.sender.isDestroyed()) {
          event.sender.send(name, payload);
        }
      }),
    );
  }

  return () => {
    for (const channel of CHANNELS) {
      ipcMain.removeHandler(channel);
    }
  };
}
