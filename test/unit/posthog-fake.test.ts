import { afterEach, describe, expect, it } from "vitest";
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

async function start(options: FakePostHogOptions = {}): Promise<FakePostHog> {
  fake = await startFakePostHog(options);
  return fake;
}

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  key: string = DEFAULT_API_KEY,
): Promise<Reply> {
  const response = await fetch(`${fake!.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body:
      response.headers.get("content-type") === "application/json"
        ? (JSON.parse(text) as unknown)
        : text,
    headers: response.headers,
  };
}

const config = {
  host: "db.example.com",
  port: 5432,
  database: "app",
  user: "u",
  password: "p",
};

function create(
  payload: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return call("POST", SOURCES, {
    source_type: "Postgres",
    prefix: "prod_",
    payload,
    ...extra,
  });
}

const orders = [
  { name: "orders", should_sync: true, sync_type: "full_refresh" },
];

describe("fake PostHog auth", () => {
  it("rejects an unknown key", async () => {
    await start();
    const reply = await call("GET", SOURCES, undefined, "phx_nope");

    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      type: "authentication_error",
      code: "authentication_failed",
      detail: "Invalid personal API key.",
      attr: null,
    });
  });

  it("accepts write scope for reads", async () => {
    await start({
      keys: [{ key: "k", scopes: ["external_data_source:write"] }],
    });

    expect((await call("GET", SOURCES, undefined, "k")).status).toBe(200);
  });

  it("requires user:read for the user", async () => {
    await start({
      keys: [{ key: "k", scopes: ["external_data_source:write"] }],
    });
    const reply = await call("GET", "/api/users/@me/", undefined, "k");

    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      detail: "API key missing required scope 'user:read'",
    });
  });

  it("serves the environments path", async () => {
    await start();

    expect(
      (await call("GET", "/api/environments/1/external_data_sources/")).status,
    ).toBe(200);
  });
});

describe("fake PostHog create", () => {
  it("returns only the id", async () => {
    await start();
    const reply = await create({ ...config, schemas: orders });

    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body as object)).toEqual(["id"]);
  });

  it("reports a bad prefix in the DRF envelope", async () => {
    await start();
    const reply = await create(
      { ...config, schemas: orders },
      { prefix: "___" },
    );

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      type: "validation_error",
      code: "invalid",
      detail: "Prefix cannot consist of only underscores",
      attr: null,
    });
  });

  it("reports a blank prefix clash", async () => {
    await start();
    await create({ ...config, schemas: orders }, { prefix: "" });
    const reply = await create({ ...config, schemas: orders }, { prefix: "" });

    expect(reply.body).toEqual({
      message:
        "You already have a source of this type. Add a table prefix so this connection's tables don't clash with your existing source.",
    });
  });

  it("lists every missing config field", async () => {
    await start();
    const reply = await create({ host: "db.example.com", schemas: orders });

    expect(reply.body).toEqual({
      message:
        "Invalid source config: Required field 'database' is missing, Required field 'user' is missing, Required field 'password' is missing, Required field 'port' is missing",
    });
  });

  it("rejects an unresolved secret reference", async () => {
    await start();
    const reply = await create({
      ...config,
      password: { secretRef: "vault:db" },
    });

    expect((reply.body as { message: string }).message).toMatch(
      /^Unresolved secret reference\(s\) for: password\. /,
    );
  });

  it("rejects a foreign credential id", async () => {
    await start();
    const id = "5b0f1c4e-0000-4000-8000-000000000000";
    const reply = await create({ credential_id: id, schemas: orders });

    expect(reply.body).toEqual({
      message: `Stored credential '${id}' not found or expired`,
    });
  });

  it("rejects a credential of another type", async () => {
    await start();
    const stored = await call("POST", `${SOURCES}store_credentials/`, {
      source_type: "MongoDB",
      payload: { connection_string: "mongodb://u:p@mongo.example.com/app" },
    });
    const id = (stored.body as { credential_id: string }).credential_id;
    const reply = await create({ credential_id: id, schemas: orders });

    expect(reply.body).toEqual({
      message: `Stored credential '${id}' is for 'MongoDB', not 'Postgres'`,
    });
  });

  it("keeps the credential after a failed create", async () => {
    const posthog = await start({ discoverTables: () => ["orders"] });
    const stored = await call("POST", `${SOURCES}store_credentials/`, {
      source_type: "Postgres",
      payload: config,
    });
    const id = (stored.body as { credential_id: string }).credential_id;
    const failed = await create({
      credential_id: id,
      schemas: [{ name: "nope", should_sync: true }],
    });

    expect(failed.body).toEqual({
      message: "Schemas given do not exist in source",
    });
    expect(posthog.state.sources).toHaveLength(0);
    expect(posthog.state.credentials).toHaveLength(1);

    expect((await create({ credential_id: id, schemas: orders })).status).toBe(
      201,
    );
    expect(posthog.state.credentials).toHaveLength(0);
  });

  it("rejects an internal host", async () => {
    await start();
    const reply = await create({
      ...config,
      host: "127.0.0.1",
      schemas: orders,
    });

    expect(reply.body).toEqual({
      message: "Hosts with internal IP addresses are not allowed",
    });
  });

  it("rejects an internal tunnel host", async () => {
    await start();
    const tunnel = {
      enabled: true,
      host: "192.168.0.9",
      port: 22,
      auth: { selection: "password", username: "t", password: "x" },
    };
    const reply = await create({
      ...config,
      ssh_tunnel: tunnel,
      schemas: orders,
    });

    expect(reply.body).toEqual({ message: "SSH tunnel host not allowed" });
  });

  it("accepts internal hosts when self-hosted", async () => {
    await start({ rejectInternalHosts: false });

    expect(
      (await create({ ...config, host: "127.0.0.1", schemas: orders })).status,
    ).toBe(201);
  });

  it("rejects tunnel port 443", async () => {
    await start();
    const tunnel = {
      enabled: true,
      host: "bastion.example.com",
      port: 443,
      auth: {},
    };
    const reply = await create({
      ...config,
      ssh_tunnel: tunnel,
      schemas: orders,
    });

    expect(reply.body).toEqual({ message: "Port 443 is not allowed" });
  });

  it("reports an unknown source type", async () => {
    await start();
    const reply = await call("POST", SOURCES, {
      source_type: "Oracle",
      payload: {},
    });

    expect(reply.body).toEqual({
      type: "validation_error",
      code: "invalid_choice",
      detail: '"Oracle" is not a valid choice.',
      attr: "source_type",
    });
  });
});

describe("fake PostHog endpoints", () => {
  it("caches the wizard privately", async () => {
    await start();
    const reply = await call("GET", `${SOURCES}wizard/?source_type=MongoDB`);

    expect(reply.headers.get("cache-control")).toBe("private, max-age=600");
    expect(Object.keys(reply.body as object)).toEqual(["MongoDB"]);
  });

  it("expires stored credentials after 24 hours", async () => {
    let now = new Date("2026-03-01T00:00:00Z");
    await start({ now: () => now });
    const stored = await call("POST", `${SOURCES}store_credentials/`, {
      source_type: "Postgres",
      payload: config,
    });

    expect(stored.body).toMatchObject({
      expires_at: "2026-03-02T00:00:00.000Z",
    });
    now = new Date("2026-03-02T00:00:01Z");
    expect((await call("GET", `${SOURCES}stored_credentials/`)).body).toEqual(
      [],
    );
  });

  it("validates the CDC check config", async () => {
    await start();
    const reply = await call("POST", `${SOURCES}check_cdc_prerequisites/`, {
      source_type: "Postgres",
      host: "db.example.com",
    });

    expect((reply.body as { message: string }).message).toMatch(
      /^Invalid source config: Required field 'database' is missing/,
    );
  });

  it("discovers through database_schema", async () => {
    await start({
      discoverTables: () => [
        { name: "public.t", columns: ["ID"], primaryKey: null },
      ],
    });
    const reply = await call("POST", `${SOURCES}database_schema/`, {
      source_type: "Postgres",
      ...config,
    });

    expect(reply.body).toMatchObject([
      { table: "public.t", detected_primary_keys: ["ID"], rows: null },
    ]);
  });

  it("answers 405 for a wrong method", async () => {
    await start();

    expect((await call("DELETE", `${SOURCES}wizard/`)).status).toBe(405);
  });

  it("answers 404 without the trailing slash", async () => {
    await start();

    expect((await call("GET", SOURCES.slice(0, -1))).status).toBe(404);
  });
});
