import {
  formatAddress,
  quoteIdentifier,
  type ClassifiedError,
  type PostgresErrorContext,
} from "./context";

/**
 * Classifies an error the server sent, by its SQLSTATE and, where one SQLSTATE covers several
 * causes (28000), by its text. Returns null for SQLSTATEs without a specific message.
 */
export function classifySqlState(
  sqlState: string,
  text: string,
  context: PostgresErrorContext,
): ClassifiedError | null {
  const address = formatAddress(context);
  const code = `PG_${sqlState}`;

  switch (sqlState) {
    case "28P01":
      return {
        kind: "auth-rejected",
        code,
        layer: "login",
        field: "password",
        message: `Password authentication failed for user "${context.user}" on ${address}.`,
        fix: "Check the user name and password, then try again.",
      };
    case "28000":
      return classifyAuthorization(text, context);
    case "3D000":
      return {
        kind: "not-found",
        code,
        layer: "login",
        field: "database",
        message: `Database "${context.database}" does not exist on ${address}.`,
        fix: "Check the database name, which is case-sensitive (psql -l lists the databases).",
      };
    case "42501":
      return classifyPermission(text, context);
    case "53300":
      return {
        kind: "unreachable",
        code,
        layer: "login",
        message: `${address} has no free connection slot for user "${context.user}".`,
        fix: "Close idle sessions or raise max_connections. If a connection pooler is in front, raise its pool size.",
      };
    case "57P03":
      return {
        kind: "unreachable",
        code,
        layer: "login",
        message: `The server at ${address} is not accepting connections yet because it is starting up, shutting down or recovering.`,
        fix: "Wait a minute and try again.",
      };
    case "57014":
      return {
        kind: "timed-out",
        code,
        layer: context.layer,
        message: `A catalog query on database "${context.database}" ran longer than the statement timeout and was stopped.`,
        fix: "Try again when the server is less busy.",
      };
    default:
      return null;
  }
}

function classifyAuthorization(
  text: string,
  context: PostgresErrorContext,
): ClassifiedError {
  const address = formatAddress(context);
  const base = {
    kind: "auth-rejected",
    code: "PG_28000",
    layer: "login",
  } as const;

  const missingRole = /role "(.*)" does not exist/.exec(text);
  if (missingRole) {
    return {
      ...base,
      field: "user",
      message: `User "${context.user}" does not exist on ${address}.`,
      fix: "Check the user name, which is case-sensitive.",
    };
  }

  if (/no pg_hba\.conf entry/i.test(text)) {
    const plain = /no encryption|SSL off/i.test(text);
    return {
      ...base,
      message: `${address} has no pg_hba.conf entry that lets user "${context.user}" connect to database "${context.database}"${plain ? " without TLS" : ""}.`,
      fix: plain
        ? "Set the TLS mode to require or stricter, because the server may accept this user only over TLS. Otherwise ask the database administrator to add a pg_hba.conf entry for this user, database and address."
        : "Ask the database administrator to add a pg_hba.conf entry for this user, database and this machine's address (or the bastion's, through a tunnel).",
    };
  }

  return {
    ...base,
    message: `${address} rejected user "${context.user}" for database "${context.database}".`,
    fix: "Ask the database administrator which pg_hba.conf rule rejects this user, quoting the server's text from the details.",
  };
}

function classifyPermission(
  text: string,
  context: PostgresErrorContext,
): ClassifiedError {
  const base = { kind: "permission", code: "PG_42501" } as const;

  if (/permission denied for database/i.test(text)) {
    return {
      ...base,
      layer: "login",
      message: `User "${context.user}" has no CONNECT privilege on database "${context.database}".`,
      fix: `Ask the database owner to run GRANT CONNECT ON DATABASE ${quoteIdentifier(context.database)} TO ${quoteIdentifier(context.user)}.`,
    };
  }

  return {
    ...base,
    layer: context.layer,
    message: `User "${context.user}" lacks a privilege that reading the catalog of database "${context.database}" needs.`,
    fix: "Ask the database administrator to grant the privilege named in the details.",
  };
}
