import { describe, expect, it } from "vitest";
import {
  hogqlQuery,
  prefixClash,
  suggestPrefix,
  validatePrefix,
  warehouseNameCollisions,
  warehouseTableName,
} from "../../shared/posthog/naming";

describe("validatePrefix", () => {
  it("accepts an empty prefix", () => {
    expect(validatePrefix("")).toBeNull();
  });

  it("accepts letters, digits and underscores", () => {
    expect(validatePrefix("prod_2024_")).toBeNull();
  });

  it("rejects a prefix of underscores only", () => {
    expect(validatePrefix("___")).toBe(
      "Prefix cannot consist of only underscores",
    );
  });

  it.each(["prod-eu", "1prod", "pröd", "prod eu"])("rejects %s", (prefix) => {
    expect(validatePrefix(prefix)).toBe(
      "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore",
    );
  });

  it("rejects a digit after stripped underscores", () => {
    expect(validatePrefix("_1prod")).not.toBeNull();
  });

  it("rejects more than 100 characters", () => {
    expect(validatePrefix("a".repeat(101))).toMatch(
      /no more than 100 characters/,
    );
  });
});

describe("warehouseTableName", () => {
  it("adds no separator after the prefix", () => {
    expect(warehouseTableName("prod", "Postgres", "orders")).toBe(
      "prodpostgres_orders",
    );
  });

  it("keeps a trailing underscore", () => {
    expect(warehouseTableName("prod_", "Postgres", "orders")).toBe(
      "prod_postgres_orders",
    );
  });

  it("replaces dots with double underscores", () => {
    expect(warehouseTableName("", "Postgres", "public.orders")).toBe(
      "postgres_public__orders",
    );
  });

  it("lowercases mixed case names", () => {
    expect(warehouseTableName("", "Postgres", "sales-eu.Orders")).toBe(
      "postgres_sales-eu__orders",
    );
  });
});

describe("hogqlQuery", () => {
  it("leaves plain identifiers unquoted", () => {
    expect(hogqlQuery("prod_postgres_orders")).toBe(
      "SELECT * FROM prod_postgres_orders LIMIT 100",
    );
  });

  it("quotes names with other characters", () => {
    expect(hogqlQuery("postgres_order items")).toBe(
      "SELECT * FROM `postgres_order items` LIMIT 100",
    );
  });
});

describe("prefixClash", () => {
  const existing = [
    {
      id: "1",
      sourceType: "Postgres",
      prefix: "prod_",
      status: null,
      createdAt: null,
    },
    {
      id: "2",
      sourceType: "Stripe",
      prefix: null,
      status: null,
      createdAt: null,
    },
  ];

  it("finds the same prefix on the same source type", () => {
    expect(prefixClash(existing, "Postgres", "prod_")).toContain(
      "already uses the prefix 'prod_'",
    );
  });

  it("compares prefixes exactly", () => {
    expect(prefixClash(existing, "Postgres", "prod")).toBeNull();
  });

  it("ignores other source types", () => {
    expect(prefixClash(existing, "Postgres", "")).toBeNull();
  });

  it("finds a blank prefix next to a blank prefix", () => {
    expect(prefixClash(existing, "Stripe", "")).toContain(
      "You already have a source of this type",
    );
  });
});

describe("suggestPrefix", () => {
  it("suggests a trailing underscore", () => {
    expect(suggestPrefix("prod")).toBe("prod_");
  });

  it("suggests nothing when the prefix ends with an underscore", () => {
    expect(suggestPrefix("prod_")).toBeNull();
  });
});

describe("warehouseNameCollisions", () => {
  it("groups names that differ only in case", () => {
    expect(
      warehouseNameCollisions("", "Postgres", [
        "public.Orders",
        "public.orders",
        "public.items",
      ]),
    ).toEqual([["public.Orders", "public.orders"]]);
  });

  it("finds nothing for distinct names", () => {
    expect(
      warehouseNameCollisions("", "Postgres", ["public.a", "public.b"]),
    ).toEqual([]);
  });
});
