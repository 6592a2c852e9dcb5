import { join } from "node:path";
import {
  app,
  BrowserWindow,
  ipcMain,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
} from "electron";
import {
  createAppServices,
  type AppServices,
} from "../app/create-app-services";
import { createStores } from "../app/stores";
import { createPorts } from "../app/wiring/create-ports";
import { systemLookup } from "../net/lookup";
import { createLogger, type Logger } from "../services/logging/logger";
import { Redactor } from "../services/logging/redactor";
import { FileLogSink } from "../services/logging/sinks";
import { EncryptedFileVault } from "../services/vault/encrypted-file-vault";
import { RedactingVault } from "../services/vault/redacting-vault";
import { bindIpcRegistry } from "./ipc-binding";
import { createSafeStorageCipher } from "./safe-storage-cipher";
import { createSenderCheck } from "./trusted-sender";
import {
  createMainWindow,
  hardenWebContents,
  installSessionSecurity,
} from "./window";
import {
  buildContentSecurityPolicy,
  type RendererLocation,
} from "./window-security";

let mainWindow: BrowserWindow | null = null;

/**
 * Folder of this bundle (out/main). The renderer and preload are found next to it, because
 * `app.getAppPath()` is out/main itself when the app starts as `electron out/main/index.js`.
 */
const BUNDLE_DIR = import.meta.dirname;

// Uses one settings folder however the app starts (`electron .`, a packaged build, or
// `electron out/main/index.js`, which would otherwise be named "Electron"). The command line
// reads this folder too.
app.setName("dw-connect");
app.setPath("userData", join(app.getPath("appData"), "dw-connect"));

/** Returns the dev server URL that electron-vite sets in development, else the built renderer file. */
function rendererLocation(): RendererLocation {
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devServerUrl !== undefined && devServerUrl !== "") {
    return { kind: "dev-server", url: devServerUrl };
  }

  return {
    kind: "file",
    indexPath: join(BUNDLE_DIR, "..", "renderer", "index.html"),
  };
}

function openWindow(location: RendererLocation, logger: Logger): void {
  mainWindow = createMainWindow({
    location,
    preloadPath: join(BUNDLE_DIR, "..", "preload", "index.cjs"),
    logger,
    openExternal: (url) => shell.openExternal(url),
  });
  mainWindow.on("closed", () => {
    mainWindow = null;
  });
}

function buildServices(
  dataDir: string,
  location: RendererLocation,
  logger: Logger,
  redactor: Redactor,
): AppServices<IpcMainInvokeEvent> {
  const vault = new RedactingVault(
    new EncryptedFileVault(
      join(dataDir, "secrets.bin"),
      createSafeStorageCipher(safeStorage),
    ),
    redactor,
  );
  const stores = createStores({ dataDir, vault, logger });

  return createAppServices({
    isTrustedSender: createSenderCheck(() => mainWindow, location),
    logger,
    redactor,
    connections: stores.connections,
    account: stores.account,
    ports: createPorts({
      lookup: systemLookup,
      knownHosts: stores.knownHosts,
      catalogCache: stores.catalogCache,
      logger,
    }),
  });
}

function start(): void {
  const dataDir = app.getPath("userData");
  const redactor = new Redactor();
  const logSink = new FileLogSink(join(dataDir, "logs", "main.log"));
  const logger = createLogger({
    sink: logSink,
    redactor,
    level: app.isPackaged ? "info" : "debug",
    component: "main",
  });
  logger.info("dw-connect is starting", { version: app.getVersion(), dataDir });

  const location = rendererLocation();
  const services = buildServices(dataDir, location, logger, redactor);
  installSessionSecurity(
    session.defaultSession,
    buildContentSecurityPolicy(location),
  );
  bindIpcRegistry(ipcMain, services.registry);

  app.on("web-contents-created", (_event, contents) => {
    hardenWebContents(contents, {
      logger,
      openExternal: (url) => shell.openExternal(url),
    });
  });

  openWindow(location, logger);
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      openWindow(location, logger);
    }
  });

  app.on("before-quit", () => {
    const cancelled = services.operations.cancelAll();
    logger.info("dw-connect is quitting", { cancelledOperations: cancelled });
    void logSink.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", () => {
    if (mainWindow !== null) {
      if (mainWindow.isMinimized()) {
        mainWindow.restore();
      }

      mainWindow.focus();
    }
  });

  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") {
      app.quit();
    }
  });

  app.whenReady().then(start, (error: unknown) => {
    console.error("dw-connect failed to start:", error);
    app.quit();
  });
}
