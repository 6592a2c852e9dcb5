import { AppError } from "../../../shared/domain/errors";
import type { SetupPlan, SourceStatus } from "../../../shared/domain/posthog";
import type { Logger } from "../../services/logging/logger";
import { SetupCreator } from "../../setup/creator";
import { planSetup, type PreparedSetup } from "../../setup/planner";
import { isPostHogCloud } from "../../setup/route-checks";
import { getSourceStatus } from "../../setup/status";
import type {
  PostHogSession,
  ProgressOptions,
  SetupPlanInput,
  SetupPort,
} from "../ports";
import type { DiscoveryCache } from "./discovery-cache";
import { toExistingSource, type PostHogClientFactory } from "./posthog-port";

interface PlanEntry {
  prepared: PreparedSetup;
  session: PostHogSession;
  creator: SetupCreator;
  sourceId: string | null;
}

/**
 * Plans, creates and watches PostHog sources. Plans hold the unmasked requests and stay in
 * the main process; the renderer refers to them by plan id.
 */
export class SetupService implements SetupPort {
  private readonly plans = new Map<string, PlanEntry>();

  constructor(
    private readonly deps: {
      clientFor: PostHogClientFactory;
      discoveries: DiscoveryCache;
      logger: Logger;
    },
  ) {}

  async plan(input: SetupPlanInput): Promise<SetupPlan> {
    const discovery = this.deps.discoveries.get(input.connection.id);
    if (!discovery) throw notDiscovered();

    const client = this.deps.clientFor(input.session);
    const sources = await client.listSources(input.session.projectId);
    const prepared = planSetup({
      projectId: input.session.projectId,
      settings: input.connection.settings,
      secrets: input.secrets,
      discovered: discovery.tables,
      choices: input.tables,
      prefix: input.prefix,
      existingSources: sources.map(toExistingSource),
      posthogCloud: isPostHogCloud(input.session.host),
      cdcEnabled: input.tables.some((table) => table.syncType === "cdc"),
      cdc: input.cdc,
    });

    const creator = new SetupCreator({
      client,
      logger: this.deps.logger.child("setup"),
    });
    this.plans.set(prepared.plan.planId, {
      prepared,
      session: input.session,
      creator,
      sourceId: null,
    });
    return prepared.plan;
  }

  async create(
    planId: string,
    options: ProgressOptions,
  ): Promise<{ sourceId: string; adopted: boolean }> {
    const entry = this.entry(planId);
    if (entry.sourceId) return { sourceId: entry.sourceId, adopted: true };

    options.onProgress({
      message: "Storing the credentials in PostHog and creating the source",
    });
    const result = await entry.creator.create(entry.prepared, options.signal);
    entry.sourceId = result.sourceId;
    this.deps.logger.info("Created a PostHog source", {
      planId,
      sourceId: result.sourceId,
    });
    return result;
  }

  async status(planId: string): Promise<SourceStatus> {
    const entry = this.entry(planId);
    if (!entry.sourceId) {
      throw new AppError({
        kind: "invalid-input",
        code: "SETUP_NOT_CREATED",
        message: "The source of this plan has not been created yet.",
        fix: "Create the source first.",
      });
    }
    const client = this.deps.clientFor(entry.session);
    return getSourceStatus(client, entry.session.projectId, entry.sourceId);
  }

  private entry(planId: string): PlanEntry {
    const entry = this.plans.get(planId);
    if (entry) return entry;
    throw new AppError({
      kind: "not-found",
      code: "SETUP_PLAN_NOT_FOUND",
      message: `No setup plan ${planId} exists in this session of the app.`,
      fix: "Go back to the review step to make a new plan.",
    });
  }
}

function notDiscovered(): AppError {
  return new AppError({
    kind: "invalid-input",
    code: "SETUP_NOT_DISCOVERED",
    message:
      "The tables of this connection have not been discovered in this session.",
    fix: "Run discovery again, then review the setup.",
  });
}
