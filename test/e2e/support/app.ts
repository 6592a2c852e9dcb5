import { rmSync } from "node:fs";
import { join } from "node:path";
import { createAppServices } from "../../../main/app/create-app-services";
import { createStores } from "../../../main/app/stores";
import { createPorts } from "../../../main/app/wiring/create-ports";
import { createLogger } from "../../../main/services/logging/logger";
import { Redactor } from "../../../main/services/logging/redactor";
import { MemoryLogSink } from "../../../main/services/logging/sinks";
import { RedactingVault } from "../../../main/services/vault/redacting-vault";
import { MemoryVault } from "../../../main/services/vault/vault";
import { loopbackOnlyLookup } from "../../support/lookup";
import { makeRunSubdir } from "../../support/run-dir";
import {
  createBridgeAuth,
  startBridge,
  type Bridge,
} from "../bridge/bridge-server";

/** The built renderer that `electron-vite build` writes. */
export const RENDERER_DIR = join(process.cwd(), "out", "renderer");

/** The app's main-process services behind the e2e bridge, as the Electron entry builds them. */
export interface AppUnderTest {
  bridge: Bridge;
  /** The vault under the redacting wrapper, which contains every stored secret. */
  vault: MemoryVault;
  logSink: MemoryLogSink;
  /** The app's settings folder: the JSON stores, never a secret in plain text. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the app services with a fresh data folder, an in-memory vault and a memory log sink,
 * and serves the built renderer through the bridge. Names resolve with the loopback-only
 * lookup, so no test ever sends a DNS query.
 */
export async function startApp(): Promise<AppUnderTest> {
  const dataDir = makeRunSubdir("e2e-app");
  const redactor = new Redactor();
  const logSink = new MemoryLogSink();
  const logger = createLogger({
    sink: logSink,
    redactor,
    level: "debug",
    component: "main",
  });
  const vault = new MemoryVault();
  const stores = createStores({
    dataDir,
    vault: new RedactingVault(vault, redactor),
    logger,
  });

  const auth = createBridgeAuth();
  const services = createAppServices({
    isTrustedSender: auth.isTrustedSender,
    logger,
    redactor,
    connections: stores.connections,
    account: stores.account,
    ports: createPorts({
      lookup: loopbackOnlyLookup(),
      knownHosts: stores.knownHosts,
      catalogCache: stores.catalogCache,
      logger,
    }),
  });
  const bridge = await startBridge({
    registry: services.registry,
    rendererDir: RENDERER_DIR,
    token: auth.token,
  });

  return {
    bridge,
    vault,
    logSink,
    dataDir,
    stop: async () => {
      services.operations.cancelAll();
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
