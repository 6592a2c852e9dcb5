import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../../shared/domain/connection";
import type { AppError } from "../../../shared/domain/errors";
import type { SshSecrets, SshSession } from "../../ssh/types";
import type { PostgresDependencies } from "./dependencies";

/** The address `pg` connects to, opened for one operation and closed after it. */
export interface DatabaseRoute {
  readonly kind: "direct" | "ssh";
  /** Address `pg` connects to: the resolved database address, or the local forward. */
  readonly host: string;
  readonly port: number;
  /**
   * On an SSH route, the error of the latest failed channel open at the bastion. `pg` reports
   * such a failure only as a closed connection, so a failed login raises this instead.
   */
  readonly lastChannelError?: AppError | undefined;
  close(): Promise<void>;
}

export function sshSecrets(secrets: ConnectionSecrets): SshSecrets {
  return {
    sshPassword: secrets.sshPassword,
    sshPrivateKey: secrets.sshPrivateKey,
    sshPassphrase: secrets.sshPassphrase,
  };
}

/**
 * Opens the route to the database: a local lookup of the host for a direct connection, or an
 * SSH session with a local forward to the host as the bastion resolves it. Errors are
 * AppErrors from the SSH layer, or the lookup's own error for the caller to classify.
 */
export async function openRoute(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
  dependencies: PostgresDependencies,
  signal: AbortSignal | undefined,
): Promise<DatabaseRoute> {
  if (!settings.ssh) {
    const resolved = await dependencies.lookup(settings.host);
    return {
      kind: "direct",
      host: resolved.address,
      port: settings.port,
      close: () => Promise.resolve(),
    };
  }

  const session = await dependencies.sshSessionFactory.open({
    settings: settings.ssh,
    secrets: sshSecrets(secrets),
    signal,
  });
  return openForwardRoute(session, settings.host, settings.port);
}

/** Opens a local forward on an SSH session. The route owns the session and closes it. */
export async function openForwardRoute(
  session: SshSession,
  host: string,
  port: number,
): Promise<DatabaseRoute> {
  try {
    const forward = await session.openLocalForward(host, port);
    return {
      kind: "ssh",
      host: forward.host,
      port: forward.port,
      get lastChannelError() {
        return forward.lastChannelError;
      },
      close: async () => {
        await forward.close();
        await session.close();
      },
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}
