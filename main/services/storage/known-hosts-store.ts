import { z } from "zod";
import type { Logger } from "../logging/logger";
import { JsonFileStore } from "./json-file-store";

const knownHostKeySchema = z.object({
  /** SSH key type, such as `ssh-ed25519`. */
  algorithm: z.string(),
  /** `SHA256:<base64 without padding>`. */
  fingerprint: z.string(),
  /** The public key blob, base64. */
  keyBase64: z.string(),
});

export type KnownHostKey = z.infer<typeof knownHostKeySchema>;

const knownHostsFileSchema = z.object({
  version: z.literal(1),
  hosts: z.array(
    knownHostKeySchema.extend({ host: z.string(), port: z.number().int() }),
  ),
});

/** SSH host keys the user accepted, one per host and port. */
export interface KnownHostsStore {
  get(host: string, port: number): Promise<KnownHostKey | null>;
  /** Stores the key for the host and port, replacing any earlier one. */
  set(host: string, port: number, key: KnownHostKey): Promise<void>;
}

/** Host names are compared case-insensitively, as DNS names are. */
function normalizeHost(host: string): string {
  return host.trim().toLowerCase();
}

export class JsonKnownHostsStore implements KnownHostsStore {
  private readonly file: JsonFileStore<z.infer<typeof knownHostsFileSchema>>;

  constructor(options: { path: string; logger: Logger }) {
    this.file = new JsonFileStore({
      path: options.path,
      schema: knownHostsFileSchema,
      initialValue: () => ({ version: 1, hosts: [] }),
      logger: options.logger,
    });
  }

  async get(host: string, port: number): Promise<KnownHostKey | null> {
    const wanted = normalizeHost(host);
    const { hosts } = await this.file.read();
    const entry = hosts.find(
      (item) => item.host === wanted && item.port === port,
    );
    if (entry === undefined) {
      return null;
    }

    return {
      algorithm: entry.algorithm,
      fingerprint: entry.fingerprint,
      keyBase64: entry.keyBase64,
    };
  }

  async set(host: string, port: number, key: KnownHostKey): Promise<void> {
    const entry = { ...key, host: normalizeHost(host), port };
    await this.file.update((current) => ({
      ...current,
      hosts: [
        ...current.hosts.filter(
          (item) => !(item.host === entry.host && item.port === port),
        ),
        entry,
      ],
    }));
  }
}
