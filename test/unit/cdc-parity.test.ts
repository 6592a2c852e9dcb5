import { describe, expect, it } from "vitest";
import type { DoctorCheck, DoctorRequest } from "../../shared/domain/cdc";
import {
  compareWithPostHog,
  mapPostHogError,
  type ComparisonInput,
} from "../../main/cdc/parity";
import type { PostHogCdcCheckBody, PostHogCdcVerdict } from "../../main/cdc";

const REQUEST: DoctorRequest = {
  tables: ["orders"],
  mode: "self_managed",
  slotName: "posthog_slot",
  publicationName: "app_pub",
  comparePostHog: true,
};

function check(
  id: string,
  status: DoctorCheck["status"],
  table: string | null = null,
): DoctorCheck {
  return {
    id,
    title: id,
    status,
    current: `${id} current`,
    required: null,
    message: `${id} message`,
    fixes: [],
    table,
  };
}

function input(
  checks: DoctorCheck[],
  verdict: PostHogCdcVerdict,
  bodies: PostHogCdcCheckBody[] = [],
): ComparisonInput {
  return {
    request: REQUEST,
    checks,
    qualifiedNames: new Map([["orders", "public.orders"]]),
    deps: {
      posthog: {
        connectionKeys: { host: "db.internal", port: 5432, schema: "public" },
        check: (body) => {
          bodies.push(body);
          return Promise.resolve(verdict);
        },
      },
    },
  };
}

describe("compareWithPostHog", () => {
  it("sends PostHog's flat body", async () => {
    const bodies: PostHogCdcCheckBody[] = [];

    await compareWithPostHog(input([], { valid: true, errors: [] }, bodies));

    expect(bodies).toEqual([
      {
        host: "db.internal",
        port: 5432,
        schema: "public",
        source_type: "Postgres",
        cdc_management_mode: "self_managed",
        tables: ["orders"],
        cdc_slot_name: "posthog_slot",
        cdc_publication_name: "app_pub",
      },
    ]);
  });

  it("finds no disagreement when both agree", async () => {
    const checks = [
      check("wal-level", "fail"),
      check("primary-key", "pass", "orders"),
    ];
    const verdict = {
      valid: false,
      errors: [
        "wal_level must be set to 'logical' (currently 'replica'). This requires a PostgreSQL server restart after changing the configuration.",
      ],
    };

    const comparison = await compareWithPostHog(input(checks, verdict));

    expect(comparison.ran).toBe(true);
    expect(comparison.valid).toBe(false);
    expect(comparison.disagreements).toEqual([]);
  });

  it("matches a missing table by its bare name", async () => {
    const checks = [check("table-found", "fail", "ghost_table")];
    const verdict = {
      valid: false,
      errors: ["Table 'public.ghost_table' does not exist."],
    };

    const comparison = await compareWithPostHog(input(checks, verdict));

    expect(comparison.disagreements).toEqual([]);
  });

  it("reports doctor failures PostHog misses", async () => {
    const checks = [
      check("wal-senders", "fail"),
      check("replica-identity", "fail", "orders"),
    ];

    const comparison = await compareWithPostHog(
      input(checks, { valid: true, errors: [] }),
    );

    expect(comparison.disagreements).toEqual([
      "The doctor fails wal-senders (wal-senders current), but PostHog's check does not test this.",
      "The doctor fails replica-identity for orders (replica-identity current), but PostHog's check does not test this.",
    ]);
  });

  it("reports PostHog failures the doctor passes", async () => {
    const checks = [check("primary-key", "pass", "orders")];
    const error =
      "Table 'public.orders' has no primary key. CDC requires a primary key on each table.";

    const comparison = await compareWithPostHog(
      input(checks, { valid: false, errors: [error] }),
    );

    expect(comparison.disagreements).toEqual([
      `PostHog reports "${error}", but the doctor's primary-key check is pass.`,
    ]);
  });

  it("reports PostHog errors without a match", async () => {
    const comparison = await compareWithPostHog(
      input([], { valid: false, errors: ["Something new went wrong."] }),
    );

    expect(comparison.disagreements).toEqual([
      'PostHog reports "Something new went wrong.", which no doctor check covers.',
    ]);
  });

  it("skips when not requested", async () => {
    const comparison = await compareWithPostHog({
      ...input([], { valid: true, errors: [] }),
      request: { ...REQUEST, comparePostHog: false },
    });

    expect(comparison.ran).toBe(false);
    expect(comparison.skippedReason).toBe(
      "The PostHog comparison was not requested.",
    );
  });

  it("skips without a PostHog route", async () => {
    const comparison = await compareWithPostHog({
      ...input([], { valid: true, errors: [] }),
      deps: {
        posthog: null,
        posthogUnavailableReason: "No project is chosen.",
      },
    });

    expect(comparison.ran).toBe(false);
    expect(comparison.skippedReason).toBe("No project is chosen.");
  });

  it("skips when the port fails", async () => {
    const failing = input([], { valid: true, errors: [] });
    failing.deps = {
      posthog: {
        connectionKeys: {},
        check: () => Promise.reject(new Error("PostHog returned 500.")),
      },
    };

    const comparison = await compareWithPostHog(failing);

    expect(comparison.ran).toBe(false);
    expect(comparison.skippedReason).toBe(
      "PostHog's check_cdc_prerequisites request failed: PostHog returned 500.",
    );
  });
});

describe("mapPostHogError", () => {
  it.each([
    [
      "PostgreSQL 13 or later is required for CDC. Your server is running version 12.",
      "server-version",
      null,
    ],
    ["Could not determine wal_level.", "wal-level", null],
    [
      "This database doesn't expose the wal_level setting, so it can't support logical replication CDC.",
      "wal-level",
      null,
    ],
    [
      "Table 'sales.orders' has no primary key. CDC requires a primary key on each table.",
      "primary-key",
      "sales.orders",
    ],
    [
      "No SELECT permission on table 'sales.orders'.",
      "select-permission",
      "sales.orders",
    ],
    ["Table 'sales.orders' does not exist.", "table-found", "sales.orders"],
    [
      "The database user cannot create logical replication slots. Grant one of: REPLICATION attribute",
      "replication-privilege",
      null,
    ],
    [
      "No replication slot capacity available (2/2 slots in use). Increase max_replication_slots in your PostgreSQL configuration.",
      "replication-slots",
      null,
    ],
    [
      "The database user does not own table 'sales.orders'. PostgreSQL only lets a table's owner publish it",
      "table-ownership",
      "sales.orders",
    ],
    [
      "Publication 'app_pub' does not exist. Create it with: CREATE PUBLICATION app_pub FOR TABLE ...;",
      "publication",
      null,
    ],
  ])("maps error %# to its check", (text, checkId, table) => {
    expect(mapPostHogError(text)).toEqual({ checkId, table });
  });

  it("returns null for unknown text", () => {
    expect(
      mapPostHogError(
        "Invalid source config: Required field 'host' is missing",
      ),
    ).toBeNull();
  });
});
