import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PostHogClient, describeProjects } from "../../main/posthog/client";
import { AppError } from "../../shared/domain/errors";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
  type FakePostHogOptions,
} from "../fakes/posthog";

const SOURCES = "/api/projects/1/external_data_sources/";

let fake: FakePostHog | null = null;

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(
  options: FakePostHogOptions = {},
  apiKey = DEFAULT_API_KEY,
  timeoutMs = 2000,
) {
  fake = await startFakePostHog(options);
  const sleeps: number[] = [];
  const client = new PostHogClient({
    host: fake.url,
    apiKey,
    timeoutMs,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { fake, client, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) {
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  return error;
}

const validCreate = {
  source_type: "Postgres",
  prefix: "prod_",
  payload: {
    host: "db.example.com",
    port: 5432,
    database: "app",
    user: "reader",
    password: "s3cret",
    schemas: [{ name: "orders", should_sync: true, sync_type: "full_refresh" }],
  },
};

describe("PostHogClient errors", () => {
  it("maps 401 to posthog-auth", async () => {
    const { client } = await setup({}, "phx_wrong_key");
    const error = await rejection(client.listSources(1));

    expect(error.kind).toBe("posthog-auth");
    expect(error.shape.status).toBe(401);
    expect(error.shape.detail).toBe("Invalid personal API key.");
    expect(error.message).toContain(fake!.url);
    expect(JSON.stringify(error.shape)).not.toContain("phx_wrong_key");
  });

  it("names the missing scope on 403", async () => {
    const { client } = await setup(
      {
        keys: [{ key: "phx_read", scopes: ["external_data_source:read"] }],
      },
      "phx_read",
    );
    const error = await rejection(client.createSource(1, validCreate));

    expect(error.kind).toBe("posthog-permission");
    expect(error.code).toBe("POSTHOG_MISSING_SCOPE");
    expect(error.shape.status).toBe(403);
    expect(error.message).toContain("'external_data_source:write'");
    expect(error.shape.detail).toBe(
      "API key missing required scope 'external_data_source:write'",
    );
  });

  it("names the project on project 403", async () => {
    const { client } = await setup(
      {
        keys: [{ key: "phx_p2", scopes: ["*"], projects: [2] }],
        organizations: [
          {
            id: "org",
            name: "Org",
            projects: [
              { id: 1, name: "A" },
              { id: 2, name: "B" },
            ],
          },
        ],
      },
      "phx_p2",
    );
    const error = await rejection(client.listSources(1));

    expect(error.code).toBe("POSTHOG_PROJECT_ACCESS");
    expect(error.message).toContain("project 1");
  });

  it("maps 400 with attr to a field", async () => {
    const { client } = await setup();
    const error = await rejection(
      client.createSource(1, { ...validCreate, source_type: "Nope" }),
    );

    expect(error.kind).toBe("posthog-validation");
    expect(error.shape.status).toBe(400);
    expect(error.shape.field).toBe("source_type");
    expect(error.shape.detail).toBe('"Nope" is not a valid choice.');
  });

  it("keeps the message envelope verbatim", async () => {
    const { client } = await setup();
    const error = await rejection(
      client.createSource(1, { ...validCreate, prefix: "1bad" }),
    );

    expect(error.kind).toBe("posthog-validation");
    expect(error.shape.field).toBeUndefined();
    expect(error.shape.detail).toBe(
      "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore",
    );
  });

  it("reads the webhook envelope", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`GET ${SOURCES}`, {
      status: 400,
      body: { success: false, error: "Webhook is not configured" },
    });
    const error = await rejection(client.listSources(1));

    expect(error.shape.detail).toBe("Webhook is not configured");
  });

  it("reads the detail envelope", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`GET ${SOURCES}`, {
      status: 400,
      body: { detail: "No running sync to cancel." },
    });
    const error = await rejection(client.listSources(1));

    expect(error.shape.detail).toBe("No running sync to cancel.");
  });

  it("retries a GET after 429 twice", async () => {
    const { client, fake, sleeps } = await setup();
    fake.faults.next(`GET ${SOURCES}`, {
      status: 429,
      headers: { "Retry-After": "3" },
      count: 3,
    });
    const error = await rejection(client.listSources(1));

    expect(error.kind).toBe("posthog-rate-limited");
    expect(error.shape.status).toBe(429);
    expect(error.shape.fix).toContain("3 seconds");
    expect(sleeps).toEqual([3000, 3000]);
    expect(fake.requests).toHaveLength(3);
  });

  it("succeeds after one 503", async () => {
    const { client, fake, sleeps } = await setup();
    fake.faults.next(`GET ${SOURCES}`, { status: 503 });
    const sources = await client.listSources(1);

    expect(sources).toEqual([]);
    expect(sleeps).toEqual([500]);
  });

  it("bounds the Retry-After wait", async () => {
    fake = await startFakePostHog();
    const sleeps: number[] = [];
    const client = new PostHogClient({
      host: fake.url,
      apiKey: DEFAULT_API_KEY,
      maxRetryDelayMs: 5000,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    fake.faults.next(`GET ${SOURCES}`, {
      status: 429,
      headers: { "Retry-After": "3600" },
    });
    await client.listSources(1);

    expect(sleeps).toEqual([5000]);
  });

  it("never retries a POST", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`POST ${SOURCES}`, { status: 503 });
    const error = await rejection(client.createSource(1, validCreate));

    expect(error.kind).toBe("posthog-server");
    expect(fake.requests).toHaveLength(1);
    expect(fake.state.sources).toHaveLength(0);
  });

  it("maps 500 to posthog-server", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`GET ${SOURCES}`, { status: 500 });
    const error = await rejection(client.listSources(1));

    expect(error.kind).toBe("posthog-server");
    expect(error.code).toBe("POSTHOG_HTTP_500");
    expect(error.shape.detail).toBe("A server error occurred.");
    expect(fake.requests).toHaveLength(1);
  });

  it("times out a hanging request", async () => {
    const { client, fake } = await setup({}, DEFAULT_API_KEY, 200);
    fake.faults.next(`GET ${SOURCES}`, { mode: "hang" });
    const started = Date.now();
    const error = await rejection(client.listSources(1));

    expect(error.kind).toBe("timed-out");
    expect(error.message).toContain("0.2 seconds");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports cancellation", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`GET ${SOURCES}`, { mode: "hang" });
    const controller = new AbortController();
    const pending = rejection(client.listSources(1, controller.signal));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;

    expect(error.kind).toBe("cancelled");
  });

  it("reports a refused connection", async () => {
    const port = await closedPort();
    const client = new PostHogClient({
      host: `http://127.0.0.1:${port}`,
      apiKey: DEFAULT_API_KEY,
    });
    const error = await rejection(client.listSources(1));

    expect(error.kind).toBe("posthog-unreachable");
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("redacts the key from PostHog text", async () => {
    const { client, fake } = await setup();
    fake.faults.next(`GET ${SOURCES}`, {
      status: 400,
      body: { message: `Key ${DEFAULT_API_KEY} is not valid here` },
    });
    const error = await rejection(client.listSources(1));

    expect(error.shape.detail).toBe("Key [redacted] is not valid here");
  });

  it("rejects a host with a password", () => {
    const create = () =>
      new PostHogClient({ host: "https://me:pw@posthog.example", apiKey: "k" });

    expect(create).toThrow(AppError);
  });
});

describe("PostHogClient requests", () => {
  it("lists sources across pages", async () => {
    const { client } = await setup();
    for (let index = 0; index < 105; index += 1) {
      await client.createSource(1, { ...validCreate, prefix: `p${index}_` });
    }
    const sources = await client.listSources(1);

    expect(sources).toHaveLength(105);
    expect(new Set(sources.map((s) => s.id)).size).toBe(105);
  });

  it("logs retries without the key", async () => {
    fake = await startFakePostHog();
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    const client = new PostHogClient({
      host: fake.url,
      apiKey: DEFAULT_API_KEY,
      logger: { info: log, warn: log },
      sleep: () => Promise.resolve(),
    });
    fake.faults.next(`GET ${SOURCES}`, { status: 429, count: 3 });
    await client.listSources(1).catch(() => undefined);

    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).not.toContain(DEFAULT_API_KEY);
  });

  it("sends the key only as a bearer header", async () => {
    const { client, fake } = await setup();
    await client.listSources(1);
    const request = fake.requests[0]!;

    expect(request.headers.authorization).toBe(`Bearer ${DEFAULT_API_KEY}`);
    expect(request.path).toBe(SOURCES);
    expect(JSON.stringify(request.query)).not.toContain(DEFAULT_API_KEY);
  });

  it("lists projects with organization names", async () => {
    const { client } = await setup({
      organizations: [
        { id: "org-1", name: "Acme", projects: [{ id: 7, name: "Web" }] },
      ],
    });
    const projects = describeProjects(
      await client.listProjects(),
      await client.getCurrentUser(),
    );

    expect(projects).toEqual([
      { id: 7, name: "Web", organizationName: "Acme" },
    ]);
  });

  it("explains a project-scoped key", async () => {
    const { client } = await setup(
      { keys: [{ key: "phx_scoped", scopes: ["*"], projects: [1] }] },
      "phx_scoped",
    );
    const error = await rejection(client.listProjects());

    expect(error.code).toBe("POSTHOG_PROJECT_SCOPED_KEY");
  });

  it("filters the wizard by source type", async () => {
    const { client, fake } = await setup();
    const wizard = await client.getWizard(1, ["Postgres", "Stripe"]);

    expect(Object.keys(wizard)).toEqual(["Postgres", "Stripe"]);
    expect(fake.requests[0]!.query.source_type).toBe("Postgres,Stripe");
  });

  it("reports unknown wizard types", async () => {
    const { client } = await setup();
    const error = await rejection(client.getWizard(1, ["Nope", "Other"]));

    expect(error.shape.detail).toBe(
      "Unknown source_type(s): Nope, Other. Omit source_type to list every available type.",
    );
  });

  it("accepts a free prefix", async () => {
    const { client } = await setup();

    await expect(
      client.checkSourcePrefix(1, "Postgres", "prod_"),
    ).resolves.toBeUndefined();
  });

  it("reports a taken prefix", async () => {
    const { client } = await setup();
    await client.createSource(1, validCreate);
    const error = await rejection(
      client.checkSourcePrefix(1, "Postgres", "prod_"),
    );

    expect(error.shape.detail).toBe(
      "Another source of this type already uses the prefix 'prod_'. Choose a different prefix so this connection's tables don't clash.",
    );
  });

  it("passes the CDC check body flat", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const { client } = await setup({
      checkCdcPrerequisites: (body) => {
        bodies.push(body);
        return { valid: false, errors: ["wal_level must be set to 'logical'"] };
      },
    });
    const result = await client.checkCdcPrerequisites(1, {
      source_type: "Postgres",
      ...validCreate.payload,
      schemas: undefined,
      tables: ["orders"],
    });

    expect(result.valid).toBe(false);
    expect(bodies[0]!.host).toBe("db.example.com");
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
