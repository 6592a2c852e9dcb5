import { describe, expect, it } from "vitest";
import { selectStepCompletion } from "../../renderer/src/store/selectors";
import {
  createTestStore,
  deferred,
  FakeApi,
  fail,
  fillDirectConnection,
  flushPromises,
  handleSaveAndTest,
  passingTrace,
  savedConnection,
  traceStep,
} from "./renderer-fake-api";
import { AppError } from "../../shared/domain/errors";
import type { TraceResult } from "../../shared/domain/trace";

describe("connection paste", () => {
  it("fills the form and password", () => {
    const store = createTestStore(new FakeApi());

    const applied = store
      .getState()
      .pasteConnectionString(
        "postgresql://app:p%40ss@db.internal:6432/shop?sslmode=verify-ca",
      );

    const { connectionForm, typedSecrets, pasteNotes } = store.getState();
    expect(applied).toBe(true);
    expect(connectionForm.host).toBe("db.internal");
    expect(connectionForm.port).toBe("6432");
    expect(connectionForm.database).toBe("shop");
    expect(connectionForm.user).toBe("app");
    expect(connectionForm.tlsMode).toBe("verify-ca");
    expect(typedSecrets.password).toBe("p@ss");
    expect(pasteNotes[0]).toBe(
      "Filled host, port, database, user, password, TLS mode from the connection string.",
    );
  });

  it("keeps fields the URL omits", () => {
    const store = createTestStore(new FakeApi());
    store.getState().setConnectionField("database", "analytics");
    store.getState().setConnectionField("port", "6000");

    store.getState().pasteConnectionString("postgres://db.internal");

    expect(store.getState().connectionForm.database).toBe("analytics");
    expect(store.getState().connectionForm.port).toBe("6000");
  });

  it("stores a parse error", () => {
    const store = createTestStore(new FakeApi());
    store.getState().setConnectionField("host", "kept.example.com");

    const applied = store.getState().pasteConnectionString("mysql://u@h/d");

    expect(applied).toBe(false);
    expect(store.getState().pasteError?.code).toBe("CONNECTION_STRING_SCHEME");
    expect(store.getState().connectionForm.host).toBe("kept.example.com");
  });
});

describe("test connection", () => {
  it("saves before testing", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(api.calls.map((call) => call.channel)).toEqual([
      "connection:save",
      "connection:test",
    ]);
    expect(api.requestsTo("connection:test")).toEqual([
      { connectionId: "conn-1", operationId: "op-1" },
    ]);
  });

  it("sends the typed secrets once", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    const [request] = api.requestsTo("connection:save");
    expect(request?.secrets).toEqual({ password: "db-password" });
    expect(request?.clearSecrets).toEqual([]);
    expect(request?.settings.tls).toEqual({ mode: "require" });
    expect(request?.settings.ssh).toBeNull();
    expect(request?.settings.posthogRoute).toEqual({ kind: "direct" });
  });

  it("clears typed secrets after saving", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().typedSecrets.password).toBe("");
    expect(store.getState().savedConnection?.secrets.password).toBe(true);
  });

  it("skips saving when nothing changed", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    await store.getState().testConnection();

    await store.getState().testConnection();

    expect(api.requestsTo("connection:save")).toHaveLength(1);
    expect(api.requestsTo("connection:test")).toHaveLength(2);
  });

  it("saves edits under the same id", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    await store.getState().testConnection();

    store.getState().setConnectionField("schema", "sales");
    await store.getState().testConnection();

    const second = api.requestsTo("connection:save")[1];
    expect(second?.id).toBe("conn-1");
    expect(second?.secrets).toEqual({});
    expect(second?.settings.schema).toBe("sales");
  });

  it("sends only the secrets of the auth method", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    const { setConnectionField, setSecret } = store.getState();
    setConnectionField("sshEnabled", true);
    setConnectionField("sshHost", "bastion.example.com");
    setConnectionField("sshUser", "tunnel");
    setConnectionField("sshAuth", "private-key");
    setSecret("sshPassword", "typed-then-abandoned");
    setSecret("sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----");
    setSecret("sshPassphrase", "correct horse");

    await store.getState().testConnection();

    const [request] = api.requestsTo("connection:save");
    expect(request?.secrets).toEqual({
      password: "db-password",
      sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----",
      sshPassphrase: "correct horse",
    });
    expect(request?.settings.ssh).toEqual({
      host: "bastion.example.com",
      port: 22,
      user: "tunnel",
      auth: "private-key",
    });
    expect(request?.settings.posthogRoute).toEqual({ kind: "same-tunnel" });
    expect(store.getState().typedSecrets.sshPassword).toBe("");
  });

  it("clears SSH secrets when the tunnel is off", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    store.getState().setConnectionField("sshEnabled", true);
    store.getState().setConnectionField("sshHost", "bastion.example.com");
    store.getState().setConnectionField("sshUser", "tunnel");
    store.getState().setSecret("sshPrivateKey", "key");
    await store.getState().testConnection();

    store.getState().setConnectionField("sshEnabled", false);
    await store.getState().testConnection();

    const second = api.requestsTo("connection:save")[1];
    expect(second?.clearSecrets).toEqual(["sshPrivateKey"]);
    expect(second?.settings.posthogRoute).toEqual({ kind: "direct" });
  });

  it("accepts a stored SSH key", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    store.getState().setConnectionField("sshEnabled", true);
    store.getState().setConnectionField("sshHost", "bastion.example.com");
    store.getState().setConnectionField("sshUser", "tunnel");
    store.getState().setSecret("sshPrivateKey", "key");
    await store.getState().testConnection();

    store.getState().setConnectionField("sshPort", "2222");
    await store.getState().testConnection();

    expect(store.getState().fieldErrors).toEqual({});
    expect(api.requestsTo("connection:save")).toHaveLength(2);
  });

  it("reports invalid fields without calling main", async () => {
    const api = new FakeApi();
    const store = createTestStore(api);
    store.getState().setConnectionField("port", "99999");
    store.getState().setConnectionField("sshEnabled", true);
    store.getState().setConnectionField("sshAuth", "password");

    await store.getState().testConnection();

    const { fieldErrors, connectionError } = store.getState();
    expect(api.calls).toEqual([]);
    expect(fieldErrors.host).toBe("Enter the database host.");
    expect(fieldErrors.port).toBe("Enter a port from 1 to 65535.");
    expect(fieldErrors.sshHost).toBe("Enter the bastion host.");
    expect(fieldErrors.sshPassword).toBe("Enter the SSH password.");
    expect(connectionError?.code).toBe("FORM_INVALID");
  });

  it("requires the other bastion's address", async () => {
    const store = createTestStore(new FakeApi());
    fillDirectConnection(store);
    store.getState().setConnectionField("routeKind", "tunnel");

    await store.getState().testConnection();

    expect(store.getState().fieldErrors.routeHost).toBe(
      "Enter the bastion address PostHog should use.",
    );
  });

  it("keeps typed secrets when saving fails", async () => {
    const api = new FakeApi().handle("connection:save", () =>
      fail("internal", "The settings file could not be written."),
    );
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().typedSecrets.password).toBe("db-password");
    expect(store.getState().connectionError?.message).toBe(
      "The settings file could not be written.",
    );
    expect(api.requestsTo("connection:test")).toEqual([]);
  });

  it("keeps the form after a failed test", async () => {
    const failedLogin = {
      kind: "auth-rejected" as const,
      code: "PG_28P01",
      message: 'Postgres rejected the password for user "app".',
      detail: 'password authentication failed for user "app"',
      layer: "login" as const,
    };
    const trace: TraceResult = {
      ok: false,
      steps: [traceStep("tcp"), traceStep("login", "failed", failedLogin)],
      warnings: [],
    };
    const api = new FakeApi();
    handleSaveAndTest(api, trace);
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    const { testRun, connectionForm } = store.getState();
    expect(testRun.status).toBe("failed");
    expect(testRun.error).toEqual(failedLogin);
    expect(connectionForm.host).toBe("127.0.0.1");
    expect(connectionForm.user).toBe("app");
    expect(selectStepCompletion(store.getState()).connect).toBe(false);
  });

  it("streams trace steps", async () => {
    const result = deferred<TraceResult>();
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () => result.promise);
    const store = createTestStore(api);
    fillDirectConnection(store);

    const running = store.getState().testConnection();
    await flushPromises();
    api.emit({ operationId: "op-1", message: "DNS", step: traceStep("dns") });
    api.emit({ operationId: "other", message: "x", step: traceStep("tls") });
    api.emit({ operationId: "op-1", message: "TCP", step: traceStep("tcp") });

    const streamed = store.getState().testRun;
    expect(streamed.status).toBe("running");
    expect(streamed.steps.map((step) => step.layer)).toEqual(["dns", "tcp"]);
    expect(streamed.progress?.message).toBe("TCP");

    result.resolve(passingTrace());
    await running;
    expect(store.getState().testRun.steps).toHaveLength(4);
    expect(api.listenerCount()).toBe(0);
  });

  it("completes the step on success", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(selectStepCompletion(store.getState()).connect).toBe(true);
  });

  it("goes stale after an edit", async () => {
    const api = new FakeApi();
    handleSaveAndTest(api);
    const store = createTestStore(api);
    fillDirectConnection(store);
    await store.getState().testConnection();

    store.getState().setConnectionField("schema", "sales");

    expect(selectStepCompletion(store.getState()).connect).toBe(false);
  });

  it("cancels with the operation id", async () => {
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("operation:cancel", () => ({ cancelled: true }));
    const result = deferred<TraceResult>();
    api.handle("connection:test", () => result.promise);
    const store = createTestStore(api);
    fillDirectConnection(store);

    const running = store.getState().testConnection();
    await flushPromises();
    await store.getState().cancelTest();
    result.reject(
      new AppError({
        kind: "cancelled",
        code: "CANCELLED",
        message: "The connection test was cancelled.",
      }),
    );
    await running;

    expect(api.requestsTo("operation:cancel")).toEqual([
      { operationId: "op-1" },
    ]);
    expect(store.getState().testRun.status).toBe("cancelled");
    expect(store.getState().testRun.error).toBeNull();
  });
});
