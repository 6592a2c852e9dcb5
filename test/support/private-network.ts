import { NetworkNamespace } from "./netns";
import { PgCluster, type PgClusterOptions } from "./postgres";
import { Bastion, type BastionOptions } from "./sshd";

/** Name the database has inside the private network; the host cannot resolve it. */
export const PRIVATE_DB_HOST = "db.internal";

export interface PrivateNetwork {
  namespace: NetworkNamespace;
  /** PostgreSQL listening on 127.0.0.1 inside the namespace only. */
  database: PgCluster;
  /** The only way in: sshd inside the namespace, exposed on the host's 127.0.0.1. */
  bastion: Bastion;
  stop(): Promise<void>;
}

/**
 * Starts a database that only an SSH bastion can reach, using loopback alone: PostgreSQL and
 * the bastion's sessions run in a network namespace whose only interface is its own loopback,
 * and socat exposes the bastion on the host's 127.0.0.1. Inside, `db.internal` and `db.test`
 * resolve to the namespace's 127.0.0.1.
 */
export async function startPrivateNetwork(
  options: { database?: PgClusterOptions; bastion?: BastionOptions } = {},
): Promise<PrivateNetwork> {
  const namespace = await NetworkNamespace.create({
    [PRIVATE_DB_HOST]: "127.0.0.1",
    "db.test": "127.0.0.1",
  });
  const database = await PgCluster.start({
    ...options.database,
    namespace: namespace.name,
  });
  const bastion = await Bastion.start({ ...options.bastion, namespace });

  return {
    namespace,
    database,
    bastion,
    stop: async () => {
      await bastion.stop();
      await database.stop();
      await namespace.delete();
    },
  };
}
