import { describe, expect, it } from "vitest";
import type { DoctorCheck, DoctorReport } from "../../shared/domain/cdc";
import { AppError, type HostKeyInfo } from "../../shared/domain/errors";
import type { RequestOf } from "../../shared/ipc/contract";
import type { AppStore } from "../../renderer/src/store";
import {
  selectCdcBlocker,
  selectCdcReady,
  selectCdcTargetTables,
  selectVisibleSteps,
  uncheckedCdcTables,
} from "../../renderer/src/store/cdc-rules";
import {
  selectStepAvailability,
  selectStepCompletion,
} from "../../renderer/src/store/selectors";
import {
  account,
  catalog,
  deferred,
  errorShape,
  FakeApi,
  fail,
  flushPromises,
  storeWithTables,
  table,
} from "./renderer-fake-api";

const tables = [
  table({ name: "orders" }),
  table({ name: "customers" }),
  table({ name: "invoices" }),
];

function check(overrides: Partial<DoctorCheck> = {}): DoctorCheck {
  return {
    id: "wal-level",
    title: "wal_level",
    status: "pass",
    current: "logical",
    required: "logical",
    message: "wal_level is logical.",
    fixes: [],
    table: null,
    ...overrides,
  };
}

function primaryKey(tableName: string, passes: boolean): DoctorCheck {
  return check({
    id: "primary-key",
    title: "Primary key",
    table: tableName,
    status: passes ? "pass" : "fail",
    current: passes ? "present" : "none",
    required: "a primary key",
    message: passes
      ? `${tableName} has a primary key.`
      : `${tableName} has no primary key.`,
  });
}

function report(checked: string[], checks: DoctorCheck[] = []): DoctorReport {
  return {
    overall: checks.some((item) => item.status === "fail")
      ? "not-ready"
      : "ready",
    provider: {
      id: "self-hosted",
      name: "Self-hosted PostgreSQL",
      evidence: "no provider settings or roles found",
    },
    serverVersion: "15.8",
    checks: [
      check(),
      ...checked.map((name) => primaryKey(name, true)),
      ...checks,
    ],
    tables: checked,
    fixScript: "",
    posthog: {
      ran: false,
      skippedReason: "The PostHog comparison was not requested.",
      valid: null,
      errors: [],
      disagreements: [],
    },
    queryCount: 7,
    durationMs: 12,
  };
}

type DoctorCall = RequestOf<"cdc:run-doctor">;

/**
 * Handles every doctor call with `answer`, which by default returns a passing
 * report for the requested tables.
 */
function handleDoctor(
  api: FakeApi,
  answer: (request: DoctorCall) => DoctorReport | Promise<DoctorReport> = (
    request,
  ) => report(request.tables),
): FakeApi {
  return api.handle("cdc:run-doctor", answer);
}

/** Builds a store whose wizard reached the table list, with `orders` selected. */
async function tablesStore(api: FakeApi): Promise<AppStore> {
  api
    .handle("posthog:get-account", () => account())
    .handle("catalog:list-sources", () => catalog());
  const store = await storeWithTables(api, tables);
  await store.getState().loadAccount();
  await store.getState().loadCatalog(false);
  store.getState().selectSourceType("Postgres");
  store.getState().setTableSelected("orders", true);
  store.getState().goTo("tables");
  return store;
}

function syncTypeOf(store: AppStore, name: string): string | undefined {
  return store.getState().tableSelections[name]?.syncType;
}

function stepIds(store: AppStore): string[] {
  return selectVisibleSteps(store.getState()).map((step) => step.id);
}

describe("CDC step visibility", () => {
  it("hides the step without CDC", async () => {
    const store = await tablesStore(new FakeApi());

    expect(stepIds(store)).not.toContain("cdc");
    expect(selectStepAvailability(store.getState()).prefix).toBe(true);
  });

  it("shows the step once CDC is chosen", async () => {
    const store = await tablesStore(new FakeApi());

    store.getState().setTableSyncType("orders", "cdc");

    expect(stepIds(store)).toContain("cdc");
    expect(stepIds(store).indexOf("cdc")).toBe(
      stepIds(store).indexOf("tables") + 1,
    );
  });

  it("ignores CDC on unselected tables", async () => {
    const store = await tablesStore(new FakeApi());

    store.getState().setTableSyncType("customers", "cdc");

    expect(stepIds(store)).not.toContain("cdc");
  });

  it("blocks the prefix until checked", async () => {
    const store = await tablesStore(new FakeApi());

    store.getState().setTableSyncType("orders", "cdc");

    expect(selectStepCompletion(store.getState()).cdc).toBe(false);
    expect(selectStepAvailability(store.getState()).prefix).toBe(false);
  });

  it("opens from the table list", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);

    await store.getState().openCdcCheck();

    expect(store.getState().step).toBe("cdc");
    expect(stepIds(store)).toContain("cdc");
    expect(api.requestsTo("cdc:run-doctor")).toHaveLength(1);
  });

  it("stays closed with nothing selected", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);
    store.getState().setTableSelected("orders", false);

    await store.getState().openCdcCheck();

    expect(store.getState().step).toBe("tables");
    expect(api.requestsTo("cdc:run-doctor")).toHaveLength(0);
  });

  it("hides again after leaving", async () => {
    const store = await tablesStore(handleDoctor(new FakeApi()));
    await store.getState().openCdcCheck();

    store.getState().goTo("tables");

    expect(stepIds(store)).not.toContain("cdc");
  });
});

describe("CDC doctor run", () => {
  it("checks the CDC tables", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);
    store.getState().setTableSelected("customers", true);
    store.getState().setTableSyncType("orders", "cdc");

    await store.getState().runCdcDoctor();

    expect(api.requestsTo("cdc:run-doctor")).toEqual([
      {
        tables: ["orders"],
        mode: "posthog",
        slotName: "",
        publicationName: "",
        comparePostHog: false,
        connectionId: "conn-1",
        operationId: "op-3",
      },
    ]);
    expect(store.getState().cdcRun.status).toBe("succeeded");
    expect(store.getState().cdcReport?.tables).toEqual(["orders"]);
  });

  it("checks every selected table without CDC", async () => {
    const store = await tablesStore(new FakeApi());
    store.getState().setTableSelected("invoices", true);

    expect(selectCdcTargetTables(store.getState())).toEqual([
      "orders",
      "invoices",
    ]);
  });

  it("sends self-managed settings", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);
    const { setCdcInput } = store.getState();
    setCdcInput("mode", "self_managed");
    setCdcInput("publicationName", " app_pub ");
    setCdcInput("slotName", "app_slot");
    setCdcInput("comparePostHog", true);

    await store.getState().runCdcDoctor();

    const [request] = api.requestsTo("cdc:run-doctor");
    expect(request?.mode).toBe("self_managed");
    expect(request?.publicationName).toBe("app_pub");
    expect(request?.slotName).toBe("app_slot");
    expect(request?.comparePostHog).toBe(true);
  });

  it("defaults a blank publication", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);
    store.getState().setCdcInput("mode", "self_managed");
    store.getState().setCdcInput("publicationName", "  ");

    await store.getState().runCdcDoctor();

    expect(api.requestsTo("cdc:run-doctor")[0]?.publicationName).toBe(
      "posthog_pub",
    );
  });

  it("shows progress while running", async () => {
    const api = new FakeApi();
    const pending = deferred<DoctorReport>();
    handleDoctor(api, () => pending.promise);
    const store = await tablesStore(api);

    const running = store.getState().runCdcDoctor();
    await flushPromises();
    api.emit({
      operationId: "op-3",
      message: "Checking the CDC prerequisites",
    });
    const progress = store.getState().cdcRun.progress?.message;
    pending.resolve(report(["orders"]));
    await running;

    expect(progress).toBe("Checking the CDC prerequisites");
    expect(store.getState().cdcRun.progress).toBeNull();
    expect(api.listenerCount()).toBe(0);
  });

  it("re-checks with the same request", async () => {
    const api = handleDoctor(new FakeApi());
    const store = await tablesStore(api);
    store.getState().setCdcInput("slotName", "first_slot");
    await store.getState().runCdcDoctor();
    store.getState().setCdcInput("slotName", "second_slot");

    await store.getState().recheckCdc();

    const [first, second] = api.requestsTo("cdc:run-doctor");
    expect(second?.slotName).toBe("first_slot");
    expect(second?.tables).toEqual(first?.tables);
    expect(second?.operationId).not.toBe(first?.operationId);
  });

  it("replaces the report on re-check", async () => {
    let failing = true;
    const api = handleDoctor(new FakeApi(), (request) =>
      report(request.tables, [primaryKey("orders", !failing)]),
    );
    const store = await tablesStore(api);
    store.getState().setTableSyncType("orders", "cdc");
    await store.getState().runCdcDoctor();
    const before = selectCdcReady(store.getState());
    failing = false;

    await store.getState().recheckCdc();

    expect(before).toBe(false);
    expect(selectCdcReady(store.getState())).toBe(true);
    expect(selectStepAvailability(store.getState()).prefix).toBe(true);
  });

  it("cancels a running check", async () => {
    const api = new FakeApi();
    const pending = deferred<DoctorReport>();
    handleDoctor(api, () => pending.promise);
    api.handle("operation:cancel", () => {
      pending.reject(
        new AppError(errorShape("cancelled", "The check was cancelled.")),
      );
      return { cancelled: true };
    });
    const store = await tablesStore(api);

    const running = store.getState().runCdcDoctor();
    await flushPromises();
    await store.getState().cancelCdcDoctor();
    await running;

    expect(api.requestsTo("operation:cancel")).toEqual([
      { operationId: "op-3" },
    ]);
    expect(store.getState().cdcRun.status).toBe("cancelled");
    expect(store.getState().cdcRun.error).toBeNull();
  });

  it("keeps the error of a failed check", async () => {
    const api = handleDoctor(new FakeApi(), () =>
      fail("unreachable", "The database at 127.0.0.1:5432 is unreachable."),
    );
    const store = await tablesStore(api);

    await store.getState().runCdcDoctor();

    expect(store.getState().cdcRun.status).toBe("failed");
    expect(store.getState().cdcRun.error?.kind).toBe("unreachable");
    expect(store.getState().cdcReport).toBeNull();
  });

  it("keeps the last report after a failure", async () => {
    let calls = 0;
    const api = handleDoctor(new FakeApi(), (request) => {
      calls += 1;
      if (calls === 2) fail("timed-out", "The check timed out.");
      return report(request.tables);
    });
    const store = await tablesStore(api);
    await store.getState().runCdcDoctor();

    await store.getState().recheckCdc();

    expect(store.getState().cdcRun.status).toBe("failed");
    expect(store.getState().cdcReport?.tables).toEqual(["orders"]);
  });

  it("retries after trusting the host key", async () => {
    const hostKey: HostKeyInfo = {
      host: "127.0.0.1",
      port: 2222,
      algorithm: "ssh-ed25519",
      fingerprint: "SHA256:Jw6ZzYtqXaU8pLrH2bDq1k3mVnWcTg9sEoFiRuAeYx0",
    };
    let calls = 0;
    const api = handleDoctor(new FakeApi(), (request) => {
      calls += 1;
      if (calls === 1) {
        fail("ssh-host-key-unknown", "The host key is not trusted.", {
          hostKey,
        });
      }
      return report(request.tables);
    }).handle("ssh:trust-host-key", () => ({ trusted: true }));
    const store = await tablesStore(api);
    await store.getState().runCdcDoctor();
    const retry = store.getState().hostKeyPrompt?.retry;

    await store.getState().trustHostKey();

    expect(retry).toBe("cdc");
    expect(api.requestsTo("cdc:run-doctor")).toHaveLength(2);
    expect(store.getState().cdcRun.status).toBe("succeeded");
  });

  it("drops a report for an old connection", async () => {
    const api = new FakeApi();
    const pending = deferred<DoctorReport>();
    handleDoctor(api, () => pending.promise);
    const store = await tablesStore(api);

    const running = store.getState().runCdcDoctor();
    await flushPromises();
    store.getState().setConnectionField("database", "other");
    await store.getState().saveConnection();
    pending.resolve(report(["orders"]));
    await running;

    expect(store.getState().cdcReport).toBeNull();
    expect(store.getState().cdcRun.status).toBe("idle");
  });
});

describe("CDC prerequisites in the table list", () => {
  async function checkedStore(checks: DoctorCheck[]): Promise<AppStore> {
    const api = handleDoctor(new FakeApi(), (request) =>
      report(request.tables, checks),
    );
    const store = await tablesStore(api);
    store.getState().setTableSelected("customers", true);
    await store.getState().runCdcDoctor();
    return store;
  }

  it("rejects CDC on a failing table", async () => {
    const store = await checkedStore([primaryKey("orders", false)]);

    store.getState().setTableSyncType("orders", "cdc");

    expect(syncTypeOf(store, "orders")).toBe("full_refresh");
  });

  it("allows CDC on a passing table", async () => {
    const store = await checkedStore([primaryKey("orders", false)]);

    store.getState().setTableSyncType("customers", "cdc");

    expect(syncTypeOf(store, "customers")).toBe("cdc");
  });

  it("gives the reason for the row", async () => {
    const store = await checkedStore([primaryKey("orders", false)]);

    const blocker = selectCdcBlocker(store.getState(), "orders");

    expect(blocker?.titles).toBe("Primary key");
    expect(blocker?.detail).toBe("Primary key (none)");
    expect(selectCdcBlocker(store.getState(), "customers")).toBeNull();
  });

  it("lists own failures before the server's", async () => {
    const store = await checkedStore([
      check({ status: "fail", current: "replica" }),
      primaryKey("orders", false),
    ]);

    const blocker = selectCdcBlocker(store.getState(), "orders");

    expect(blocker?.titles).toBe("Primary key, wal_level");
    expect(blocker?.detail).toBe("Primary key (none); server fails wal_level");
  });

  it("rejects CDC everywhere on server failure", async () => {
    const store = await checkedStore([
      check({ status: "fail", current: "replica" }),
    ]);

    store.getState().setTableSyncType("customers", "cdc");
    store.getState().setTableSyncType("invoices", "cdc");

    expect(syncTypeOf(store, "customers")).toBe("full_refresh");
    expect(syncTypeOf(store, "invoices")).toBe("full_refresh");
    expect(selectCdcBlocker(store.getState(), "invoices")?.detail).toBe(
      "server fails wal_level",
    );
  });

  it("skips failing tables in bulk", async () => {
    const store = await checkedStore([primaryKey("orders", false)]);
    store.getState().setBulkSyncType("cdc");

    store.getState().applyBulkSyncType();

    expect(syncTypeOf(store, "orders")).toBe("full_refresh");
    expect(syncTypeOf(store, "customers")).toBe("cdc");
    expect(store.getState().selectionNotice).toBe(
      "Set CDC on 1 selected table. 1 table cannot use CDC and was left unchanged.",
    );
  });

  it("flags a CDC table that fails", async () => {
    let failing = false;
    const api = handleDoctor(new FakeApi(), (request) =>
      report(request.tables, [primaryKey("orders", !failing)]),
    );
    const store = await tablesStore(api);
    store.getState().setTableSyncType("orders", "cdc");
    await store.getState().runCdcDoctor();
    failing = true;

    await store.getState().recheckCdc();

    expect(syncTypeOf(store, "orders")).toBe("cdc");
    expect(selectCdcBlocker(store.getState(), "orders")).not.toBeNull();
    expect(selectCdcReady(store.getState())).toBe(false);
  });

  it("lets a flagged table switch away", async () => {
    const api = handleDoctor(new FakeApi(), (request) =>
      report(request.tables, [primaryKey("orders", false)]),
    );
    const store = await tablesStore(api);
    store.getState().setTableSyncType("orders", "cdc");
    await store.getState().runCdcDoctor();

    store.getState().setTableSyncType("orders", "full_refresh");

    expect(syncTypeOf(store, "orders")).toBe("full_refresh");
    expect(stepIds(store)).not.toContain("cdc");
  });

  it("needs a check for new CDC tables", async () => {
    const store = await checkedStore([]);
    store.getState().setTableSyncType("orders", "cdc");
    store.getState().setTableSelected("invoices", true);

    store.getState().setTableSyncType("invoices", "cdc");

    expect(uncheckedCdcTables(store.getState())).toEqual(["invoices"]);
    expect(selectCdcReady(store.getState())).toBe(false);
  });

  it("allows CDC before any check", async () => {
    const store = await tablesStore(new FakeApi());

    store.getState().setTableSyncType("orders", "cdc");

    expect(syncTypeOf(store, "orders")).toBe("cdc");
  });

  it("clears the report on a new connection", async () => {
    const store = await checkedStore([primaryKey("orders", false)]);

    store.getState().setConnectionField("database", "other");
    await store.getState().saveConnection();

    expect(store.getState().cdcReport).toBeNull();
    expect(selectCdcBlocker(store.getState(), "orders")).toBeNull();
  });
});
