import type { PostgresConnector } from "../../connectors/postgres/connector";
import type { ConnectorPort } from "../ports";
import type { DiscoveryCache } from "./discovery-cache";

/**
 * The connector port over the Postgres connector. Each discovery is kept in the cache so the
 * setup planner has every discovered table.
 */
export function createConnectorPort(deps: {
  postgres: PostgresConnector;
  discoveries: DiscoveryCache;
}): ConnectorPort {
  return {
    test(connection, secrets, options) {
      return deps.postgres.test(connection.settings, secrets, options);
    },

    async discover(connection, secrets, options) {
      const result = await deps.postgres.discover(
        connection.settings,
        secrets,
        options,
      );
      deps.discoveries.set(connection.id, result);
      return result;
    },
  };
}
