import {
  asText,
  checkSourceConfig,
  findSecretRefs,
  hostRejection,
  isObject,
  parseBoolean,
  secretRefMessage,
  validateConfig,
  validateSshTunnel,
} from "./config-validation";
import type { FakeServerContext, RequestContext } from "./context";
import { discover, prefixClash } from "./create-source";
import { messageError, notFound, serverError } from "./envelopes";
import { advanceSync, serializeSource } from "./source-serializer";
import { CDC_TYPES, SOURCE_DEFINITIONS } from "./source-definitions";
import type { FakeDiscoveredTable, FakeResponse } from "./types";

type Payload = Record<string, unknown>;

const DEFAULT_PAGE_SIZE = 100;

/** `GET /external_data_sources/wizard/` (`V/job_runs.py`). */
export function wizard(
  _server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  const filter = request.query.get("source_type");
  let names = Object.keys(SOURCE_DEFINITIONS);

  if (filter !== null && filter.trim() !== "") {
    const requested = filter
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = requested.filter((name) => !(name in SOURCE_DEFINITIONS));
    if (unknown.length > 0) {
      return messageError(
        `Unknown source_type(s): ${unknown.join(", ")}. Omit source_type to list every available type.`,
      );
    }
    names = requested;
  }

  const body = Object.fromEntries(
    names.map((name) => [name, SOURCE_DEFINITIONS[name]]),
  );
  return {
    status: 200,
    body,
    headers: { "Cache-Control": "private, max-age=600" },
  };
}

/**
 * `GET /external_data_sources/`: paginated with `limit` and `offset`, newest
 * first.
 */
export function listSources(
  server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  const limit =
    positiveInteger(request.query.get("limit")) ?? DEFAULT_PAGE_SIZE;
  const offset = positiveInteger(request.query.get("offset")) ?? 0;
  const search = request.query.get("search")?.toLowerCase() ?? "";

  const all = server.state.sources
    .filter((source) => source.projectId === request.projectId)
    .filter(
      (source) =>
        !search ||
        source.sourceType.toLowerCase().includes(search) ||
        (source.prefix ?? "").toLowerCase().includes(search),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

  const page = all.slice(offset, offset + limit);
  const pageUrl = (start: number) =>
    `${request.origin}${request.path}?limit=${limit}&offset=${start}`;
  return {
    status: 200,
    body: {
      count: all.length,
      next: offset + limit < all.length ? pageUrl(offset + limit) : null,
      previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
      results: page.map((source) =>
        serializeSource(source, server.options.user.email),
      ),
    },
  };
}

function positiveInteger(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

/**
 * `GET /external_data_sources/{id}/`; each retrieve moves the first sync
 * forward.
 */
export function retrieveSource(
  server: FakeServerContext,
  request: RequestContext,
  sourceId: string,
): FakeResponse {
  const source = server.state.sources.find(
    (s) => s.id === sourceId && s.projectId === request.projectId,
  );
  if (!source) return notFound();

  advanceSync(server, source);
  return {
    status: 200,
    body: serializeSource(source, server.options.user.email),
  };
}

/**
 * `POST /external_data_sources/source_prefix/`: only the uniqueness checks (no
 * character rules). Without `source_type` PostHog raises a KeyError, which
 * surfaces as a 500.
 */
export function checkSourcePrefix(
  server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  const body = isObject(request.body) ? request.body : {};
  if (typeof body.source_type !== "string") return serverError();

  const prefix =
    typeof body.prefix === "string" && body.prefix !== "" ? body.prefix : null;
  const clash = prefixClash(
    server,
    request.projectId,
    body.source_type,
    prefix,
  );
  return clash ? messageError(clash) : { status: 200 };
}

/** `POST /external_data_sources/check_cdc_prerequisites/` with a flat body. */
export async function checkCdcPrerequisites(
  server: FakeServerContext,
  request: RequestContext,
): Promise<FakeResponse> {
  const body = isObject(request.body) ? request.body : {};
  const sourceType = asText(body.source_type);
  if (!server.options.cdcTeamFlag) {
    return messageError(
      "CDC prerequisite checks are only supported for CDC enabled sources.",
    );
  }
  if (!CDC_TYPES.has(sourceType)) {
    return messageError(
      `CDC prerequisite checks are not supported for source type: ${sourceType}`,
    );
  }

  const invalid =
    validateConfig(sourceType, body) ?? cdcHostRejection(server, body);
  if (invalid) return messageError(invalid);

  const mode = body.cdc_management_mode ?? "posthog";
  if (mode !== "posthog" && mode !== "self_managed") {
    return messageError(
      "cdc_management_mode must be 'posthog' or 'self_managed'.",
    );
  }

  const result = await server.options.checkCdcPrerequisites(body);
  return { status: 200, body: { valid: result.valid, errors: result.errors } };
}

function cdcHostRejection(
  server: FakeServerContext,
  body: Payload,
): string | null {
  const tunnelError = validateSshTunnel(body.ssh_tunnel);
  if (tunnelError) return tunnelError;
  if (!server.options.rejectInternalHosts) return null;

  const tunnel = body.ssh_tunnel;
  if (isObject(tunnel) && parseBoolean(tunnel.enabled) === true) {
    return hostRejection(asText(tunnel.host))
      ? "SSH tunnel host not allowed"
      : null;
  }
  return hostRejection(asText(body.host)) ? "Host not allowed" : null;
}

/**
 * `POST /external_data_sources/database_schema/` with a flat body
 * (`V/schema_operations.py`).
 */
export async function databaseSchema(
  server: FakeServerContext,
  request: RequestContext,
): Promise<FakeResponse> {
  const body = isObject(request.body) ? request.body : {};
  const { source_type: rawType, ...config } = body;
  const sourceType = asText(rawType);
  if (sourceType === "") {
    return messageError("Missing required parameter: source_type");
  }

  const refs = findSecretRefs(config);
  if (refs.length > 0) return messageError(secretRefMessage(refs));
  if (!(sourceType in SOURCE_DEFINITIONS)) {
    return messageError(`Unknown source_type '${sourceType}'`);
  }

  const invalid = await checkSourceConfig(sourceType, config, server.options);
  if (invalid) return messageError(invalid);

  try {
    const tables = await discover(server, config);
    return { status: 200, body: tables.map(describeTable) };
  } catch {
    return messageError("Could not fetch schemas from source.");
  }
}

function describeTable(table: FakeDiscoveredTable) {
  const idColumn = table.columns?.find(
    (column) => column.toLowerCase() === "id",
  );
  const detected = table.primaryKey?.length
    ? table.primaryKey
    : idColumn
      ? [idColumn]
      : null;
  return {
    table: table.name,
    label: null,
    should_sync: false,
    should_sync_default: true,
    incremental_fields: [],
    incremental_available: false,
    append_available: false,
    cdc_available: null,
    xmin_available: null,
    incremental_field: null,
    sync_type: null,
    rows: null,
    supports_webhooks: false,
    webhook_only: false,
    description: null,
    available_columns: (table.columns ?? []).map((column) => ({
      field: column,
      label: column,
      type: "string",
      nullable: true,
    })),
    detected_primary_keys: detected,
    primary_key_detection_supported: true,
    permission_error: null,
    rls_warning: null,
  };
}
