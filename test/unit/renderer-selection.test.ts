import { describe, expect, it } from "vitest";
import type { DiscoveredTable } from "../../shared/domain/discovery";
import {
  selectSelectedCount,
  selectStepCompletion,
  selectTableChoices,
} from "../../renderer/src/store/selectors";
import {
  discovery,
  FakeApi,
  storeWithTables,
  table,
} from "./renderer-fake-api";

const timestamp = (field: string) => ({
  field,
  fieldType: "timestamp" as const,
  nullable: false,
  indexed: true,
});

const tables: DiscoveredTable[] = [
  table({
    name: "orders",
    incrementalCandidates: [timestamp("created_at"), timestamp("updated_at")],
  }),
  table({
    name: "events",
    primaryKey: null,
    incrementalCandidates: [timestamp("created_at")],
  }),
  table({ name: "settings", primaryKey: null }),
  table({ name: "order_totals", kind: "view", primaryKey: null }),
  table({
    name: "salaries",
    canSelect: false,
    readIssue: "no SELECT privilege",
  }),
];

function selection(
  store: Awaited<ReturnType<typeof storeWithTables>>,
  name: string,
) {
  const found = store.getState().tableSelections[name];
  if (!found) throw new Error(`no selection for ${name}`);
  return found;
}

describe("table selection", () => {
  it("starts from the recommendations", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    expect(selection(store, "orders").syncType).toBe("incremental");
    expect(selection(store, "orders").incrementalField).toBe("updated_at");
    expect(selection(store, "events").syncType).toBe("append");
    expect(selection(store, "events").incrementalField).toBe("created_at");
    expect(selection(store, "settings").syncType).toBe("full_refresh");
  });

  it("never starts with CDC", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    const types = Object.values(store.getState().tableSelections).map(
      (item) => item.syncType,
    );

    expect(types).not.toContain("cdc");
  });

  it("starts with nothing selected", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    expect(selectSelectedCount(store.getState())).toBe(0);
    expect(selectStepCompletion(store.getState()).tables).toBe(false);
  });

  it("keeps unreadable tables unselected", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().setTableSelected("salaries", true);

    expect(selection(store, "salaries").selected).toBe(false);
  });

  it("selects all filtered rows", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableFilter("ORDER");

    store.getState().selectFilteredTables(true);

    expect(selection(store, "orders").selected).toBe(true);
    expect(selection(store, "order_totals").selected).toBe(true);
    expect(selection(store, "events").selected).toBe(false);
    expect(store.getState().selectionNotice).toBe("Selected 2 tables.");
  });

  it("skips unreadable rows in select all", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().selectFilteredTables(true);

    expect(selectSelectedCount(store.getState())).toBe(4);
    expect(store.getState().selectionNotice).toBe(
      "Selected 4 tables. 1 table the role cannot read stayed unselected.",
    );
  });

  it("clears only filtered rows", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().selectFilteredTables(true);
    store.getState().setTableFilter("event");

    store.getState().selectFilteredTables(false);

    expect(selection(store, "events").selected).toBe(false);
    expect(selection(store, "orders").selected).toBe(true);
  });

  it("sets a bulk type where allowed", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableSelected("orders", true);
    store.getState().setTableSelected("events", true);
    store.getState().setTableSelected("settings", true);
    store.getState().setBulkSyncType("append");

    store.getState().applyBulkSyncType();

    expect(selection(store, "orders").syncType).toBe("append");
    expect(selection(store, "orders").incrementalField).toBe("updated_at");
    expect(selection(store, "events").syncType).toBe("append");
    expect(selection(store, "settings").syncType).toBe("full_refresh");
    expect(store.getState().selectionNotice).toBe(
      "Set Append only on 2 selected tables. 1 table cannot use Append only and was left unchanged.",
    );
  });

  it("leaves unselected rows alone in bulk", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableSelected("events", true);
    store.getState().setBulkSyncType("full_refresh");

    store.getState().applyBulkSyncType();

    expect(selection(store, "events").syncType).toBe("full_refresh");
    expect(selection(store, "orders").syncType).toBe("incremental");
  });

  it("rejects incremental without a key", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().setTableSyncType("events", "incremental");

    expect(selection(store, "events").syncType).toBe("append");
  });

  it("rejects CDC on a view", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().setTableSyncType("order_totals", "cdc");

    expect(selection(store, "order_totals").syncType).toBe("full_refresh");
  });

  it("allows CDC on a keyed table", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().setTableSyncType("orders", "cdc");

    expect(selection(store, "orders").syncType).toBe("cdc");
    expect(selection(store, "orders").incrementalField).toBeNull();
  });

  it("restores the recommended field", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableSyncType("orders", "full_refresh");

    store.getState().setTableSyncType("orders", "incremental");

    expect(selection(store, "orders").incrementalField).toBe("updated_at");
  });

  it("changes the incremental field", async () => {
    const store = await storeWithTables(new FakeApi(), tables);

    store.getState().setIncrementalField("orders", "created_at");
    store.getState().setIncrementalField("orders", "no_such_column");

    expect(selection(store, "orders").incrementalField).toBe("created_at");
  });

  it("builds choices for the plan", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableSelected("events", true);
    store.getState().setTableSelected("orders", true);

    expect(selectTableChoices(store.getState())).toEqual([
      {
        sourceName: "orders",
        syncType: "incremental",
        incrementalField: "updated_at",
        incrementalFieldType: "timestamp",
        primaryKey: ["id"],
      },
      {
        sourceName: "events",
        syncType: "append",
        incrementalField: "created_at",
        incrementalFieldType: "timestamp",
        primaryKey: null,
      },
    ]);
  });

  it("keeps choices across rediscovery", async () => {
    const api = new FakeApi();
    const store = await storeWithTables(api, tables);
    store.getState().setTableSelected("orders", true);
    store.getState().setTableSyncType("orders", "full_refresh");
    api.handle("discovery:run", () =>
      discovery([...tables, table({ name: "refunds" })]),
    );

    await store.getState().runDiscovery();

    expect(selection(store, "orders").selected).toBe(true);
    expect(selection(store, "orders").syncType).toBe("full_refresh");
    expect(selection(store, "refunds").selected).toBe(false);
  });

  it("resets choices when the connection changes", async () => {
    const store = await storeWithTables(new FakeApi(), tables);
    store.getState().setTableSelected("orders", true);

    store.getState().setConnectionField("database", "other");
    await store.getState().testConnection();

    expect(store.getState().discovery).toBeNull();
    expect(store.getState().tableSelections).toEqual({});
  });
});
