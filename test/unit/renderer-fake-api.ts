import type { Channel } from "../../shared/ipc/channels";
import type {
  DwConnectApi,
  EventPayloadOf,
  IpcResult,
  ProgressEvent,
  RequestOf,
  ResponseOf,
} from "../../shared/ipc/contract";
import { AppError, type AppErrorShape } from "../../shared/domain/errors";
import type {
  DiscoveredTable,
  DiscoveryResult,
} from "../../shared/domain/discovery";
import type {
  PostHogAccount,
  SourceCatalog,
} from "../../shared/domain/posthog";
import type { SavedConnection } from "../../shared/domain/connection";
import type { TraceResult, TraceStep } from "../../shared/domain/trace";
import { createIpcClient } from "../../renderer/src/api/client";
import { createAppStore, type AppStore } from "../../renderer/src/store";

type Handler<C extends Channel> = (
  request: RequestOf<C>,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

type HandlerMap = { [C in Channel]?: Handler<C> };

export interface RecordedCall {
  channel: Channel;
  request: unknown;
}

/**
 * An in-memory `window.dwConnect`: each channel returns what a handler set by
 * the test returns, and a handler that throws an AppError becomes an error
 * result, as main sends it.
 */
export class FakeApi implements DwConnectApi {
  readonly calls: RecordedCall[] = [];
  private readonly handlers: HandlerMap = {};
  private readonly listeners = new Set<(event: ProgressEvent) => void>();

  handle<C extends Channel>(channel: C, handler: Handler<C>): this {
    (this.handlers as Record<string, unknown>)[channel] = handler;
    return this;
  }

  async invoke<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>> {
    this.calls.push({ channel, request });
    const handler = this.handlers[channel];
    if (!handler) {
      return {
        ok: false,
        error: errorShape("internal", `no handler for ${channel}`),
      };
    }

    try {
      return { ok: true, value: await handler(request) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.shape };
      throw error;
    }
  }

  on<E extends "operation:progress">(
    _event: E,
    listener: (payload: EventPayloadOf<E>) => void,
  ): () => void {
    // The contract has one event, so its payload is always a ProgressEvent.
    const progressListener = listener as (event: ProgressEvent) => void;
    this.listeners.add(progressListener);
    return () => this.listeners.delete(progressListener);
  }

  emit(event: ProgressEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  requestsTo<C extends Channel>(channel: C): RequestOf<C>[] {
    return this.calls
      .filter((call) => call.channel === channel)
      .map((call) => call.request as RequestOf<C>);
  }
}

export function errorShape(
  kind: AppErrorShape["kind"],
  message: string,
  extra: Partial<AppErrorShape> = {},
): AppErrorShape {
  return { kind, code: kind.toUpperCase(), message, ...extra };
}

export function fail(
  kind: AppErrorShape["kind"],
  message: string,
  extra: Partial<AppErrorShape> = {},
): never {
  throw new AppError(errorShape(kind, message, extra));
}

/** Builds a store over the fake API with operation ids `op-1`, `op-2`, ... */
export function createTestStore(
  api: FakeApi,
  statusPollIntervalMs = 2000,
): AppStore {
  let next = 0;
  return createAppStore({
    client: createIpcClient(api),
    newOperationId: () => `op-${++next}`,
    statusPollIntervalMs,
  });
}

/**
 * Creates a promise with its resolve and reject functions, for handlers that
 * wait on the test.
 */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function account(
  overrides: Partial<PostHogAccount> = {},
): PostHogAccount {
  return {
    signedIn: true,
    region: "us",
    host: "https://us.posthog.com",
    projects: [{ id: 1, name: "Default project" }],
    projectId: 1,
    userEmail: "analyst@example.com",
    ...overrides,
  };
}

export function savedConnection(
  request: RequestOf<"connection:save">,
  id = "conn-1",
): SavedConnection {
  const secrets = request.secrets;
  return {
    id: request.id ?? id,
    sourceType: "Postgres",
    settings: request.settings,
    secrets: {
      password: secrets.password !== undefined,
      sshPassword: secrets.sshPassword !== undefined,
      sshPrivateKey: secrets.sshPrivateKey !== undefined,
      sshPassphrase: secrets.sshPassphrase !== undefined,
    },
    updatedAt: "2025-01-01T00:00:00Z",
  };
}

export function traceStep(
  layer: TraceStep["layer"],
  status: TraceStep["status"] = "passed",
  error?: AppErrorShape,
): TraceStep {
  return { layer, status, durationMs: 3, summary: `${layer} ${status}`, error };
}

export function passingTrace(): TraceResult {
  return {
    ok: true,
    steps: [
      traceStep("dns"),
      traceStep("tcp"),
      traceStep("tls"),
      traceStep("login"),
    ],
    warnings: [],
  };
}

export function table(
  overrides: Partial<DiscoveredTable> = {},
): DiscoveredTable {
  const name = overrides.name ?? "orders";
  return {
    schema: "public",
    name,
    sourceName: name,
    kind: "table",
    estimatedRows: 100,
    rowEstimateSource: "statistics",
    columns: [],
    primaryKey: ["id"],
    incrementalCandidates: [],
    canSelect: true,
    readIssue: null,
    rowLevelSecurity: false,
    replicaIdentity: "default",
    partitionCount: 0,
    ...overrides,
  };
}

export function discovery(tables: DiscoveredTable[]): DiscoveryResult {
  return {
    tables,
    warnings: [],
    server: {
      version: "15.8",
      versionNum: 150008,
      user: "app",
      database: "shop",
      ssl: true,
    },
    queryCount: 6,
    durationMs: 40,
  };
}

/** Fills the Postgres form with valid direct-connection values. */
export function fillDirectConnection(store: AppStore): void {
  const { setConnectionField, setSecret } = store.getState();
  setConnectionField("host", "127.0.0.1");
  setConnectionField("database", "shop");
  setConnectionField("user", "app");
  setSecret("password", "db-password");
}

/** Makes save return a saved connection and test return a passing trace. */
export function handleSaveAndTest(api: FakeApi, trace = passingTrace()): void {
  api.handle("connection:save", (request) => savedConnection(request));
  api.handle("connection:test", () => trace);
}

/**
 * Lets pending promise callbacks run, so that the store reaches the call it
 * awaits.
 */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

/**
 * Builds a store that has tested a direct connection and discovered `tables`.
 */
export async function storeWithTables(
  api: FakeApi,
  tables: DiscoveredTable[],
): Promise<AppStore> {
  handleSaveAndTest(api);
  api.handle("discovery:run", () => discovery(tables));
  const store = createTestStore(api);
  fillDirectConnection(store);
  await store.getState().testConnection();
  await store.getState().runDiscovery();
  return store;
}

export function catalog(): SourceCatalog {
  const entry = (name: string, localProbe: boolean) => ({
    name,
    label: name,
    caption: "",
    docsUrl: null,
    fields: [],
    localProbe,
    releaseStatus: null,
  });
  return {
    sources: [
      entry("Postgres", true),
      entry("MySQL", true),
      entry("Hubspot", false),
    ],
    origin: "built-in",
    fetchedAt: null,
    warning: "PostHog could not be reached, so the built-in list is shown.",
  };
}
