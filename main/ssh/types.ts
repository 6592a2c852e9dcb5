import type { Duplex } from "node:stream";
import type { AppError } from "../../shared/domain/errors";
import type {
  ConnectionSecrets,
  SshTunnelSettings,
} from "../../shared/domain/connection";
import type { TraceStep } from "../../shared/domain/trace";

export type SshSecrets = Pick<
  ConnectionSecrets,
  "sshPassword" | "sshPrivateKey" | "sshPassphrase"
>;

export interface SshConnectOptions {
  settings: SshTunnelSettings;
  secrets: SshSecrets;
  signal?: AbortSignal;
  /** Receives the dns, tcp, ssh-handshake and ssh-auth layers as each finishes. */
  onStep?: (step: TraceStep) => void;
}

/** A local listener whose every accepted socket is piped into a fresh forwarded channel. */
export interface LocalForward {
  readonly host: "127.0.0.1";
  readonly port: number;
  /**
   * The error of the latest channel open, or undefined when it succeeded. A driver gets only a
   * closed socket when the bastion cannot open the channel, so callers raise this instead.
   */
  readonly lastChannelError: AppError | undefined;
  close(): Promise<void>;
}

/** An authenticated SSH session with a bastion. */
export interface SshSession {
  /**
   * Opens a direct-tcpip channel to `host:port` as the bastion resolves it: the name is never
   * looked up on this machine. Fails with an `ssh-forward` AppError (layer `port-forward`).
   */
  forwardOut(host: string, port: number): Promise<Duplex>;
  /** Listens on 127.0.0.1:0 for drivers that need a socket (pg, mongodb). */
  openLocalForward(host: string, port: number): Promise<LocalForward>;
  readonly closed: boolean;
  close(): Promise<void>;
}

export interface SshSessionFactory {
  open(options: SshConnectOptions): Promise<SshSession>;
}

/** A host key the user trusted, keyed by bastion host and port. */
export interface TrustedHostKey {
  algorithm: string;
  fingerprint: string;
  keyBase64: string;
}

export interface KnownHostsStore {
  get(host: string, port: number): Promise<TrustedHostKey | null>;
  set(host: string, port: number, key: TrustedHostKey): Promise<void>;
}
