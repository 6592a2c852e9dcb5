import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SshTunnelSettings } from "../../shared/domain/connection";
import type { AppError } from "../../shared/domain/errors";
import type { TraceStep } from "../../shared/domain/trace";
import type { Lookup } from "../../main/net/lookup";
import { HostKeyTrust, describeHostKey } from "../../main/ssh/host-key";
import {
  Ssh2SessionFactory,
  type Ssh2SessionFactoryOptions,
} from "../../main/ssh/session-factory";
import type { KnownHostsStore, TrustedHostKey } from "../../main/ssh/types";
import { loopbackOnlyLookup } from "../support/lookup";
import type { Bastion } from "../support/sshd";

/** Known hosts kept in a Map, keyed by host and port as given. */
export class MemoryKnownHosts implements KnownHostsStore {
  readonly entries = new Map<string, TrustedHostKey>();

  get(host: string, port: number): Promise<TrustedHostKey | null> {
    return Promise.resolve(this.entries.get(`${host}:${port}`) ?? null);
  }

  set(host: string, port: number, key: TrustedHostKey): Promise<void> {
    this.entries.set(`${host}:${port}`, key);
    return Promise.resolve();
  }
}

/** Wraps a lookup to record every name it resolves. */
export function recordingLookup(inner: Lookup = loopbackOnlyLookup()): {
  lookup: Lookup;
  names: string[];
} {
  const names: string[] = [];
  return {
    names,
    lookup: (hostname) => {
      names.push(hostname);
      return inner(hostname);
    },
  };
}

export interface TestFactory {
  factory: Ssh2SessionFactory;
  hostKeys: HostKeyTrust;
  knownHosts: MemoryKnownHosts;
  lookedUp: string[];
}

export function createTestFactory(
  options: Partial<Ssh2SessionFactoryOptions> = {},
): TestFactory {
  const knownHosts = new MemoryKnownHosts();
  const hostKeys = new HostKeyTrust(knownHosts);
  const recording = recordingLookup(options.lookup);
  const factory = new Ssh2SessionFactory({
    readyTimeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    forwardTimeoutMs: 5_000,
    agentSocket: () => undefined,
    ...options,
    lookup: recording.lookup,
    hostKeys,
  });
  return { factory, hostKeys, knownHosts, lookedUp: recording.names };
}

/** Reads the bastion's ed25519 host key the way the handshake presents it. */
export function bastionHostKey(bastion: Bastion): TrustedHostKey {
  const line = readFileSync(
    join(bastion.dir, "ssh_host_ed25519_key.pub"),
    "utf8",
  );
  const blob = Buffer.from(line.split(" ")[1] ?? "", "base64");
  return describeHostKey(blob);
}

/** Stores the bastion's current host key as trusted. */
export async function trustBastion(
  knownHosts: KnownHostsStore,
  bastion: Bastion,
): Promise<void> {
  await knownHosts.set(bastion.host, bastion.port, bastionHostKey(bastion));
}

export function bastionSettings(
  bastion: Bastion,
  auth: SshTunnelSettings["auth"],
): SshTunnelSettings {
  return { host: bastion.host, port: bastion.port, user: bastion.user, auth };
}

/** Runs `work` and returns the AppError it raises, failing when it resolves. */
export async function captureError(
  work: () => Promise<unknown>,
): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("Expected the call to fail, but it succeeded.");
}

/** Collects the trace steps an `open` reports. */
export function stepRecorder(): {
  steps: TraceStep[];
  onStep: (step: TraceStep) => void;
} {
  const steps: TraceStep[] = [];
  return { steps, onStep: (step) => steps.push(step) };
}

/** Lines of the bastion's log that show a client connecting. */
export function connectionLines(bastion: Bastion): string[] {
  return bastion
    .readLog()
    .split("\n")
    .filter((line) => line.includes("Connection from"));
}
