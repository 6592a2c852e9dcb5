import type { z } from "zod";
import { AppError } from "../../shared/domain/errors";
import type { Logger } from "../services/logging/logger";
import {
  FILE_WAL_LEVEL_SQL,
  PROVIDER_ROLES,
  SERVER_SETTINGS,
  SESSION_SQL,
  SETTINGS_SQL,
  SHOW_WAL_LEVEL_SQL,
  fileSettingRowSchema,
  publicationRowSchema,
  publicationSql,
  sessionRowSchema,
  settingRowSchema,
  slotsRowSchema,
  slotsSql,
  tableRowSchema,
  tablesQuery,
  walLevelRowSchema,
  type TableSelection,
} from "./queries";
import type { Fetched, QueryClient } from "./types";

export type SessionFacts = z.infer<typeof sessionRowSchema>;
export type SettingFact = z.infer<typeof settingRowSchema>;
export type SlotsFacts = z.infer<typeof slotsRowSchema>;
export type SlotFact = SlotsFacts["slots"][number];
export type PublicationFacts = z.infer<typeof publicationRowSchema>;
export type TableFacts = z.infer<typeof tableRowSchema>;

/** Everything the checks read from the server, one entry per catalog query. */
export interface ServerFacts {
  /** `SHOW wal_level`; null when the server returned no row. */
  walLevel: Fetched<string | null>;
  session: Fetched<SessionFacts>;
  settings: Fetched<Map<string, SettingFact>>;
  /** The last `wal_level` line of the configuration files, when readable. */
  fileWalLevel: Fetched<string | null>;
  slots: Fetched<SlotsFacts>;
  publication: Fetched<PublicationFacts>;
  tables: Fetched<TableFacts[]>;
}

/** Assumed when the version is unknown, so the queries use today's catalog columns. */
const MODERN_VERSION = 150000;

/**
 * Reads the server facts with seven queries, `SHOW wal_level` first because it needs no
 * privilege. A query the server rejects becomes a failed entry and the others still run; a
 * lost connection raises an AppError.
 */
export async function readServerFacts(
  client: QueryClient,
  input: { publicationName: string; selection: TableSelection },
  logger: Logger | undefined,
): Promise<ServerFacts> {
  const run: QueryRunner = (name, schema, text, values) =>
    fetchRows(client, { name, schema, text, values }, logger);

  const server = await readServerSettings(run);
  const version = server.session.ok
    ? server.session.value.version_num
    : MODERN_VERSION;
  const catalog = await readCatalog(run, version, input);
  return { ...server, ...catalog };
}

type QueryRunner = <T extends z.ZodType>(
  name: string,
  schema: T,
  text: string,
  values?: unknown[],
) => Promise<Fetched<z.infer<T>[]>>;

async function readServerSettings(
  run: QueryRunner,
): Promise<
  Pick<ServerFacts, "walLevel" | "session" | "settings" | "fileWalLevel">
> {
  const walLevel = await run(
    "wal_level",
    walLevelRowSchema,
    SHOW_WAL_LEVEL_SQL,
  );
  const session = await run("session", sessionRowSchema, SESSION_SQL, [
    PROVIDER_ROLES,
  ]);
  const settings = await run("settings", settingRowSchema, SETTINGS_SQL, [
    SERVER_SETTINGS,
  ]);
  const fileWalLevel = await run(
    "file_settings",
    fileSettingRowSchema,
    FILE_WAL_LEVEL_SQL,
  );

  return {
    walLevel: mapFetched(walLevel, (rows) => rows[0]?.wal_level ?? null),
    session: firstRow(session, "the login role"),
    settings: mapFetched(
      settings,
      (rows) => new Map(rows.map((row) => [row.name, row])),
    ),
    fileWalLevel: mapFetched(fileWalLevel, (rows) => rows[0]?.setting ?? null),
  };
}

async function readCatalog(
  run: QueryRunner,
  version: number,
  input: { publicationName: string; selection: TableSelection },
): Promise<Pick<ServerFacts, "slots" | "publication" | "tables">> {
  const slots = await run("slots", slotsRowSchema, slotsSql(version));
  const publication = await run(
    "publication",
    publicationRowSchema,
    publicationSql(version),
    [input.publicationName],
  );
  const tablesText = tablesQuery(version, input.selection);
  const tables = await run(
    "tables",
    tableRowSchema,
    tablesText.text,
    tablesText.values,
  );

  return {
    slots: firstRow(slots, "the replication slots"),
    publication: firstRow(publication, "the publication"),
    tables,
  };
}

interface QuerySpec<T extends z.ZodType> {
  name: string;
  schema: T;
  text: string;
  values?: unknown[];
}

async function fetchRows<T extends z.ZodType>(
  client: QueryClient,
  spec: QuerySpec<T>,
  logger: Logger | undefined,
): Promise<Fetched<z.infer<T>[]>> {
  let rows: unknown[];
  try {
    rows = (await client.query(spec.text, spec.values)).rows;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = sqlState(error);
    if (code === null) throw connectionLost(error);
    const message = errorText(error);
    logger?.warn("CDC doctor query was rejected", {
      query: spec.name,
      code,
      error: message,
    });
    return { ok: false, error: message, code };
  }

  const parsed = spec.schema.array().safeParse(rows);
  if (parsed.success) return { ok: true, value: parsed.data };

  logger?.error("CDC doctor query returned unexpected rows", {
    query: spec.name,
    error: parsed.error.message,
  });
  return {
    ok: false,
    error: `The server returned rows of an unexpected shape for ${spec.name}.`,
    code: null,
  };
}

function mapFetched<T, U>(
  fetched: Fetched<T>,
  map: (value: T) => U,
): Fetched<U> {
  return fetched.ok ? { ok: true, value: map(fetched.value) } : fetched;
}

function firstRow<T>(fetched: Fetched<T[]>, subject: string): Fetched<T> {
  if (!fetched.ok) return fetched;
  const row = fetched.value[0];
  if (row === undefined) {
    return {
      ok: false,
      error: `The server returned no row for ${subject}.`,
      code: null,
    };
  }
  return { ok: true, value: row };
}

/** Returns the SQLSTATE of a server error, or null for network and driver errors. */
function sqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) {
    return null;
  }
  const code = error.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function connectionLost(error: unknown): AppError {
  return new AppError({
    kind: "unreachable",
    code: "CDC_CONNECTION_LOST",
    message:
      "The database connection failed while the CDC doctor was reading the server.",
    fix: "Test the connection again, then run the doctor again.",
    detail: errorText(error),
  });
}
