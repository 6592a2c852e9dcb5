import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAppServices,
  type AppServices,
} from "../../main/app/create-app-services";
import type { AppPorts } from "../../main/app/ports";
import { createStores, type AppStores } from "../../main/app/stores";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import { RedactingVault } from "../../main/services/vault/redacting-vault";
import { MemoryVault } from "../../main/services/vault/vault";
import { createFakePorts } from "./ipc-fake-ports";

export interface TestApp<Sender> {
  services: AppServices<Sender>;
  stores: AppStores;
  /** The vault under the redacting wrapper, to list every stored secret. */
  vault: MemoryVault;
  logSink: MemoryLogSink;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Builds the app services as the Electron entry does, with fake ports and a temporary data dir. */
export async function createTestApp<Sender>(options: {
  isTrustedSender: (sender: Sender) => boolean;
  ports?: AppPorts;
}): Promise<TestApp<Sender>> {
  const dataDir = await mkdtemp(join(tmpdir(), "dw-connect-app-"));
  const redactor = new Redactor();
  const logSink = new MemoryLogSink();
  const logger = createLogger({ sink: logSink, redactor, level: "debug" });
  const vault = new MemoryVault();
  const stores = createStores({
    dataDir,
    vault: new RedactingVault(vault, redactor),
    logger,
  });

  const services = createAppServices({
    isTrustedSender: options.isTrustedSender,
    logger,
    redactor,
    connections: stores.connections,
    account: stores.account,
    ports: options.ports ?? createFakePorts(),
  });

  return {
    services,
    stores,
    vault,
    logSink,
    dataDir,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}
