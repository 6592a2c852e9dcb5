import { join } from "node:path";
import type { Logger } from "../services/logging/logger";
import { CatalogCacheStore } from "../services/storage/catalog-cache-store";
import { ConnectionStore } from "../services/storage/connection-store";
import {
  JsonKnownHostsStore,
  type KnownHostsStore,
} from "../services/storage/known-hosts-store";
import { PostHogAccountStore } from "../services/storage/posthog-account-store";
import type { Vault } from "../services/vault/vault";

export interface AppStores {
  connections: ConnectionStore;
  account: PostHogAccountStore;
  knownHosts: KnownHostsStore;
  catalogCache: CatalogCacheStore;
}

/** Creates the settings stores, one JSON file each under `dataDir`. */
export function createStores(options: {
  dataDir: string;
  vault: Vault;
  logger: Logger;
}): AppStores {
  const logger = options.logger.child("storage");
  const file = (name: string) => join(options.dataDir, name);

  return {
    connections: new ConnectionStore({
      path: file("connections.json"),
      vault: options.vault,
      logger,
    }),
    account: new PostHogAccountStore({
      path: file("posthog-account.json"),
      vault: options.vault,
      logger,
    }),
    knownHosts: new JsonKnownHostsStore({
      path: file("known-hosts.json"),
      logger,
    }),
    catalogCache: new CatalogCacheStore({
      path: file("catalog-cache.json"),
      logger,
    }),
  };
}
