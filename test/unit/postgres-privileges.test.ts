import { describe, expect, it } from "vitest";
import type { PostgresConnectionSettings } from "../../shared/domain/connection";
import type { AppError } from "../../shared/domain/errors";
import type { ServerInfoRow } from "../../main/connectors/postgres/catalog/queries";
import { checkPrivileges } from "../../main/connectors/postgres/privileges";

const settings: PostgresConnectionSettings = {
  name: "app",
  host: "db.internal",
  port: 5432,
  database: "app",
  user: "app_user",
  schema: "",
  tls: { mode: "disable" },
  ssh: null,
  posthogRoute: { kind: "direct" },
};

function info(overrides: Partial<ServerInfoRow> = {}): ServerInfoRow {
  return {
    version: "15.4",
    version_num: 150004,
    user: "app_user",
    database: "app",
    ssl: true,
    can_connect: true,
    schema_exists: true,
    schema_usage: true,
    readable_tables: 3,
    total_tables: 4,
    ...overrides,
  };
}

describe("checkPrivileges", () => {
  it("passes with readable tables", () => {
    const check = checkPrivileges(info(), settings);

    expect(check.status).toBe("passed");
    expect(check.summary).toBe(
      'User "app_user" can read 3 of 4 tables and views in database "app" (PostgreSQL 15.4, TLS on).',
    );
  });

  it("warns about a schema without USAGE", () => {
    const check = checkPrivileges(
      info({ schema_usage: false, readable_tables: 0 }),
      { ...settings, schema: "hr" },
    );

    expect(check.status).toBe("warning");
    expect(check.warnings).toEqual([
      'User "app_user" has no USAGE on schema "hr", so none of its tables can be read. Ask the schema owner to run GRANT USAGE ON SCHEMA "hr" TO "app_user".',
    ]);
  });

  it("warns when nothing is readable", () => {
    const check = checkPrivileges(info({ readable_tables: 0 }), settings);

    expect(check.warnings).toEqual([
      'User "app_user" cannot read any of the 4 tables and views in database "app", so there is nothing to sync.',
    ]);
  });

  it("warns about an empty schema", () => {
    const check = checkPrivileges(
      info({ readable_tables: 0, total_tables: 0 }),
      { ...settings, schema: "sales" },
    );

    expect(check.warnings).toEqual([
      'Schema "sales" of database "app" has no tables or views, so there is nothing to sync.',
    ]);
  });

  it("rejects a missing schema", () => {
    let raised: AppError | undefined;
    try {
      checkPrivileges(info({ schema_exists: false }), {
        ...settings,
        schema: "HR",
      });
    } catch (error) {
      raised = error as AppError;
    }

    expect(raised?.code).toBe("PG_SCHEMA_NOT_FOUND");
    expect(raised?.shape.field).toBe("schema");
  });
});
