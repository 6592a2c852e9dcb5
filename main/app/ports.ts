import type {
  CdcSetup,
  DoctorReport,
  DoctorRequest,
} from "../../shared/domain/cdc";
import type {
  ConnectionSecrets,
  SavedConnection,
} from "../../shared/domain/connection";
import type { DiscoveryResult } from "../../shared/domain/discovery";
import type {
  PostHogProject,
  SetupPlan,
  SourceCatalog,
  SourceStatus,
} from "../../shared/domain/posthog";
import type { TableChoice } from "../../shared/domain/sync";
import type { TraceResult, TraceStep } from "../../shared/domain/trace";
import type { ExistingSource } from "../../shared/ipc/contract";

/*
 * What the IPC handlers need from the services behind them. The composition root receives
 * implementations of these ports, so handlers stay thin and tests can pass fakes.
 */

/** Progress of a long operation, streamed to the renderer as `operation:progress`. */
export interface Progress {
  message: string;
  completed?: number;
  total?: number;
}

export interface ProgressOptions {
  signal: AbortSignal;
  onProgress(progress: Progress): void;
}

/** A signed-in PostHog account with a chosen project. The key never leaves the main process. */
export interface PostHogSession {
  host: string;
  projectId: number;
  apiKey: string;
}

export interface PostHogSignInResult {
  projects: PostHogProject[];
  userEmail: string | null;
}

export interface PostHogPort {
  /** Validates the key against the host and lists the projects it can access. */
  signIn(
    input: { host: string; apiKey: string },
    signal: AbortSignal,
  ): Promise<PostHogSignInResult>;
  listSources(session: PostHogSession): Promise<ExistingSource[]>;
  /** The source catalog: from PostHog when reachable, else the cache, else the built-in one. */
  getCatalog(
    session: PostHogSession | null,
    options: { refresh: boolean },
  ): Promise<SourceCatalog>;
}

export interface ConnectorPort {
  test(
    connection: SavedConnection,
    secrets: ConnectionSecrets,
    options: { signal: AbortSignal; onStep(step: TraceStep): void },
  ): Promise<TraceResult>;
  discover(
    connection: SavedConnection,
    secrets: ConnectionSecrets,
    options: ProgressOptions,
  ): Promise<DiscoveryResult>;
}

export interface HostKeyPort {
  /**
   * Trusts the host key last seen for the host and port if its fingerprint matches the one the
   * user accepted. Returns false when no such key is pending.
   */
  trustPending(
    host: string,
    port: number,
    fingerprint: string,
  ): Promise<boolean>;
}

export interface SetupPlanInput {
  connection: SavedConnection;
  secrets: ConnectionSecrets;
  session: PostHogSession;
  prefix: string;
  tables: TableChoice[];
  /** CDC settings for the create request; null when no table uses CDC. */
  cdc: CdcSetup | null;
}

export interface SetupPort {
  plan(input: SetupPlanInput): Promise<SetupPlan>;
  /** Stores the credentials and creates the source of a plan. Retrying never creates a duplicate. */
  create(
    planId: string,
    options: ProgressOptions,
  ): Promise<{ sourceId: string; adopted: boolean }>;
  status(planId: string): Promise<SourceStatus>;
}

export interface DoctorInput {
  connection: SavedConnection;
  secrets: ConnectionSecrets;
  /** Null when no PostHog project is chosen; the PostHog comparison is then skipped. */
  session: PostHogSession | null;
  request: DoctorRequest;
}

export interface DoctorPort {
  run(input: DoctorInput, options: ProgressOptions): Promise<DoctorReport>;
}

export interface AppPorts {
  posthog: PostHogPort;
  connector: ConnectorPort;
  hostKeys: HostKeyPort;
  setup: SetupPort;
  doctor: DoctorPort;
}
