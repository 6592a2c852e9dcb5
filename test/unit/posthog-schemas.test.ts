import { afterEach, describe, expect, it } from "vitest";
import { PostHogClient } from "../../main/posthog/client";
import type { DiscoveredTable } from "../../shared/domain/discovery";
import { AppError } from "../../shared/domain/errors";
import {
  buildSchemas,
  validateSchemas,
  type PostHogSchemaEntry,
} from "../../shared/posthog/schemas";
import {
  DEFAULT_API_KEY,
  startFakePostHog,
  type FakePostHog,
} from "../fakes/posthog";
import {
  discoveredTable,
  fullRefreshChoice,
  incrementalChoice,
} from "../fakes/posthog/fixtures";

const DISCOVERED = [
  discoveredTable("public.Orders", {
    columns: ["Id", "updatedAt"],
    primaryKey: ["Id"],
  }),
  discoveredTable("public.order items"),
  discoveredTable("sales-eu.v1.events", {
    columns: ["msg", "at"],
    primaryKey: null,
  }),
  discoveredTable("public.ünïcode_表"),
];

describe("buildSchemas", () => {
  it("keeps names exactly as discovered", () => {
    const entries = buildSchemas(
      [fullRefreshChoice("public.ünïcode_表")],
      DISCOVERED,
    );

    expect(entries.map((e) => e.name)).toEqual([
      "public.Orders",
      "public.order items",
      "sales-eu.v1.events",
      "public.ünïcode_表",
    ]);
  });

  it("disables unselected tables", () => {
    const entries = buildSchemas(
      [fullRefreshChoice("public.Orders")],
      DISCOVERED,
    );

    expect(entries[1]).toEqual({
      name: "public.order items",
      should_sync: false,
    });
  });

  it("fills cursor fields and the key", () => {
    const entries = buildSchemas(
      [incrementalChoice("public.Orders", "updatedAt")],
      DISCOVERED,
    );

    expect(entries[0]).toEqual({
      name: "public.Orders",
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "updatedAt",
      incremental_field_type: "timestamp",
      primary_key_columns: ["Id"],
    });
  });

  it("prefers the chosen key", () => {
    const choice = {
      ...incrementalChoice("sales-eu.v1.events", "at"),
      primaryKey: ["msg"],
    };
    const entries = buildSchemas([choice], DISCOVERED);

    expect(entries[2]!.primary_key_columns).toEqual(["msg"]);
  });

  it("appends undiscovered choices", () => {
    const entries = buildSchemas(
      [fullRefreshChoice("public.gone")],
      DISCOVERED,
    );

    expect(entries.at(-1)).toEqual({
      name: "public.gone",
      should_sync: true,
      sync_type: "full_refresh",
    });
  });
});

describe("validateSchemas", () => {
  const validate = (entries: PostHogSchemaEntry[], cdcEnabled = false) =>
    validateSchemas(entries, DISCOVERED, { cdcEnabled });

  it("accepts a valid selection", () => {
    const entries = buildSchemas(
      [incrementalChoice("public.Orders", "updatedAt")],
      DISCOVERED,
    );

    expect(validate(entries)).toEqual([]);
  });

  it("rejects undiscovered names", () => {
    expect(
      validate([
        { name: "public.orders", should_sync: true, sync_type: "full_refresh" },
      ]),
    ).toEqual(["Schemas given do not exist in source"]);
  });

  it("rejects unknown sync types", () => {
    expect(
      validate([
        { name: "public.Orders", should_sync: true, sync_type: "merge" },
      ]),
    ).toEqual([
      "Unknown sync type: merge. Use one of: full_refresh, incremental, append, webhook, cdc, xmin.",
    ]);
  });

  it("rejects CDC while CDC is off", () => {
    expect(
      validate([
        { name: "public.Orders", should_sync: true, sync_type: "cdc" },
      ]),
    ).toEqual([
      "CDC must be enabled on the source before selecting it as a sync type. The following schemas requested CDC: public.Orders.",
    ]);
  });

  it("rejects keyless CDC tables", () => {
    const entries = [
      { name: "sales-eu.v1.events", should_sync: true, sync_type: "cdc" },
    ];

    expect(validate(entries, true)).toEqual([
      "CDC requires a primary key on each table. The following tables have no primary key: sales-eu.v1.events.",
    ]);
  });

  it("requires the incremental field", () => {
    expect(
      validate([
        { name: "public.Orders", should_sync: true, sync_type: "append" },
      ]),
    ).toEqual([
      "Incremental schemas given do not have an incremental field set",
    ]);
  });

  it("requires the incremental field type", () => {
    const entry = {
      name: "public.Orders",
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "updatedAt",
    };

    expect(validate([entry])).toEqual([
      "Incremental schemas given do not have an incremental field type set",
    ]);
  });

  it("requires a key for incremental", () => {
    const entries = buildSchemas(
      [incrementalChoice("sales-eu.v1.events", "at")],
      DISCOVERED,
    );

    expect(validate(entries)).toEqual([
      "Table 'sales-eu.v1.events' has no primary key to sync incrementally on. Choose a primary key for it, or switch it to full table replication.",
    ]);
  });

  it("accepts an id column as key", () => {
    const table = discoveredTable("public.t", {
      columns: ["ID", "updated_at"],
      primaryKey: null,
    });
    const entries = buildSchemas([incrementalChoice("public.t")], [table]);

    expect(validateSchemas(entries, [table], { cdcEnabled: false })).toEqual(
      [],
    );
  });

  it("exempts append from the key rule", () => {
    const choice = {
      ...incrementalChoice("sales-eu.v1.events", "at"),
      syncType: "append" as const,
    };

    expect(validate(buildSchemas([choice], DISCOVERED))).toEqual([]);
  });
});

describe("validateSchemas against the double", () => {
  let fake: FakePostHog | null = null;

  afterEach(async () => {
    await fake?.stop();
    fake = null;
  });

  async function postHogMessage(
    entries: PostHogSchemaEntry[],
    tables: DiscoveredTable[],
  ) {
    fake = await startFakePostHog({
      discoverTables: () =>
        tables.map((t) => ({
          name: t.sourceName,
          columns: t.columns.map((c) => c.name),
          primaryKey: t.primaryKey,
        })),
    });
    const client = new PostHogClient({
      host: fake.url,
      apiKey: DEFAULT_API_KEY,
    });
    const body = {
      source_type: "Postgres",
      prefix: "p_",
      payload: {
        host: "db.example.com",
        port: 5432,
        database: "d",
        user: "u",
        password: "p",
        schemas: entries,
      },
    };
    const error: unknown = await client
      .createSource(1, body)
      .catch((caught: unknown) => caught);
    return error instanceof AppError ? error.shape.detail : null;
  }

  const cases: Array<[string, PostHogSchemaEntry[]]> = [
    [
      "undiscovered name",
      [{ name: "public.nope", should_sync: true, sync_type: "full_refresh" }],
    ],
    [
      "unknown sync type",
      [{ name: "public.Orders", should_sync: true, sync_type: "merge" }],
    ],
    [
      "cdc while off",
      [{ name: "public.Orders", should_sync: true, sync_type: "cdc" }],
    ],
    [
      "missing field",
      [{ name: "public.Orders", should_sync: true, sync_type: "incremental" }],
    ],
    [
      "keyless incremental",
      buildSchemas([incrementalChoice("sales-eu.v1.events", "at")], DISCOVERED),
    ],
  ];

  for (const [name, entries] of cases) {
    it(`agrees on ${name}`, async () => {
      const expected = validateSchemas(entries, DISCOVERED, {
        cdcEnabled: false,
      })[0];

      expect(await postHogMessage(entries, DISCOVERED)).toBe(expected);
    });
  }
});
