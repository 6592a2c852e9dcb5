import { afterEach, describe, expect, it } from "vitest";
import { PostHogClient } from "../../main/posthog/client";
import { SetupCreator, isUncertainOutcome } from "../../main/setup/creator";
import { planSetup, type PreparedSetup } from "../../main/setup/planner";
import { waitUntilSettled } from "../../main/setup/status";
import { AppError } from "../../shared/domain/errors";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
  type FakePostHogOptions,
} from "../fakes/posthog";
import {
  SECRETS,
  discoveredTable,
  fullRefreshChoice,
  incrementalChoice,
  postgresSettings,
} from "../fakes/posthog/fixtures";

const SOURCES = "/api/projects/1/external_data_sources/";
const STORE = `${SOURCES}store_credentials/`;
const TABLES = ["public.artist", "public.album", "public.track"];

let fake: FakePostHog | null = null;

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(options: FakePostHogOptions = {}, timeoutMs = 2000) {
  fake = await startFakePostHog({ discoverTables: () => TABLES, ...options });
  const client = new PostHogClient({
    host: fake.url,
    apiKey: DEFAULT_API_KEY,
    timeoutMs,
    sleep: () => Promise.resolve(),
  });
  return { fake, client, creator: new SetupCreator({ client }) };
}

function prepare(
  overrides: Partial<Parameters<typeof planSetup>[0]> = {},
): PreparedSetup {
  return planSetup({
    projectId: 1,
    settings: postgresSettings(),
    secrets: SECRETS,
    discovered: TABLES.map((name) => discoveredTable(name)),
    choices: [
      incrementalChoice("public.artist"),
      fullRefreshChoice("public.track"),
    ],
    prefix: "chinook_",
    ...overrides,
  });
}

function count(fake: FakePostHog, method: string, path: string): number {
  return fake.requests.filter((r) => r.method === method && r.path === path)
    .length;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError))
    throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("SetupCreator", () => {
  it("creates the source", async () => {
    const { fake, creator } = await setup();
    const result = await creator.create(prepare());

    expect(result.adopted).toBe(false);
    expect(fake.state.sources.map((s) => s.id)).toEqual([result.sourceId]);
    expect(fake.state.credentials).toHaveLength(0);
  });

  it("sends the schemas with the credential id", async () => {
    const { fake, creator } = await setup();
    await creator.create(prepare());
    const create = fake.requests.find(
      (r) => r.method === "POST" && r.path === SOURCES,
    )!;
    const body = JSON.parse(create.body) as {
      payload: Record<string, unknown>;
    };

    expect(Object.keys(body.payload)).toEqual(["credential_id", "schemas"]);
    expect(
      fake.state.sources[0]!.schemas.map((s) => [s.name, s.should_sync]),
    ).toEqual([
      ["public.artist", true],
      ["public.album", false],
      ["public.track", true],
    ]);
  });

  it("leaves nothing after a 400 and retries", async () => {
    const { fake, creator } = await setup();
    fake.faults.next(`POST ${SOURCES}`, {
      status: 400,
      body: {
        message:
          "Monthly sync limit reached. Please increase your billing limit to resume syncing.",
      },
    });
    const prepared = prepare();
    const error = await rejection(creator.create(prepared));

    expect(error.kind).toBe("posthog-validation");
    expect(fake.state.sources).toHaveLength(0);

    const result = await creator.create(prepared);
    expect(result.adopted).toBe(false);
    expect(fake.state.sources).toHaveLength(1);
    expect(count(fake, "POST", STORE)).toBe(1);
  });

  it("adopts a create whose response was lost", async () => {
    const { fake, creator } = await setup();
    fake.faults.next(`POST ${SOURCES}`, { mode: "handle-then-drop" });
    const prepared = prepare();
    const error = await rejection(creator.create(prepared));

    expect(isUncertainOutcome(error)).toBe(true);
    expect(fake.state.sources).toHaveLength(1);

    const result = await creator.create(prepared);
    expect(result).toEqual({
      sourceId: fake.state.sources[0]!.id,
      adopted: true,
    });
    expect(fake.state.sources).toHaveLength(1);
    expect(count(fake, "POST", SOURCES)).toBe(1);
  });

  it("adopts after a timed-out create", async () => {
    const { fake, creator } = await setup({}, 300);
    fake.faults.next(`POST ${SOURCES}`, { mode: "handle-then-hang" });
    const prepared = prepare();
    const error = await rejection(creator.create(prepared));

    expect(error.kind).toBe("timed-out");
    const result = await creator.create(prepared);
    expect(result.adopted).toBe(true);
    expect(fake.state.sources).toHaveLength(1);
  });

  it("creates again when a 500 created nothing", async () => {
    const { fake, creator } = await setup();
    fake.faults.next(`POST ${SOURCES}`, { status: 500 });
    const prepared = prepare();
    await rejection(creator.create(prepared));
    const result = await creator.create(prepared);

    expect(result.adopted).toBe(false);
    expect(fake.state.sources).toHaveLength(1);
    expect(count(fake, "POST", STORE)).toBe(1);
  });

  it("ignores an older source with the prefix", async () => {
    const { fake, client, creator } = await setup();
    const first = await creator.create(prepare({ prefix: "a_" }));
    fake.faults.next(`POST ${SOURCES}`, { status: 503 });
    const prepared = prepare({ prefix: "b_" });
    await rejection(creator.create(prepared));
    const second = await creator.create(prepared);

    expect(second.adopted).toBe(false);
    expect(second.sourceId).not.toBe(first.sourceId);
    expect((await client.listSources(1)).map((s) => s.prefix).sort()).toEqual([
      "a_",
      "b_",
    ]);
  });

  it("stores again when the credential expired", async () => {
    let now = new Date("2026-03-01T10:00:00Z");
    const { fake, creator } = await setup({ now: () => now });
    fake.faults.next(`POST ${SOURCES}`, {
      status: 400,
      body: { message: "Try later" },
    });
    const prepared = prepare();
    await rejection(creator.create(prepared));

    now = new Date("2026-03-02T10:00:01Z");
    await creator.create(prepared);
    expect(count(fake, "POST", STORE)).toBe(2);
    expect(fake.state.sources).toHaveLength(1);
  });

  it("refuses a blocked plan without requests", async () => {
    const { fake, creator } = await setup();
    const settings = postgresSettings({
      ssh: {
        host: "bastion.example.com",
        port: 22,
        user: "tunnel",
        auth: "agent",
      },
    });
    const error = await rejection(creator.create(prepare({ settings })));

    expect(error.code).toBe("POSTHOG_TUNNEL_AGENT_AUTH");
    expect(fake.requests).toHaveLength(0);
  });

  it("surfaces PostHog's rejection of a private host", async () => {
    const { fake, creator } = await setup();
    const settings = postgresSettings({
      host: "10.1.2.3",
      posthogRoute: { kind: "direct" },
    });
    const error = await rejection(creator.create(prepare({ settings })));

    expect(error.shape.detail).toBe(
      "Hosts with internal IP addresses are not allowed",
    );
    expect(fake.state.sources).toHaveLength(0);
  });
});

describe("whole setup", () => {
  it("keeps secrets in store_credentials only", async () => {
    const { fake, client, creator } = await setup({ retrievesUntilSynced: 1 });
    const settings = postgresSettings({
      ssh: {
        host: "bastion.example.com",
        port: 22,
        user: "tunnel",
        auth: "private-key",
      },
    });
    const prepared = prepare({ settings });
    await client.getWizard(1, ["Postgres"]);
    await client.checkSourcePrefix(1, "Postgres", prepared.prefix);
    const { sourceId } = await creator.create(prepared);
    const status = await waitUntilSettled(client, 1, sourceId, {
      intervalMs: 0,
      maxPolls: 5,
      sleep: () => Promise.resolve(),
    });
    expect(status.settled).toBe(true);

    const secrets = [
      SECRETS.password,
      SECRETS.sshPrivateKey,
      SECRETS.sshPassphrase,
    ];
    for (const request of fake.requests) {
      const text = JSON.stringify(request);
      const carries = secrets.some((secret) =>
        text.includes(JSON.stringify(secret).slice(1, -1)),
      );
      expect(carries, `${request.method} ${request.path}`).toBe(
        request.path === STORE,
      );
    }
  });

  it("sends the API key only as a header", async () => {
    const { fake, creator } = await setup();
    await creator.create(prepare());

    for (const request of fake.requests) {
      const { authorization, ...headers } = request.headers;
      expect(authorization).toBe(`Bearer ${DEFAULT_API_KEY}`);
      expect(JSON.stringify({ ...request, headers })).not.toContain(
        DEFAULT_API_KEY,
      );
    }
  });
});
