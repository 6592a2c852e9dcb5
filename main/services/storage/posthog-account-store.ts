import { z } from "zod";
import {
  POSTHOG_CLOUD_HOSTS,
  POSTHOG_REGIONS,
  posthogProjectSchema,
  type PostHogAccount,
} from "../../../shared/domain/posthog";
import type { Logger } from "../logging/logger";
import { POSTHOG_API_KEY_VAULT_KEY, type Vault } from "../vault/vault";
import { JsonFileStore } from "./json-file-store";

const storedAccountSchema = z.object({
  region: z.enum(POSTHOG_REGIONS),
  host: z.string(),
  projects: z.array(posthogProjectSchema),
  projectId: z.number().int().nullable(),
  userEmail: z.string().nullable(),
});

/** The PostHog account settings kept on disk. The API key is in the vault, never here. */
export type StoredPostHogAccount = z.infer<typeof storedAccountSchema>;

const accountFileSchema = z.object({
  version: z.literal(1),
  account: storedAccountSchema.nullable(),
});

export const SIGNED_OUT_ACCOUNT: PostHogAccount = {
  signedIn: false,
  region: "us",
  host: POSTHOG_CLOUD_HOSTS.us,
  projects: [],
  projectId: null,
  userEmail: null,
};

export interface PostHogAccountStoreOptions {
  path: string;
  vault: Vault;
  logger: Logger;
}

/** The signed-in PostHog account: region, host, projects and choice in a file, the key in the vault. */
export class PostHogAccountStore {
  private readonly file: JsonFileStore<z.infer<typeof accountFileSchema>>;
  private readonly vault: Vault;

  constructor(options: PostHogAccountStoreOptions) {
    this.file = new JsonFileStore({
      path: options.path,
      schema: accountFileSchema,
      initialValue: () => ({ version: 1, account: null }),
      logger: options.logger,
    });
    this.vault = options.vault;
  }

  async get(): Promise<StoredPostHogAccount | null> {
    return (await this.file.read()).account;
  }

  /** Stores the key and the account settings together, key first. */
  async signIn(account: StoredPostHogAccount, apiKey: string): Promise<void> {
    await this.vault.set(POSTHOG_API_KEY_VAULT_KEY, apiKey);
    await this.file.update((current) => ({ ...current, account }));
  }

  async update(account: StoredPostHogAccount): Promise<void> {
    await this.file.update((current) => ({ ...current, account }));
  }

  /** Deletes the API key and the account settings. */
  async signOut(): Promise<void> {
    await this.vault.delete(POSTHOG_API_KEY_VAULT_KEY);
    await this.file.update((current) => ({ ...current, account: null }));
  }

  /** Returns the API key. Never send the result to the renderer. */
  getApiKey(): Promise<string | null> {
    return this.vault.get(POSTHOG_API_KEY_VAULT_KEY);
  }

  /** Returns the account as the renderer may see it: without the key. */
  async view(): Promise<PostHogAccount> {
    const account = await this.get();
    if (account === null) {
      return SIGNED_OUT_ACCOUNT;
    }

    const signedIn = await this.vault.has(POSTHOG_API_KEY_VAULT_KEY);
    return { ...account, signedIn };
  }
}
