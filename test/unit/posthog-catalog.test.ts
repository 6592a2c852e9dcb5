import { afterEach, describe, expect, it } from "vitest";
import { BUILT_IN_CATALOG } from "../../main/posthog/builtin-catalog";
import {
  SourceCatalogService,
  memoryStore,
  type CachedCatalog,
} from "../../main/posthog/catalog";
import { PostHogClient } from "../../main/posthog/client";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
} from "../fakes/posthog";

const WIZARD = "/api/projects/1/external_data_sources/wizard/";

let fake: FakePostHog | null = null;

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(cached: CachedCatalog | null = null) {
  fake = await startFakePostHog();
  let now = new Date("2026-03-01T12:00:00Z");
  const store = memoryStore<CachedCatalog>(cached);
  const service = new SourceCatalogService({ store, now: () => now });
  const client = new PostHogClient({
    host: fake.url,
    apiKey: DEFAULT_API_KEY,
    timeoutMs: 500,
    sleep: () => Promise.resolve(),
  });
  const connection = { client, projectId: 1 };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { fake, store, service, connection, advance };
}

function wizardRequests(fake: FakePostHog): number {
  return fake.requests.filter((r) => r.path === WIZARD).length;
}

describe("SourceCatalogService", () => {
  it("loads the wizard from PostHog", async () => {
    const { service, connection } = await setup();
    const catalog = await service.getCatalog(connection);
    const postgres = catalog.sources.find((s) => s.name === "Postgres")!;

    expect(catalog.origin).toBe("posthog");
    expect(catalog.warning).toBeNull();
    expect(catalog.fetchedAt).toBe("2026-03-01T12:00:00.000Z");
    expect(postgres.localProbe).toBe(true);
    expect(postgres.fields.find((f) => f.name === "password")?.secret).toBe(
      true,
    );
    expect(catalog.sources.find((s) => s.name === "MySQL")?.localProbe).toBe(
      false,
    );
  });

  it("reuses a fresh cache", async () => {
    const { fake, service, connection, advance } = await setup();
    await service.getCatalog(connection);
    advance(9 * 60 * 1000);
    const catalog = await service.getCatalog(connection);

    expect(catalog.origin).toBe("cache");
    expect(catalog.warning).toBeNull();
    expect(wizardRequests(fake)).toBe(1);
  });

  it("refetches after ten minutes", async () => {
    const { fake, service, connection, advance } = await setup();
    await service.getCatalog(connection);
    advance(10 * 60 * 1000);
    const catalog = await service.getCatalog(connection);

    expect(catalog.origin).toBe("posthog");
    expect(wizardRequests(fake)).toBe(2);
  });

  it("refetches on refresh", async () => {
    const { fake, service, connection } = await setup();
    await service.getCatalog(connection);
    await service.getCatalog(connection, { refresh: true });

    expect(wizardRequests(fake)).toBe(2);
  });

  it("falls back to the cache with a warning", async () => {
    const { fake, service, connection, advance } = await setup();
    await service.getCatalog(connection);
    advance(60 * 60 * 1000);
    fake.faults.next(`GET ${WIZARD}`, { status: 500 });
    const catalog = await service.getCatalog(connection);

    expect(catalog.origin).toBe("cache");
    expect(catalog.fetchedAt).toBe("2026-03-01T12:00:00.000Z");
    expect(catalog.warning).toContain("HTTP 500");
  });

  it("falls back to the built-in catalog", async () => {
    const { fake, service, connection } = await setup();
    fake.faults.next(`GET ${WIZARD}`, { mode: "hang" });
    const catalog = await service.getCatalog(connection);

    expect(catalog.origin).toBe("built-in");
    expect(catalog.sources.map((s) => s.name)).toEqual([
      "Postgres",
      "MySQL",
      "MongoDB",
      "Stripe",
    ]);
    expect(catalog.warning).toContain("did not respond");
  });

  it("ignores another host's cache", async () => {
    const other = {
      host: "https://eu.posthog.com",
      fetchedAt: "2026-03-01T11:59:00.000Z",
      sources: [],
    };
    const { fake, service, connection } = await setup(other);
    fake.faults.next(`GET ${WIZARD}`, { status: 503, count: 3 });
    const catalog = await service.getCatalog(connection);

    expect(catalog.origin).toBe("built-in");
  });

  it("warns when signed out", async () => {
    const { service } = await setup();
    const catalog = await service.getCatalog(null);

    expect(catalog.origin).toBe("built-in");
    expect(catalog.warning).toContain("not signed in");
  });

  it("matches the wizard's Postgres fields", async () => {
    const { service, connection } = await setup();
    const fetched = (await service.getCatalog(connection)).sources.find(
      (s) => s.name === "Postgres",
    )!;
    const builtIn = BUILT_IN_CATALOG.find((s) => s.name === "Postgres")!;
    const shape = (fields: typeof builtIn.fields) =>
      fields.map((f) => [f.name, f.type, f.required, f.secret]);

    expect(shape(builtIn.fields)).toEqual(shape(fetched.fields));
  });
});
