import { describe, expect, it } from "vitest";
import type {
  PostgresConnectionSettings,
  SavedConnection,
} from "../../shared/domain/connection";
import {
  buildSettings,
  emptySecrets,
  settingsToForm,
} from "../../renderer/src/store/connection-form";
import {
  createTestStore,
  discovery,
  FakeApi,
  fillDirectConnection,
  handleSaveAndTest,
  passingTrace,
  savedConnection,
  table,
} from "./renderer-fake-api";

const tunnelSettings: PostgresConnectionSettings = {
  name: "Production replica",
  host: "db.internal",
  port: 6432,
  database: "shop",
  user: "reader",
  schema: "public",
  tls: {
    mode: "verify-full",
    caCertificate:
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    caFileName: "ca.crt",
  },
  ssh: {
    host: "bastion.example.com",
    port: 2222,
    user: "tunnel",
    auth: "private-key",
  },
  posthogRoute: { kind: "tunnel", host: "bastion.example.com", port: 22 },
};

const directSettings: PostgresConnectionSettings = {
  name: "app@127.0.0.1/analytics",
  host: "127.0.0.1",
  port: 5432,
  database: "analytics",
  user: "app",
  schema: "",
  tls: { mode: "require" },
  ssh: null,
  posthogRoute: { kind: "direct" },
};

function saved(
  id: string,
  settings: PostgresConnectionSettings,
): SavedConnection {
  return {
    id,
    sourceType: "Postgres",
    settings,
    secrets: {
      password: true,
      sshPassword: false,
      sshPrivateKey: settings.ssh !== null,
      sshPassphrase: settings.ssh !== null,
    },
    updatedAt: "2025-01-01T00:00:00Z",
  };
}

function apiWithSaved(): FakeApi {
  return new FakeApi()
    .handle("connection:list", () => ({
      connections: [
        saved("tunnel", tunnelSettings),
        saved("direct", directSettings),
      ],
    }))
    .handle("connection:save", (request) => savedConnection(request, "new"))
    .handle("connection:test", () => passingTrace())
    .handle("discovery:run", () => discovery([table()]));
}

describe("connection name", () => {
  it("defaults to user@host/database", () => {
    const store = createTestStore(new FakeApi());
    fillDirectConnection(store);

    const check = buildSettings(
      store.getState().connectionForm,
      store.getState().typedSecrets,
      null,
    );

    expect(check.ok).toBe(true);
    expect(check.ok ? check.settings.name : null).toBe("app@127.0.0.1/shop");
  });

  it("keeps a typed name", () => {
    const store = createTestStore(new FakeApi());
    fillDirectConnection(store);
    store.getState().setConnectionField("name", "  Shop replica ");

    const check = buildSettings(
      store.getState().connectionForm,
      store.getState().typedSecrets,
      null,
    );

    expect(check.ok).toBe(true);
    expect(check.ok ? check.settings.name : null).toBe("Shop replica");
  });
});

describe("settings to form", () => {
  it("round-trips tunnel settings", () => {
    const check = buildSettings(settingsToForm(tunnelSettings), emptySecrets, {
      password: true,
      sshPassword: false,
      sshPrivateKey: true,
      sshPassphrase: true,
    });

    expect(check).toEqual({ ok: true, settings: tunnelSettings });
  });

  it("round-trips direct settings", () => {
    const check = buildSettings(settingsToForm(directSettings), emptySecrets, {
      password: true,
      sshPassword: false,
      sshPrivateKey: false,
      sshPassphrase: false,
    });

    expect(check).toEqual({ ok: true, settings: directSettings });
  });

  it("leaves a default name blank", () => {
    expect(settingsToForm(directSettings).name).toBe("");
    expect(settingsToForm(tunnelSettings).name).toBe("Production replica");
  });
});

describe("saved connections", () => {
  it("lists them by name", async () => {
    const store = createTestStore(apiWithSaved());

    await store.getState().loadSavedConnections();

    const names = store
      .getState()
      .savedConnections?.map((item) => item.settings.name);
    expect(names).toEqual(["app@127.0.0.1/analytics", "Production replica"]);
  });

  it("keeps a listing error", async () => {
    const store = createTestStore(new FakeApi());

    await store.getState().loadSavedConnections();

    expect(store.getState().savedConnections).toBeNull();
    expect(store.getState().savedConnectionsError?.code).toBe("INTERNAL");
  });

  it("fills the form from one", async () => {
    const store = createTestStore(apiWithSaved());
    await store.getState().loadSavedConnections();

    store.getState().openSavedConnection("tunnel");

    const state = store.getState();
    expect(state.connectionForm).toEqual(settingsToForm(tunnelSettings));
    expect(state.savedConnection?.id).toBe("tunnel");
    expect(state.savedConnection?.secrets.sshPrivateKey).toBe(true);
    expect(state.typedSecrets).toEqual(emptySecrets);
  });

  it("tests with the stored secrets", async () => {
    const api = apiWithSaved();
    const store = createTestStore(api);
    await store.getState().loadSavedConnections();
    store.getState().openSavedConnection("direct");

    await store.getState().testConnection();

    expect(api.requestsTo("connection:save")).toEqual([]);
    expect(api.requestsTo("connection:test")).toEqual([
      { connectionId: "direct", operationId: "op-1" },
    ]);
    expect(store.getState().testRun.status).toBe("succeeded");
  });

  it("saves edits to the same id", async () => {
    const api = apiWithSaved();
    const store = createTestStore(api);
    await store.getState().loadSavedConnections();
    store.getState().openSavedConnection("direct");
    store.getState().setConnectionField("name", "Analytics");

    await store.getState().testConnection();

    const [request] = api.requestsTo("connection:save");
    expect(request?.id).toBe("direct");
    expect(request?.secrets).toEqual({});
    expect(request?.clearSecrets).toEqual([]);
    expect(request?.settings.name).toBe("Analytics");
  });

  it("updates the list after a save", async () => {
    const api = apiWithSaved();
    const store = createTestStore(api);
    await store.getState().loadSavedConnections();
    fillDirectConnection(store);

    await store.getState().testConnection();

    const ids = store.getState().savedConnections?.map((item) => item.id);
    expect(ids).toEqual(["direct", "new", "tunnel"]);
  });

  it("drops the previous discovery", async () => {
    const api = apiWithSaved();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    await store.getState().loadSavedConnections();
    fillDirectConnection(store);
    await store.getState().testConnection();
    await store.getState().runDiscovery();

    store.getState().openSavedConnection("tunnel");

    const state = store.getState();
    expect(state.discovery).toBeNull();
    expect(state.tableSelections).toEqual({});
    expect(state.testRun.status).toBe("idle");
    expect(state.plan).toBeNull();
  });

  it("starts a new connection", async () => {
    const store = createTestStore(apiWithSaved());
    await store.getState().loadSavedConnections();
    store.getState().openSavedConnection("tunnel");

    store.getState().startNewConnection();

    const state = store.getState();
    expect(state.savedConnection).toBeNull();
    expect(state.connectionForm.host).toBe("");
    expect(state.savedConnections).toHaveLength(2);
  });
});
