import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppPorts } from "../../main/app/ports";
import { CHANNELS, type Channel } from "../../shared/ipc/channels";
import type { IpcResult, RequestOf } from "../../shared/ipc/contract";
import { createFakePorts, SETTINGS } from "./ipc-fake-ports";
import { createTestApp, type TestApp } from "./ipc-test-app";

const API_KEY = "phx_renderer_must_never_see_0123456789";
const SECRETS = {
  password: "db-password-9f2c",
  sshPassword: "ssh-password-77a1",
  sshPrivateKey:
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABfake\n-----END OPENSSH PRIVATE KEY-----",
  sshPassphrase: "key-passphrase-31d0",
};

interface Sent {
  channel: string;
  body: string;
}

let app: TestApp<null>;
let sent: Sent[];

async function call<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
): Promise<IpcResult<unknown>> {
  const result = await app.services.registry.dispatch(
    channel,
    request,
    null,
    (event, payload) =>
      sent.push({ channel: event, body: JSON.stringify(payload) }),
  );
  sent.push({ channel, body: JSON.stringify(result) });
  return result;
}

function valueOf<T>(result: IpcResult<unknown>): T {
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }

  return result.value as T;
}

async function start(ports?: AppPorts): Promise<void> {
  app = await createTestApp<null>({ isTrustedSender: () => true, ports });
  sent = [];
}

/** Calls every channel of the contract once, in the order of the main job. */
async function driveEveryChannel(): Promise<Set<Channel>> {
  const called = new Set<Channel>();
  const run = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
    called.add(channel);
    return call(channel, request);
  };

  valueOf(
    await run("posthog:sign-in", { region: "us", host: "", apiKey: API_KEY }),
  );
  valueOf(await run("posthog:select-project", { projectId: 2 }));
  valueOf(await run("posthog:get-account", {}));
  valueOf(await run("posthog:list-sources", {}));
  valueOf(await run("catalog:list-sources", { refresh: true }));
  const saved = valueOf<{ id: string }>(
    await run("connection:save", {
      settings: SETTINGS,
      secrets: SECRETS,
      clearSecrets: [],
    }),
  );
  valueOf(await run("connection:list", {}));
  valueOf(
    await run("connection:test", {
      connectionId: saved.id,
      operationId: "op-test",
    }),
  );
  valueOf(
    await run("ssh:trust-host-key", {
      host: "127.0.0.1",
      port: 2222,
      fingerprint: "SHA256:x",
    }),
  );
  valueOf(
    await run("discovery:run", {
      connectionId: saved.id,
      operationId: "op-discover",
    }),
  );
  valueOf(await run("operation:cancel", { operationId: "op-none" }));
  const plan = valueOf<{ planId: string }>(
    await run("setup:plan", {
      connectionId: saved.id,
      cdc: null,
      prefix: "prod_",
      tables: [
        {
          sourceName: "orders",
          syncType: "full_refresh",
          incrementalField: null,
          incrementalFieldType: null,
          primaryKey: ["id"],
        },
      ],
    }),
  );
  valueOf(
    await run("setup:create", {
      planId: plan.planId,
      operationId: "op-create",
    }),
  );
  valueOf(await run("setup:get-status", { planId: plan.planId }));
  valueOf(
    await run("cdc:run-doctor", {
      connectionId: saved.id,
      operationId: "op-doctor",
      tables: [],
      mode: "posthog",
      slotName: "posthog_slot",
      publicationName: "posthog_pub",
      comparePostHog: false,
    }),
  );
  valueOf(await run("connection:delete", { id: saved.id }));
  valueOf(await run("posthog:sign-out", {}));
  return called;
}

/** Returns each sent body that contains a value stored in the vault. */
function leaks(secrets: string[]): string[] {
  return sent
    .filter((item) => secrets.some((secret) => item.body.includes(secret)))
    .map((item) => item.channel);
}

beforeEach(() => start());

afterEach(() => app.cleanup());

describe("app services", () => {
  it("registers every channel", () => {
    expect(app.services.registry.missingChannels()).toEqual([]);
  });

  it("never sends a vault value to the renderer", async () => {
    const vaultValues: string[] = [];
    const original = app.vault.set.bind(app.vault);
    app.vault.set = (key, value) => {
      vaultValues.push(value);
      return original(key, value);
    };

    const called = await driveEveryChannel();

    expect([...called].sort()).toEqual([...CHANNELS].sort());
    expect(vaultValues).toEqual(
      expect.arrayContaining([API_KEY, SECRETS.password]),
    );
    expect(leaks(vaultValues)).toEqual([]);
  });

  it("finds a leak when a port returns a secret", async () => {
    const ports = createFakePorts();
    ports.connector.test = (_connection, secrets) =>
      Promise.resolve({
        ok: true,
        steps: [],
        warnings: [`used ${secrets.password ?? ""}`],
      });
    await app.cleanup();
    await start(ports);

    const saved = valueOf<{ id: string }>(
      await call("connection:save", {
        settings: SETTINGS,
        secrets: SECRETS,
        clearSecrets: [],
      }),
    );
    await call("connection:test", {
      connectionId: saved.id,
      operationId: "op-1",
    });

    expect(leaks(app.vault.values())).toEqual(["connection:test"]);
  });

  it("streams trace steps as progress", async () => {
    const saved = valueOf<{ id: string }>(
      await call("connection:save", {
        settings: SETTINGS,
        secrets: {},
        clearSecrets: [],
      }),
    );
    sent = [];

    await call("connection:test", {
      connectionId: saved.id,
      operationId: "op-7",
    });

    const progress = sent.filter(
      (item) => item.channel === "operation:progress",
    );
    expect(progress).toHaveLength(2);
    expect(JSON.parse(progress[0]?.body ?? "{}")).toMatchObject({
      operationId: "op-7",
      message: "Connected to 127.0.0.1:5432",
      step: { layer: "tcp" },
    });
  });

  it("keeps the API key out of logs", async () => {
    await driveEveryChannel();

    expect(app.logSink.text()).not.toContain(API_KEY);
    expect(app.logSink.text()).not.toContain(SECRETS.password);
  });
});

describe("PostHog handlers", () => {
  it("signs in to the region's host", async () => {
    const account = valueOf<{ host: string; signedIn: boolean }>(
      await call("posthog:sign-in", {
        region: "eu",
        host: "ignored",
        apiKey: API_KEY,
      }),
    );

    expect(account.host).toBe("https://eu.posthog.com");
    expect(account.signedIn).toBe(true);
  });

  it("normalizes a self-hosted URL", async () => {
    const account = valueOf<{ host: string }>(
      await call("posthog:sign-in", {
        region: "self-hosted",
        host: " https://posthog.example.com/ ",
        apiKey: API_KEY,
      }),
    );

    expect(account.host).toBe("https://posthog.example.com");
  });

  it("rejects an invalid self-hosted URL", async () => {
    const result = await call("posthog:sign-in", {
      region: "self-hosted",
      host: "posthog.example.com",
      apiKey: API_KEY,
    });

    expect(result.ok ? null : result.error.field).toBe("host");
    expect(await app.vault.has("posthog:api-key")).toBe(false);
  });

  it("stores nothing when the key is rejected", async () => {
    const ports = createFakePorts();
    ports.posthog.signIn = () => Promise.reject(new Error("401 from PostHog"));
    await app.cleanup();
    await start(ports);

    await call("posthog:sign-in", { region: "us", host: "", apiKey: API_KEY });

    expect(app.vault.values()).toEqual([]);
  });

  it("leaves the project choice open for several projects", async () => {
    const account = valueOf<{ projectId: number | null }>(
      await call("posthog:sign-in", {
        region: "us",
        host: "",
        apiKey: API_KEY,
      }),
    );

    expect(account.projectId).toBeNull();
  });

  it("picks the only project", async () => {
    const ports = createFakePorts();
    ports.posthog.signIn = () =>
      Promise.resolve({ projects: [{ id: 9, name: "Only" }], userEmail: null });
    await app.cleanup();
    await start(ports);

    const account = valueOf<{ projectId: number | null }>(
      await call("posthog:sign-in", {
        region: "us",
        host: "",
        apiKey: API_KEY,
      }),
    );

    expect(account.projectId).toBe(9);
  });

  it("rejects a project the key cannot access", async () => {
    await call("posthog:sign-in", { region: "us", host: "", apiKey: API_KEY });

    const result = await call("posthog:select-project", { projectId: 404 });

    expect(result.ok ? null : result.error.code).toBe(
      "POSTHOG_PROJECT_UNKNOWN",
    );
  });

  it("requires a project to list sources", async () => {
    await call("posthog:sign-in", { region: "us", host: "", apiKey: API_KEY });

    const result = await call("posthog:list-sources", {});

    expect(result.ok ? null : result.error.code).toBe("POSTHOG_NOT_SIGNED_IN");
  });

  it("signs out", async () => {
    await call("posthog:sign-in", { region: "us", host: "", apiKey: API_KEY });

    const account = valueOf<{ signedIn: boolean }>(
      await call("posthog:sign-out", {}),
    );

    expect(account.signedIn).toBe(false);
    expect(await app.vault.has("posthog:api-key")).toBe(false);
  });
});

describe("connection handlers", () => {
  it("reports an unknown connection", async () => {
    const result = await call("discovery:run", {
      connectionId: "missing",
      operationId: "op-1",
    });

    expect(result.ok ? null : result.error.kind).toBe("not-found");
  });

  it("passes stored secrets to the connector", async () => {
    const ports = createFakePorts();
    let received: unknown = null;
    ports.connector.discover = (_connection, secrets, options) => {
      received = secrets;
      return createFakePorts().connector.discover(
        _connection,
        secrets,
        options,
      );
    };
    await app.cleanup();
    await start(ports);
    const saved = valueOf<{ id: string }>(
      await call("connection:save", {
        settings: SETTINGS,
        secrets: SECRETS,
        clearSecrets: [],
      }),
    );

    await call("discovery:run", {
      connectionId: saved.id,
      operationId: "op-1",
    });

    expect(received).toEqual(SECRETS);
  });
});
