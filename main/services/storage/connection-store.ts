import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  postgresConnectionSettingsSchema,
  type ConnectionSecrets,
  type PostgresConnectionSettings,
  type SavedConnection,
  type SecretName,
  type SecretPresence,
} from "../../../shared/domain/connection";
import { AppError } from "../../../shared/domain/errors";
import type { Logger } from "../logging/logger";
import { connectionSecretKey, type Vault } from "../vault/vault";
import { JsonFileStore } from "./json-file-store";

export const SECRET_NAMES: readonly SecretName[] = [
  "password",
  "sshPassword",
  "sshPrivateKey",
  "sshPassphrase",
];

const storedConnectionSchema = z.object({
  id: z.string(),
  sourceType: z.literal("Postgres"),
  settings: postgresConnectionSettingsSchema,
  updatedAt: z.string(),
});

type StoredConnection = z.infer<typeof storedConnectionSchema>;

const connectionsFileSchema = z.object({
  version: z.literal(1),
  connections: z.array(storedConnectionSchema),
});

export interface SaveConnectionInput {
  /** Absent for a new connection. */
  id?: string;
  settings: PostgresConnectionSettings;
  /** Secrets typed now. Missing or empty values keep the stored secret. */
  secrets: ConnectionSecrets;
  /** Stored secrets to delete. A secret both cleared and typed is replaced. */
  clearSecrets: SecretName[];
}

export interface ConnectionStoreOptions {
  path: string;
  vault: Vault;
  logger: Logger;
  now?: () => Date;
}

/**
 * Saved connections: settings in a JSON file, secrets in the vault under
 * `connection:<id>:<secretName>`. Everything it returns carries presence flags instead of
 * secrets, except `getSecrets`, which is for main-process services only.
 */
export class ConnectionStore {
  private readonly file: JsonFileStore<z.infer<typeof connectionsFileSchema>>;
  private readonly vault: Vault;
  private readonly now: () => Date;

  constructor(options: ConnectionStoreOptions) {
    this.file = new JsonFileStore({
      path: options.path,
      schema: connectionsFileSchema,
      initialValue: () => ({ version: 1, connections: [] }),
      logger: options.logger,
    });
    this.vault = options.vault;
    this.now = options.now ?? (() => new Date());
  }

  async save(input: SaveConnectionInput): Promise<SavedConnection> {
    const id = input.id ?? randomUUID();
    if (input.id !== undefined) {
      await this.requireStored(input.id);
    }

    await this.writeSecrets(id, input.secrets, input.clearSecrets);
    const record: StoredConnection = {
      id,
      sourceType: "Postgres",
      settings: input.settings,
      updatedAt: this.now().toISOString(),
    };

    try {
      await this.writeRecord(record);
    } catch (error) {
      if (input.id === undefined) {
        await this.deleteSecrets(id);
      }

      throw error;
    }

    return this.withPresence(record);
  }

  async list(): Promise<SavedConnection[]> {
    const { connections } = await this.file.read();
    return Promise.all(connections.map((record) => this.withPresence(record)));
  }

  async get(id: string): Promise<SavedConnection> {
    return this.withPresence(await this.requireStored(id));
  }

  /** Deletes the connection and every secret stored for it. */
  async delete(id: string): Promise<void> {
    await this.requireStored(id);
    await this.deleteSecrets(id);
    await this.file.update((current) => ({
      ...current,
      connections: current.connections.filter(
        (connection) => connection.id !== id,
      ),
    }));
  }

  /** Returns the stored secrets of a connection. Never send the result to the renderer. */
  async getSecrets(id: string): Promise<ConnectionSecrets> {
    await this.requireStored(id);
    const secrets: ConnectionSecrets = {};
    for (const name of SECRET_NAMES) {
      const value = await this.vault.get(connectionSecretKey(id, name));
      if (value !== null) {
        secrets[name] = value;
      }
    }

    return secrets;
  }

  private async writeRecord(record: StoredConnection): Promise<void> {
    await this.file.update((current) => {
      const exists = current.connections.some(
        (connection) => connection.id === record.id,
      );
      const connections = exists
        ? current.connections.map((connection) =>
            connection.id === record.id ? record : connection,
          )
        : [...current.connections, record];
      return { ...current, connections };
    });
  }

  private async deleteSecrets(id: string): Promise<void> {
    for (const name of SECRET_NAMES) {
      await this.vault.delete(connectionSecretKey(id, name));
    }
  }

  private async writeSecrets(
    id: string,
    secrets: ConnectionSecrets,
    clearSecrets: SecretName[],
  ): Promise<void> {
    for (const name of clearSecrets) {
      await this.vault.delete(connectionSecretKey(id, name));
    }

    for (const name of SECRET_NAMES) {
      const value = secrets[name];
      if (value !== undefined && value !== "") {
        await this.vault.set(connectionSecretKey(id, name), value);
      }
    }
  }

  private async requireStored(id: string): Promise<StoredConnection> {
    const { connections } = await this.file.read();
    const record = connections.find((connection) => connection.id === id);
    if (record === undefined) {
      throw new AppError({
        kind: "not-found",
        code: "CONNECTION_NOT_FOUND",
        message: `No saved connection has the id "${id}".`,
        fix: "Reload the connection list and pick the connection again.",
        field: "id",
      });
    }

    return record;
  }

  private async withPresence(
    record: StoredConnection,
  ): Promise<SavedConnection> {
    const has = (name: SecretName) =>
      this.vault.has(connectionSecretKey(record.id, name));

    const secrets: SecretPresence = {
      password: await has("password"),
      sshPassword: await has("sshPassword"),
      sshPrivateKey: await has("sshPrivateKey"),
      sshPassphrase: await has("sshPassphrase"),
    };
    return { ...record, secrets };
  }
}
