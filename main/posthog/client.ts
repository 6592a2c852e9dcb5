import { z } from "zod";
import { AppError } from "../../shared/domain/errors";
import type { PostHogProject } from "../../shared/domain/posthog";
import {
  cdcCheckResultSchema,
  createdSourceSchema,
  databaseSchemaTableSchema,
  externalDataSourceSchema,
  posthogUserSchema,
  projectPageSchema,
  sourcePageSchema,
  storedCredentialSchema,
  wizardSchema,
  type CdcCheckResult,
  type CreateSourceBody,
  type DatabaseSchemaTable,
  type ExternalDataSource,
  type PostHogUser,
  type ProjectSummary,
  type StoredCredential,
  type WizardSource,
} from "./api-types";
import {
  defaultSleep,
  requestJson,
  type HttpOptions,
  type JsonRequest,
  type Logger,
  type Sleep,
} from "./http";

export type { Logger, Sleep } from "./http";

export interface PostHogClientOptions {
  /**
   * Base URL, e.g. `https://us.posthog.com` or a self-hosted instance's site
   * URL.
   */
  host: string;
  /** Personal API key, sent only in the Authorization header. */
  apiKey: string;
  fetch?: typeof fetch;
  /** Time allowed for one request, response body included. Default 30 s. */
  timeoutMs?: number;
  sleep?: Sleep;
  logger?: Logger;
  /** Retries of a GET after 429, 502, 503 or 504. Default 2. */
  maxRetries?: number;
  /** Upper bound of one wait between retries. Default 30 s. */
  maxRetryDelayMs?: number;
}

const PAGE_SIZE = 100;
/** Stops pagination of a list that keeps growing while it is read. */
const MAX_PAGES = 50;

const silentLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * Client of PostHog's REST API for data warehouse sources. Errors are
 * `AppError`s with a PostHog kind, and the API key never appears in an error or
 * a log line.
 */
export class PostHogClient {
  private readonly http: HttpOptions;

  constructor(options: PostHogClientOptions) {
    this.http = {
      host: normalizeHost(options.host),
      apiKey: options.apiKey,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: options.timeoutMs ?? 30_000,
      sleep: options.sleep ?? defaultSleep,
      logger: options.logger ?? silentLogger,
      maxRetries: options.maxRetries ?? 2,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    };
  }

  get host(): string {
    return this.http.host;
  }

  /**
   * Reads the key's user, with the organizations they belong to. Needs
   * `user:read`.
   */
  getCurrentUser(signal?: AbortSignal): Promise<PostHogUser> {
    return this.request({
      method: "GET",
      path: "/api/users/@me/",
      schema: posthogUserSchema,
      operation: "read the signed-in user",
      signal,
    });
  }

  /**
   * Lists every project the key's user can see. Needs `project:read`. TODO:
   * PostHog refuses this list for a key limited to specific projects, and no
   * other endpoint returns the projects such a key may use, so the sign-in step
   * needs a project id field for those keys.
   */
  listProjects(signal?: AbortSignal): Promise<ProjectSummary[]> {
    return this.paginate(
      "/api/projects/",
      projectPageSchema,
      "list the projects",
      signal,
    );
  }

  /**
   * Loads wizard definitions keyed by source type, optionally only the given
   * types.
   */
  getWizard(
    projectId: number,
    sourceTypes?: string[],
    signal?: AbortSignal,
  ): Promise<Record<string, WizardSource>> {
    return this.request({
      method: "GET",
      path: sourcesPath(projectId, "wizard/"),
      query: {
        source_type: sourceTypes?.length ? sourceTypes.join(",") : undefined,
      },
      schema: wizardSchema,
      operation: "load the source catalog",
      signal,
    });
  }

  listSources(
    projectId: number,
    signal?: AbortSignal,
  ): Promise<ExternalDataSource[]> {
    return this.paginate(
      sourcesPath(projectId, ""),
      sourcePageSchema,
      `list the sources of project ${projectId}`,
      signal,
    );
  }

  getSource(
    projectId: number,
    sourceId: string,
    signal?: AbortSignal,
  ): Promise<ExternalDataSource> {
    return this.request({
      method: "GET",
      path: sourcesPath(projectId, `${encodeURIComponent(sourceId)}/`),
      schema: externalDataSourceSchema,
      operation: `read source ${sourceId}`,
      signal,
    });
  }

  /**
   * Stores secrets in PostHog's single-use credential store for 24 hours and
   * returns its id.
   */
  storeCredentials(
    projectId: number,
    sourceType: string,
    payload: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<StoredCredential> {
    return this.request({
      method: "POST",
      path: sourcesPath(projectId, "store_credentials/"),
      body: { source_type: sourceType, payload },
      schema: storedCredentialSchema,
      operation: `store the ${sourceType} credentials`,
      signal,
    });
  }

  /** Lists the key user's unexpired stored credentials, newest first. */
  listStoredCredentials(
    projectId: number,
    sourceType?: string,
    signal?: AbortSignal,
  ): Promise<StoredCredential[]> {
    return this.request({
      method: "GET",
      path: sourcesPath(projectId, "stored_credentials/"),
      query: { source_type: sourceType },
      schema: z.array(storedCredentialSchema),
      operation: "list the stored credentials",
      signal,
    });
  }

  /**
   * Creates a source. It is never retried automatically, because a retry could
   * create a second one.
   */
  async createSource(
    projectId: number,
    body: CreateSourceBody,
    signal?: AbortSignal,
  ): Promise<{ id: string }> {
    const created = await this.request({
      method: "POST",
      path: sourcesPath(projectId, ""),
      body,
      schema: createdSourceSchema,
      operation: `create the ${body.source_type} source`,
      signal,
    });
    return { id: created.id };
  }

  /**
   * Runs PostHog's own CDC check. The flat body contains `source_type`, the
   * config keys and the CDC options.
   */
  checkCdcPrerequisites(
    projectId: number,
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<CdcCheckResult> {
    return this.request({
      method: "POST",
      path: sourcesPath(projectId, "check_cdc_prerequisites/"),
      body,
      schema: cdcCheckResultSchema,
      operation: "check the CDC prerequisites",
      signal,
    });
  }

  /**
   * Resolves when the prefix is free for the source type, else throws PostHog's
   * message.
   */
  async checkSourcePrefix(
    projectId: number,
    sourceType: string,
    prefix: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.request({
      method: "POST",
      path: sourcesPath(projectId, "source_prefix/"),
      body: { source_type: sourceType, prefix },
      operation: `check the table prefix '${prefix}'`,
      signal,
    });
  }

  /**
   * Runs PostHog's server-side discovery. The flat body has `source_type` and
   * the config keys.
   */
  getDatabaseSchema(
    projectId: number,
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<DatabaseSchemaTable[]> {
    return this.request({
      method: "POST",
      path: sourcesPath(projectId, "database_schema/"),
      body,
      schema: z.array(databaseSchemaTableSchema),
      operation: "discover the tables through PostHog",
      signal,
    });
  }

  private request<T>(request: JsonRequest<T>): Promise<T> {
    return requestJson(this.http, request);
  }

  private async paginate<T>(
    path: string,
    schema: z.ZodType<{ results: T[]; next?: string | null; count?: number }>,
    operation: string,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await this.request({
        method: "GET",
        path,
        query: { limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) },
        schema,
        operation,
        signal,
      });
      items.push(...result.results);
      if (!result.next || result.results.length === 0) break;
    }
    return items;
  }
}

function sourcesPath(projectId: number, rest: string): string {
  return `/api/projects/${projectId}/external_data_sources/${rest}`;
}

function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    throw invalidHost(host, "it is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalidHost(host, "it does not start with https://");
  }
  if (url.username || url.password) {
    throw invalidHost(url.host, "it contains a user name or password");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function invalidHost(host: string, reason: string): AppError {
  return new AppError({
    kind: "invalid-input",
    code: "POSTHOG_HOST_INVALID",
    message: `The PostHog host "${host}" is invalid because ${reason}.`,
    fix: "Enter the address you open PostHog at, e.g. https://us.posthog.com.",
    field: "host",
  });
}

/**
 * Builds the project picker's entries, each with its organization's name from
 * the user record.
 */
export function describeProjects(
  projects: ProjectSummary[],
  user: PostHogUser,
): PostHogProject[] {
  const organizations = new Map(user.organizations.map((o) => [o.id, o.name]));
  return projects.map((project) => {
    const organizationName = project.organization
      ? organizations.get(project.organization)
      : undefined;
    return organizationName === undefined
      ? { id: project.id, name: project.name }
      : { id: project.id, name: project.name, organizationName };
  });
}
