import type { ServerInfo } from "../../../shared/domain/trace";
import { quoteIdentifier } from "./errors/context";
import { SERVER_INFO_QUERY, type ServerInfoRow } from "./catalog/queries";
import type { PostgresSession } from "./session";

/** Returns the schema to discover, or null for every schema when the setting is blank. */
export function schemaParameter(schemaSetting: string): string | null {
  return schemaSetting.trim() === "" ? null : schemaSetting;
}

/** Reads the server, session and privilege facts that the trace and discovery report. */
export async function readServerInfo(
  session: PostgresSession,
  schema: string | null,
): Promise<ServerInfoRow> {
  const rows = await session.query<ServerInfoRow>(SERVER_INFO_QUERY, [schema]);
  const row = rows[0];
  if (!row) throw new Error("The server information query returned no row.");
  return row;
}

export function toServerInfo(row: ServerInfoRow): ServerInfo {
  return {
    version: row.version,
    versionNum: row.version_num,
    user: row.user,
    database: row.database,
    ssl: row.ssl,
  };
}

/** Returns the warning for a schema the connecting role has no USAGE privilege on. */
export function noUsageWarning(schema: string, user: string): string {
  return `User "${user}" has no USAGE on schema "${schema}", so none of its tables can be read. Ask the schema owner to run GRANT USAGE ON SCHEMA ${quoteIdentifier(schema)} TO ${quoteIdentifier(user)}.`;
}

export function missingSchemaMessage(schema: string, database: string): string {
  return `Schema "${schema}" does not exist in database "${database}".`;
}
