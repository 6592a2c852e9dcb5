import { BrowserWindow, type Session, type WebContents } from "electron";
import type { Logger } from "../services/logging/logger";
import {
  isExternalUrlAllowed,
  WINDOW_WEB_PREFERENCES,
  type RendererLocation,
} from "./window-security";

export interface MainWindowOptions {
  location: RendererLocation;
  /** Absolute path of the bundled preload, `out/preload/index.cjs`. */
  preloadPath: string;
  logger: Logger;
  openExternal(url: string): Promise<void>;
}

/** Creates the app window with the hardened settings and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: "dw-connect",
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: options.preloadPath },
  });

  window.once("ready-to-show", () => window.show());
  hardenWebContents(window.webContents, options);

  const loading =
    options.location.kind === "dev-server"
      ? window.loadURL(options.location.url)
      : window.loadFile(options.location.indexPath);
  loading.catch((error: unknown) => {
    options.logger.error("Loading the renderer failed", {
      location: options.location,
      error,
    });
  });

  return window;
}

const hardenedContents = new WeakSet<WebContents>();

/**
 * Denies navigation, new windows and webviews in a web contents. Https links the page tries to
 * open go to the user's browser instead. Calling it again on the same contents does nothing.
 */
export function hardenWebContents(
  contents: WebContents,
  options: Pick<MainWindowOptions, "logger" | "openExternal">,
): void {
  if (hardenedContents.has(contents)) {
    return;
  }

  hardenedContents.add(contents);
  const openIfAllowed = (url: string) => {
    if (!isExternalUrlAllowed(url)) {
      options.logger.warn("Blocked a link that is not https", { url });
      return;
    }

    options.openExternal(url).catch((error: unknown) => {
      options.logger.warn("Opening a link in the browser failed", {
        url,
        error,
      });
    });
  };

  contents.on("will-navigate", (event, url) => {
    event.preventDefault();
    openIfAllowed(url);
  });

  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: "deny" };
  });

  contents.on("will-attach-webview", (event) => {
    event.preventDefault();
  });
}

/**
 * Sends the Content-Security-Policy as a response header on every response of the session and
 * denies every permission request (camera, notifications, geolocation and the rest).
 */
export function installSessionSecurity(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== "content-security-policy",
      ),
    );
    callback({
      responseHeaders: { ...headers, "Content-Security-Policy": [csp] },
    });
  });

  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
