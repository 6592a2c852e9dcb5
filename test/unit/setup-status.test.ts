import { afterEach, describe, expect, it } from "vitest";
import { PostHogClient } from "../../main/posthog/client";
import { getSourceStatus, waitUntilSettled } from "../../main/setup/status";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
} from "../fakes/posthog";

let fake: FakePostHog | null = null;

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function createdSource(prefix: string) {
  fake = await startFakePostHog({
    retrievesUntilSynced: 3,
    failingTables: { "public.track": 'relation "public.track" does not exist' },
  });
  const client = new PostHogClient({ host: fake.url, apiKey: DEFAULT_API_KEY });
  const { id } = await client.createSource(1, {
    source_type: "Postgres",
    prefix,
    payload: {
      host: "db.example.com",
      port: 5432,
      database: "chinook",
      user: "reader",
      password: "pw",
      schemas: [
        { name: "public.Artist", should_sync: true, sync_type: "full_refresh" },
        { name: "public.track", should_sync: true, sync_type: "full_refresh" },
        { name: "public.album", should_sync: false },
      ],
    },
  });
  return { client, id };
}

describe("getSourceStatus", () => {
  it("lists synced tables while running", async () => {
    const { client, id } = await createdSource("prod_");
    const status = await getSourceStatus(client, 1, id);

    expect(status.settled).toBe(false);
    expect(status.status).toBe("Running");
    expect(status.tables.map((t) => [t.name, t.status])).toEqual([
      ["public.Artist", "Running"],
      ["public.track", "Running"],
    ]);
  });

  it("computes names before the first sync", async () => {
    const { client, id } = await createdSource("prod_");
    const [artist] = (await getSourceStatus(client, 1, id)).tables;

    expect(artist!.warehouseTable).toBe("prod_postgres_public__artist");
    expect(artist!.hogql).toBe(
      "SELECT * FROM prod_postgres_public__artist LIMIT 100",
    );
  });

  it("settles with completed and failed tables", async () => {
    const { client, id } = await createdSource("prod_");
    const seen: boolean[] = [];
    const status = await waitUntilSettled(client, 1, id, {
      intervalMs: 0,
      maxPolls: 10,
      sleep: () => Promise.resolve(),
      onStatus: (s) => seen.push(s.settled),
    });

    expect(seen).toEqual([false, false, true]);
    expect(status.status).toBe("Failed");
    expect(status.tables.map((t) => [t.status, t.error])).toEqual([
      ["Completed", null],
      ["Failed", 'relation "public.track" does not exist'],
    ]);
    expect(status.tables[0]!.lastSyncedAt).not.toBeNull();
    expect(status.tables[0]!.rowCount).toBe(0);
  });

  it("stops after the poll limit", async () => {
    const { client, id } = await createdSource("prod_");
    const status = await waitUntilSettled(client, 1, id, {
      intervalMs: 0,
      maxPolls: 2,
      sleep: () => Promise.resolve(),
    });

    expect(status.settled).toBe(false);
  });
});
