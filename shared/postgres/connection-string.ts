import type { TlsMode } from "../domain/connection";
import { AppError } from "../domain/errors";

/**
 * Connection fields read from a `postgresql://` URL, null where the URL does
 * not set them.
 */
export interface ParsedConnectionString {
  host: string;
  port: number | null;
  database: string | null;
  user: string | null;
  password: string | null;
  tlsMode: TlsMode | null;
  /**
   * One sentence for each query parameter that was ignored or mapped to a
   * different value.
   */
  notes: string[];
}

const SCHEME_PATTERN = /^(postgresql|postgres):\/\//i;
const EXAMPLE = "postgresql://user@db.example.com:5432/app";

/** sslmode values that libpq accepts, mapped to this app's TLS modes. */
const SSL_MODES: Record<string, TlsMode> = {
  disable: "disable",
  allow: "require",
  prefer: "require",
  require: "require",
  "verify-ca": "verify-ca",
  "verify-full": "verify-full",
};

/**
 * Query parameters whose values this app reads elsewhere and that are not taken
 * from the URL.
 */
const IGNORED_PARAMETER_NOTES: Record<string, string> = {
  options:
    "The options parameter was ignored; enter the schema in the Schema field instead.",
  search_path:
    "The search_path parameter was ignored; enter the schema in the Schema field instead.",
  sslrootcert:
    "The sslrootcert path was not read; load the CA certificate with the file picker.",
  sslcert:
    "The sslcert parameter was ignored; client certificates are not supported.",
  sslkey:
    "The sslkey parameter was ignored; client certificates are not supported.",
};

/**
 * Parses a libpq connection URL (`postgresql://` or `postgres://`) into form
 * fields.
 *
 * User, password, host and database are percent-decoded. The user info ends at
 * the last `@`, so a password with an unencoded `@` still parses. An IPv6 host
 * must be in brackets. `sslmode` becomes a TLS mode, and `allow` and `prefer`
 * become `require` because this app never falls back to an unencrypted
 * connection. Throws an `invalid-input` AppError with a plain message that
 * never repeats the password.
 */
export function parseConnectionString(text: string): ParsedConnectionString {
  const trimmed = text.trim();
  const scheme = SCHEME_PATTERN.exec(trimmed);
  if (!scheme) throw schemeError(trimmed);

  const rest = trimmed.slice(scheme[0].length).split("#")[0] ?? "";
  const queryStart = rest.indexOf("?");
  const beforeQuery = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const query = queryStart < 0 ? "" : rest.slice(queryStart + 1);

  const parsed = parseAuthorityAndPath(beforeQuery);
  applyQueryParameters(parsed, query);

  if (parsed.host === "") {
    throw invalid(
      "CONNECTION_STRING_NO_HOST",
      "The connection string has no host.",
      `Add the host after "//", as in ${EXAMPLE}.`,
    );
  }
  if (parsed.host.startsWith("/")) {
    throw invalid(
      "CONNECTION_STRING_UNIX_SOCKET",
      "The connection string points to a Unix-domain socket, which this app cannot reach.",
      "Use the database server's TCP host name or address instead.",
    );
  }
  return parsed;
}

function parseAuthorityAndPath(text: string): ParsedConnectionString {
  const at = text.lastIndexOf("@");
  const userInfo = at < 0 ? null : text.slice(0, at);
  const hostAndPath = at < 0 ? text : text.slice(at + 1);

  const slash = hostAndPath.indexOf("/");
  const hostPort = slash < 0 ? hostAndPath : hostAndPath.slice(0, slash);
  const path = slash < 0 ? "" : hostAndPath.slice(slash + 1);

  const { host, port } = parseHostPort(hostPort);
  const credentials = parseUserInfo(userInfo);
  const database = path === "" ? null : decode(path, "database name");

  return {
    host,
    port,
    database,
    user: credentials.user,
    password: credentials.password,
    tlsMode: null,
    notes: [],
  };
}

function parseUserInfo(userInfo: string | null): {
  user: string | null;
  password: string | null;
} {
  if (userInfo === null) return { user: null, password: null };

  const colon = userInfo.indexOf(":");
  const rawUser = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const rawPassword = colon < 0 ? "" : userInfo.slice(colon + 1);

  const user = decode(rawUser, "user name");
  const password = decode(rawPassword, "password");
  return {
    user: user === "" ? null : user,
    password: password === "" ? null : password,
  };
}

function parseHostPort(text: string): { host: string; port: number | null } {
  if (text.includes(",")) {
    throw invalid(
      "CONNECTION_STRING_MULTIPLE_HOSTS",
      "The connection string lists more than one host.",
      "Keep only the host to connect to.",
    );
  }

  if (text.startsWith("[")) return parseBracketedHost(text);

  const colons = text.split(":").length - 1;
  if (colons > 1) {
    throw invalid(
      "CONNECTION_STRING_IPV6_BRACKETS",
      "The host in the connection string looks like an IPv6 address without brackets.",
      "Write the address in brackets, as in postgresql://user@[::1]:5432/app.",
    );
  }

  const colon = text.indexOf(":");
  const rawHost = colon < 0 ? text : text.slice(0, colon);
  const port = colon < 0 ? null : parsePort(text.slice(colon + 1));
  return { host: decode(rawHost, "host"), port };
}

function parseBracketedHost(text: string): {
  host: string;
  port: number | null;
} {
  const close = text.indexOf("]");
  if (close < 0) {
    throw invalid(
      "CONNECTION_STRING_IPV6_BRACKETS",
      'The IPv6 host in the connection string has no closing "]".',
      "Write the address in brackets, as in postgresql://user@[::1]:5432/app.",
    );
  }

  const host = decode(text.slice(1, close), "host");
  const after = text.slice(close + 1);
  if (after !== "" && !after.startsWith(":")) {
    throw invalid(
      "CONNECTION_STRING_HOST",
      'The connection string has unexpected characters after the IPv6 host\'s "]".',
      'Put only ":port" after "]".',
    );
  }

  const port = after === "" ? null : parsePort(after.slice(1));
  return { host, port };
}

function parsePort(text: string): number | null {
  if (text === "") return null;

  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(
      "CONNECTION_STRING_PORT",
      `The port "${text}" in the connection string is invalid.`,
      "Use a number from 1 to 65535.",
    );
  }
  return port;
}

function applyQueryParameters(
  parsed: ParsedConnectionString,
  query: string,
): void {
  const ignored: string[] = [];

  for (const pair of query.split("&")) {
    if (pair === "") continue;

    const equals = pair.indexOf("=");
    const key = decode(equals < 0 ? pair : pair.slice(0, equals), "query");
    const value = decode(equals < 0 ? "" : pair.slice(equals + 1), "query");

    if (!applyQueryParameter(parsed, key, value)) ignored.push(key);
  }

  if (ignored.length > 0) {
    parsed.notes.push(`These parameters were ignored: ${ignored.join(", ")}.`);
  }
}

/**
 * Applies one parameter to the parsed fields and returns false when the
 * parameter is not used.
 */
function applyQueryParameter(
  parsed: ParsedConnectionString,
  key: string,
  value: string,
): boolean {
  switch (key) {
    case "sslmode":
      parsed.tlsMode = parseSslMode(value, parsed.notes);
      return true;
    case "host":
    case "hostaddr":
      parsed.host = value;
      return true;
    case "port":
      parsed.port = parsePort(value);
      return true;
    case "user":
      parsed.user = value === "" ? null : value;
      return true;
    case "password":
      parsed.password = value === "" ? null : value;
      return true;
    case "dbname":
      parsed.database = value === "" ? null : value;
      return true;
  }

  const note = IGNORED_PARAMETER_NOTES[key];
  if (note === undefined) return false;
  parsed.notes.push(note);
  return true;
}

function parseSslMode(value: string, notes: string[]): TlsMode {
  const mode = SSL_MODES[value];
  if (mode === undefined) {
    throw invalid(
      "CONNECTION_STRING_SSLMODE",
      `The sslmode "${value}" in the connection string is invalid.`,
      "Use disable, require, verify-ca or verify-full.",
    );
  }

  if (value === "allow" || value === "prefer") {
    notes.push(
      `sslmode=${value} may fall back to an unencrypted connection, which this app never does, so TLS mode is set to require.`,
    );
  }
  return mode;
}

function decode(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(
      "CONNECTION_STRING_ENCODING",
      `The ${part} in the connection string has an invalid percent-encoding.`,
      'Write a literal "%" as %25.',
    );
  }
}

function schemeError(text: string): AppError {
  const separator = text.indexOf("://");
  const scheme = separator > 0 ? text.slice(0, separator) : "";
  const message = /^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)
    ? `The connection string starts with "${scheme}://", not postgresql:// or postgres://.`
    : "The connection string does not start with postgresql:// or postgres://.";
  return invalid(
    "CONNECTION_STRING_SCHEME",
    message,
    `Paste a URL such as ${EXAMPLE}.`,
  );
}

function invalid(code: string, message: string, fix: string): AppError {
  return new AppError({
    kind: "invalid-input",
    code,
    message,
    fix,
    field: "connectionString",
  });
}
