import type { PostgresConnectionSettings } from "../../../shared/domain/connection";
import { AppError } from "../../../shared/domain/errors";
import type { ServerInfoRow } from "./catalog/queries";
import {
  missingSchemaMessage,
  noUsageWarning,
  schemaParameter,
} from "./server-info";

/** The privileges layer's verdict. */
export interface PrivilegeCheck {
  status: "passed" | "warning";
  summary: string;
  warnings: string[];
}

/**
 * Judges what the logged-in role may read. Raises a `not-found` AppError when the chosen
 * schema does not exist. A schema without USAGE, or no readable table, is a warning.
 */
export function checkPrivileges(
  info: ServerInfoRow,
  settings: PostgresConnectionSettings,
): PrivilegeCheck {
  const schema = schemaParameter(settings.schema);
  if (schema !== null && !info.schema_exists) {
    throw new AppError({
      kind: "not-found",
      code: "PG_SCHEMA_NOT_FOUND",
      layer: "privileges",
      field: "schema",
      message: missingSchemaMessage(schema, info.database),
      fix: "Check the schema name (names are case-sensitive), or leave Schema blank to discover every schema.",
    });
  }

  const warnings = privilegeWarnings(info, schema);
  return {
    status: warnings.length > 0 ? "warning" : "passed",
    summary: privilegeSummary(info, schema),
    warnings,
  };
}

function privilegeWarnings(
  info: ServerInfoRow,
  schema: string | null,
): string[] {
  const warnings: string[] = [];
  if (!info.can_connect) {
    warnings.push(
      `User "${info.user}" has no CONNECT privilege on database "${info.database}", so later logins may be rejected.`,
    );
  }

  if (schema !== null && !info.schema_usage) {
    warnings.push(noUsageWarning(schema, info.user));
  } else if (info.total_tables === 0) {
    warnings.push(
      `${capitalize(scopeText(info, schema))} has no tables or views, so there is nothing to sync.`,
    );
  } else if (info.readable_tables === 0) {
    warnings.push(
      `User "${info.user}" cannot read any of the ${info.total_tables} tables and views in ${scopeText(info, schema)}, so there is nothing to sync.`,
    );
  }
  return warnings;
}

function privilegeSummary(info: ServerInfoRow, schema: string | null): string {
  const tls = info.ssl ? "TLS on" : "TLS off";
  return `User "${info.user}" can read ${info.readable_tables} of ${info.total_tables} tables and views in ${scopeText(info, schema)} (PostgreSQL ${info.version}, ${tls}).`;
}

function scopeText(info: ServerInfoRow, schema: string | null): string {
  return schema === null
    ? `database "${info.database}"`
    : `schema "${schema}" of database "${info.database}"`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
