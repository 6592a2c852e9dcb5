import { AppError, isAppError } from "../../shared/domain/errors";
import type { ExternalDataSource } from "../posthog/api-types";
import type { Logger, PostHogClient } from "../posthog/client";
import { buildCreateBody, type PreparedSetup } from "./planner";

/** State the creator keeps about one plan between attempts. */
export interface CreateAttempt {
  /**
   * The credential stored for this plan, reused while PostHog still lists it.
   */
  credentialId: string | null;
  /**
   * Ids of same-type, same-prefix sources listed before the first create was
   * sent.
   */
  sourceIdsBeforeCreate: string[] | null;
  /**
   * A create was sent whose outcome is unknown, so later attempts look for its
   * source first.
   */
  createUncertain: boolean;
}

export type SetupClient = Pick<
  PostHogClient,
  "storeCredentials" | "listStoredCredentials" | "createSource" | "listSources"
>;

export interface SetupCreatorOptions {
  client: SetupClient;
  /**
   * Attempts by plan id. The default map lives as long as the creator. After a
   * restart only PostHog's one-source-per-type-and-prefix rule stops a second
   * create of the same plan.
   */
  attempts?: Map<string, CreateAttempt>;
  logger?: Logger;
}

export interface CreateResult {
  sourceId: string;
  /**
   * True when a source created by an earlier attempt was found and used instead
   * of a new one.
   */
  adopted: boolean;
}

/** Connection errors that prove the request never reached PostHog. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * Tells whether PostHog may have acted on a failed request: after a timeout, a
 * cancellation, a 5xx or a connection lost mid-request it may have. After a 4xx
 * or a refused connection it did not.
 */
export function isUncertainOutcome(error: unknown): boolean {
  if (!isAppError(error)) return true;
  if (error.kind === "posthog-unreachable")
    return !NOT_SENT_CODES.has(error.code);
  return ["timed-out", "cancelled", "posthog-server"].includes(error.kind);
}

/**
 * Executes a setup plan: `store_credentials` (the only request with secrets),
 * then create with the credential id. A retry with the same plan never creates
 * a second source. It reuses a credential that PostHog still lists. After an
 * uncertain create, it adopts the source of the plan's type and prefix that was
 * not listed before the first create.
 */
export class SetupCreator {
  private readonly client: SetupClient;
  private readonly attempts: Map<string, CreateAttempt>;
  private readonly logger: Logger | undefined;

  constructor(options: SetupCreatorOptions) {
    this.client = options.client;
    this.attempts = options.attempts ?? new Map<string, CreateAttempt>();
    this.logger = options.logger;
  }

  async create(
    prepared: PreparedSetup,
    signal?: AbortSignal,
  ): Promise<CreateResult> {
    const blocker = prepared.blockers[0];
    if (blocker) throw new AppError(blocker);

    const planId = prepared.plan.planId;
    const attempt = this.attempts.get(planId) ?? {
      credentialId: null,
      sourceIdsBeforeCreate: null,
      createUncertain: false,
    };
    this.attempts.set(planId, attempt);

    if (attempt.createUncertain) {
      const adopted = await this.findCreatedSource(prepared, attempt, signal);
      if (adopted) {
        this.attempts.delete(planId);
        this.logger?.info("Adopted the source of an earlier create", {
          planId,
          sourceId: adopted.id,
        });
        return { sourceId: adopted.id, adopted: true };
      }
    }

    const credentialId = await this.ensureCredential(prepared, attempt, signal);
    attempt.sourceIdsBeforeCreate ??= await this.sameSourceIds(
      prepared,
      signal,
    );
    return this.sendCreate(prepared, attempt, credentialId, signal);
  }

  private async sendCreate(
    prepared: PreparedSetup,
    attempt: CreateAttempt,
    credentialId: string,
    signal: AbortSignal | undefined,
  ): Promise<CreateResult> {
    const planId = prepared.plan.planId;
    try {
      const body = buildCreateBody(prepared, credentialId);
      const { id } = await this.client.createSource(
        prepared.projectId,
        body,
        signal,
      );
      this.attempts.delete(planId);
      this.logger?.info("Created the source", { planId, sourceId: id });
      return { sourceId: id, adopted: false };
    } catch (error) {
      // Stays set after later certain failures, because a slow create may still
      // finish.
      if (isUncertainOutcome(error)) attempt.createUncertain = true;
      this.logger?.warn("Creating the source failed", {
        planId,
        kind: isAppError(error) ? error.kind : "internal",
        uncertain: attempt.createUncertain,
      });
      throw error;
    }
  }

  private async ensureCredential(
    prepared: PreparedSetup,
    attempt: CreateAttempt,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    if (attempt.credentialId) {
      const listed = await this.client.listStoredCredentials(
        prepared.projectId,
        prepared.sourceType,
        signal,
      );
      if (listed.some((c) => c.credential_id === attempt.credentialId)) {
        return attempt.credentialId;
      }
      this.logger?.info("Stored credential is gone, storing it again", {
        planId: prepared.plan.planId,
      });
    }

    const stored = await this.client.storeCredentials(
      prepared.projectId,
      prepared.sourceType,
      { ...prepared.storeCredentialsPayload },
      signal,
    );
    attempt.credentialId = stored.credential_id;
    return stored.credential_id;
  }

  private async sameSourceIds(
    prepared: PreparedSetup,
    signal: AbortSignal | undefined,
  ): Promise<string[]> {
    const sources = await this.client.listSources(prepared.projectId, signal);
    return sources
      .filter((source) => isSameSource(source, prepared))
      .map((source) => source.id);
  }

  private async findCreatedSource(
    prepared: PreparedSetup,
    attempt: CreateAttempt,
    signal: AbortSignal | undefined,
  ): Promise<ExternalDataSource | null> {
    const before = new Set(attempt.sourceIdsBeforeCreate ?? []);
    const sources = await this.client.listSources(prepared.projectId, signal);
    const created = sources
      .filter(
        (source) => isSameSource(source, prepared) && !before.has(source.id),
      )
      .sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? ""));
    return created[0] ?? null;
  }
}

/**
 * PostHog allows one source per type and prefix, so these identify the plan's
 * source.
 */
function isSameSource(
  source: ExternalDataSource,
  prepared: PreparedSetup,
): boolean {
  return (
    source.source_type === prepared.sourceType &&
    (source.prefix ?? "") === prepared.prefix
  );
}
