import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SetupPlan, SourceStatus } from "../../shared/domain/posthog";
import {
  selectPrefixProblem,
  selectStepCompletion,
} from "../../renderer/src/store/selectors";
import { prefixFromDatabase } from "../../renderer/src/store/prefix-slice";
import type { AppStore } from "../../renderer/src/store";
import {
  account,
  catalog,
  createTestStore,
  deferred,
  FakeApi,
  fail,
  flushPromises,
  storeWithTables,
  table,
} from "./renderer-fake-api";

function plan(prefix: string): SetupPlan {
  return {
    planId: "plan-1",
    prefix,
    tables: [
      {
        sourceName: "orders",
        warehouseTable: `${prefix}postgres_orders`,
        syncType: "full_refresh",
        incrementalField: null,
      },
    ],
    requests: [],
    warnings: [],
  };
}

function status(settled: boolean): SourceStatus {
  return {
    sourceId: "src-1",
    status: settled ? "Completed" : "Running",
    tables: [],
    settled,
  };
}

/** Builds a store with one selected table and a plan, ready to create. */
async function plannedStore(api: FakeApi): Promise<AppStore> {
  api
    .handle("posthog:get-account", () => account())
    .handle("setup:plan", (request) => plan(request.prefix));
  const store = await storeWithTables(api, [table({ name: "orders" })]);
  await store.getState().loadAccount();
  store.getState().setTableSelected("orders", true);
  await store.getState().loadPlan();
  return store;
}

describe("prefix", () => {
  it("suggests one from the database", async () => {
    const store = await storeWithTables(new FakeApi(), [table()]);

    expect(store.getState().prefix).toBe("shop_");
  });

  it.each([
    ["Sales-EU DB", "sales_eu_db_"],
    ["2024_archive", "archive_"],
    ["____", ""],
    ["表", ""],
  ])("builds %s as %s", (database, expected) => {
    expect(prefixFromDatabase(database)).toBe(expected);
  });

  it("keeps an edited prefix", async () => {
    const api = new FakeApi();
    const store = await storeWithTables(api, [table()]);
    store.getState().setPrefix("prod_");

    await store.getState().runDiscovery();

    expect(store.getState().prefix).toBe("prod_");
  });

  it("reports an invalid prefix", async () => {
    const store = await storeWithTables(new FakeApi(), [table()]);

    store.getState().setPrefix("9lives");

    expect(selectPrefixProblem(store.getState())).toContain(
      "start with a letter or underscore",
    );
  });

  it("reports a clash with an existing source", async () => {
    const api = new FakeApi().handle("posthog:list-sources", () => ({
      sources: [
        {
          id: "s1",
          sourceType: "Postgres",
          prefix: "shop_",
          status: "Completed",
          createdAt: null,
        },
      ],
    }));
    api.handle("catalog:list-sources", () => catalog());
    const store = await storeWithTables(api, [table()]);
    await store.getState().loadCatalog(false);
    store.getState().selectSourceType("Postgres");

    await store.getState().loadExistingSources();

    expect(selectPrefixProblem(store.getState())).toContain("'shop_'");
  });
});

describe("source type", () => {
  it("selects Postgres", async () => {
    const store = createTestStore(
      new FakeApi().handle("catalog:list-sources", () => catalog()),
    );
    await store.getState().loadCatalog(false);

    store.getState().selectSourceType("Postgres");

    expect(store.getState().sourceType).toBe("Postgres");
  });

  it.each(["MySQL", "Hubspot"])("does not select %s", async (name) => {
    const store = createTestStore(
      new FakeApi().handle("catalog:list-sources", () => catalog()),
    );
    await store.getState().loadCatalog(false);

    store.getState().selectSourceType(name);

    expect(store.getState().sourceType).toBeNull();
  });

  it("asks main to refresh", async () => {
    const api = new FakeApi().handle("catalog:list-sources", () => catalog());
    const store = createTestStore(api);

    await store.getState().loadCatalog(true);

    expect(api.requestsTo("catalog:list-sources")).toEqual([{ refresh: true }]);
  });
});

describe("review and create", () => {
  it("plans the selected tables", async () => {
    const api = new FakeApi();
    const store = await plannedStore(api);

    expect(api.requestsTo("setup:plan")).toEqual([
      {
        connectionId: "conn-1",
        cdc: null,
        prefix: "shop_",
        tables: [
          {
            sourceName: "orders",
            syncType: "full_refresh",
            incrementalField: null,
            incrementalFieldType: null,
            primaryKey: ["id"],
          },
        ],
      },
    ]);
    expect(store.getState().plan?.planId).toBe("plan-1");
  });

  it("drops the plan when a choice changes", async () => {
    const store = await plannedStore(new FakeApi());

    store.getState().setPrefix("other_");

    expect(store.getState().plan).toBeNull();
  });

  it("discards a plan for old choices", async () => {
    const api = new FakeApi();
    const store = await plannedStore(api);
    const pending = deferred<SetupPlan>();
    api.handle("setup:plan", () => pending.promise);

    const loading = store.getState().loadPlan();
    await flushPromises();
    store.getState().setPrefix("late_");
    pending.resolve(plan("shop_"));
    await loading;

    expect(store.getState().plan).toBeNull();
  });

  it("creates and opens the status step", async () => {
    const api = new FakeApi().handle("setup:create", () => ({
      sourceId: "src-1",
      adopted: false,
    }));
    const store = await plannedStore(api);

    await store.getState().createSource();

    expect(api.requestsTo("setup:create")).toEqual([
      { planId: "plan-1", operationId: "op-3" },
    ]);
    expect(store.getState().createdSource).toEqual({
      sourceId: "src-1",
      adopted: false,
      planId: "plan-1",
    });
    expect(store.getState().step).toBe("status");
  });

  it("retries a failed create", async () => {
    let attempts = 0;
    const api = new FakeApi().handle("setup:create", () => {
      attempts += 1;
      if (attempts === 1)
        fail("posthog-server", "PostHog returned an error (500).", {
          status: 500,
        });
      return { sourceId: "src-1", adopted: true };
    });
    const store = await plannedStore(api);
    await store.getState().createSource();
    expect(store.getState().createRun.error?.kind).toBe("posthog-server");

    await store.getState().createSource();

    expect(store.getState().createRun.status).toBe("succeeded");
    expect(store.getState().createdSource?.adopted).toBe(true);
  });

  it("locks earlier steps after creation", async () => {
    const api = new FakeApi().handle("setup:create", () => ({
      sourceId: "src-1",
      adopted: false,
    }));
    const store = await plannedStore(api);
    await store.getState().createSource();

    store.getState().goTo("tables");

    expect(store.getState().step).toBe("status");
  });
});

describe("status polling", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function createdStore(api: FakeApi): Promise<AppStore> {
    api.handle("setup:create", () => ({ sourceId: "src-1", adopted: false }));
    const store = await plannedStore(api);
    await store.getState().createSource();
    return store;
  }

  it("polls until settled", async () => {
    const answers = [status(false), status(false), status(true)];
    const api = new FakeApi().handle(
      "setup:get-status",
      () => answers.shift() ?? status(true),
    );
    const store = await createdStore(api);

    store.getState().startStatusPolling();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(api.requestsTo("setup:get-status")).toHaveLength(3);
    expect(store.getState().statusPolling).toBe(false);
    expect(selectStepCompletion(store.getState()).status).toBe(true);
  });

  it("waits the interval between polls", async () => {
    const api = new FakeApi().handle("setup:get-status", () => status(false));
    const store = await createdStore(api);

    store.getState().startStatusPolling();
    await vi.advanceTimersByTimeAsync(1_999);
    const beforeInterval = api.requestsTo("setup:get-status").length;
    await vi.advanceTimersByTimeAsync(1);

    expect(beforeInterval).toBe(1);
    expect(api.requestsTo("setup:get-status")).toHaveLength(2);
  });

  it("stops on request", async () => {
    const api = new FakeApi().handle("setup:get-status", () => status(false));
    const store = await createdStore(api);
    store.getState().startStatusPolling();
    await vi.advanceTimersByTimeAsync(0);

    store.getState().stopStatusPolling();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(api.requestsTo("setup:get-status")).toHaveLength(1);
    expect(store.getState().statusPolling).toBe(false);
  });

  it("stops on an error", async () => {
    const api = new FakeApi().handle("setup:get-status", () =>
      fail("posthog-unreachable", "PostHog could not be reached."),
    );
    const store = await createdStore(api);

    store.getState().startStatusPolling();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(api.requestsTo("setup:get-status")).toHaveLength(1);
    expect(store.getState().statusError?.kind).toBe("posthog-unreachable");
  });

  it("starts over from the source step", async () => {
    const api = new FakeApi().handle("setup:get-status", () => status(false));
    const store = await createdStore(api);
    store.getState().startStatusPolling();
    await vi.advanceTimersByTimeAsync(0);

    store.getState().startOver();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(api.requestsTo("setup:get-status")).toHaveLength(1);
    expect(store.getState().step).toBe("source");
    expect(store.getState().createdSource).toBeNull();
    expect(store.getState().account?.signedIn).toBe(true);
  });
});
