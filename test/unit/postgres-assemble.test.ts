import { describe, expect, it } from "vitest";
import {
  assembleTables,
  type CatalogRows,
} from "../../main/connectors/postgres/catalog/assemble";
import type {
  ColumnRow,
  RelationRow,
} from "../../main/connectors/postgres/catalog/queries";

const TIMESTAMPTZ = 1184;
const INT4 = 23;
const JSONB = 3802;

function relation(overrides: Partial<RelationRow>): RelationRow {
  return {
    oid: 1,
    schema: "public",
    name: "orders",
    relkind: "r",
    schema_usage: true,
    table_select: true,
    row_security: false,
    replica_identity: "d",
    reltuples: 10,
    relpages: 1,
    live_tuples: 10,
    has_activity: true,
    analyzed: true,
    ...overrides,
  };
}

function column(overrides: Partial<ColumnRow>): ColumnRow {
  return {
    relid: 1,
    attnum: 1,
    name: "id",
    type: "integer",
    base_type_oid: INT4,
    nullable: false,
    generated: false,
    sequence_backed: false,
    ...overrides,
  };
}

function rows(overrides: Partial<CatalogRows>): CatalogRows {
  return {
    serverVersionNum: 150000,
    relations: [relation({})],
    partitions: [],
    columns: [],
    indexes: [],
    ...overrides,
  };
}

describe("assembleTables", () => {
  it("orders the primary key by key position", () => {
    const [table] = assembleTables(
      rows({
        columns: [
          column({ attnum: 1, name: "id" }),
          column({ attnum: 2, name: "tenant" }),
        ],
        indexes: [{ relid: 1, is_primary: true, key_columns: [2, 1] }],
      }),
      "",
    );

    expect(table?.primaryKey).toEqual(["tenant", "id"]);
  });

  it("flags indexed candidates", () => {
    const [table] = assembleTables(
      rows({
        columns: [
          column({ attnum: 1, name: "id" }),
          column({ attnum: 2, name: "updated_at", base_type_oid: TIMESTAMPTZ }),
        ],
        indexes: [{ relid: 1, is_primary: false, key_columns: [2, 1] }],
      }),
      "",
    );

    expect(table?.incrementalCandidates).toEqual([
      { field: "id", fieldType: "integer", nullable: false, indexed: false },
      {
        field: "updated_at",
        fieldType: "timestamp",
        nullable: false,
        indexed: true,
      },
    ]);
  });

  it("skips expression index keys", () => {
    const [table] = assembleTables(
      rows({
        columns: [column({ attnum: 1, name: "id" })],
        indexes: [{ relid: 1, is_primary: false, key_columns: [0, 1] }],
      }),
      "",
    );

    expect(table?.incrementalCandidates[0]?.indexed).toBe(false);
  });

  it("never offers jsonb", () => {
    const [table] = assembleTables(
      rows({ columns: [column({ name: "doc", base_type_oid: JSONB })] }),
      "",
    );

    expect(table?.incrementalCandidates).toEqual([]);
  });

  it("leaves a view's count unknown", () => {
    const [table] = assembleTables(
      rows({ relations: [relation({ relkind: "v", reltuples: -1 })] }),
      "",
    );

    expect(table?.kind).toBe("view");
    expect(table?.estimatedRows).toBeNull();
  });

  it("prefers the USAGE issue", () => {
    const [table] = assembleTables(
      rows({
        relations: [relation({ schema: "hr", schema_usage: false })],
      }),
      "",
    );

    expect(table?.canSelect).toBe(false);
    expect(table?.readIssue).toBe('no USAGE on schema "hr"');
  });

  it("names tables by schema when blank", () => {
    const [qualified] = assembleTables(rows({}), " ");
    const [bare] = assembleTables(rows({}), "public");

    expect(qualified?.sourceName).toBe("public.orders");
    expect(bare?.sourceName).toBe("orders");
  });

  it("maps the replica identity", () => {
    const [table] = assembleTables(
      rows({ relations: [relation({ replica_identity: "f" })] }),
      "",
    );

    expect(table?.replicaIdentity).toBe("full");
  });
});
