import { pathToFileURL } from "node:url";
import type { BrowserWindow, IpcMainInvokeEvent } from "electron";
import type { RendererLocation } from "./window-security";

/** Returns whether `url` is the app's own page: on the dev server's origin, or the built index.html file. */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }

  if (location.kind === "dev-server") {
    return parsed.origin === new URL(location.url).origin;
  }

  parsed.hash = "";
  parsed.search = "";
  return (
    parsed.protocol === "file:" &&
    parsed.href === pathToFileURL(location.indexPath).href
  );
}

/**
 * Creates the IPC sender check: a request is trusted only when it comes from the top frame
 * of the main window and that frame shows the app's own page.
 */
export function createSenderCheck(
  getMainWindow: () => BrowserWindow | null,
  location: RendererLocation,
): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const window = getMainWindow();
    if (window === null || window.isDestroyed()) {
      return false;
    }

    const frame = event.senderFrame;
    const mainFrame = window.webContents.mainFrame;
    if (
      frame === null ||
      event.sender.id !== window.webContents.id ||
      frame.parent !== null ||
      frame.processId !== mainFrame.processId ||
      frame.routingId !== mainFrame.routingId
    ) {
      return false;
    }

    return isAppUrl(frame.url, location);
  };
}
