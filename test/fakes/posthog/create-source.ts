import { randomUUID } from "node:crypto";
import {
  asText,
  checkSourceConfig,
  findSecretRefs,
  isObject,
  parseBoolean,
  secretRefMessage,
  stripTopLevelStrings,
} from "./config-validation";
import type { FakeServerContext, RequestContext } from "./context";
import { resolveCredential } from "./credentials";
import { drfError, messageError } from "./envelopes";
import {
  checkSchemas,
  normalizeDiscovered,
  type SchemaEntry,
} from "./schema-checks";
import { checkCreateBody, checkBodyIsObject } from "./serializer-checks";
import { CDC_TYPES, DIRECT_QUERY_TYPES } from "./source-definitions";
import type {
  FakeDiscoveredTable,
  FakeResponse,
  FakeSchema,
  FakeSource,
} from "./types";

/**
 * `POST /external_data_sources/`: PostHog's create with its checks in order
 * (`_create_external_data_source`, `V/source_setup.py`). The first failing
 * check wins; after the row exists, a failure deletes it again, and the stored
 * credential is deleted only after a 201.
 */

type Payload = Record<string, unknown>;

const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A create request that passed the serializer and had its credential id
 * resolved.
 */
interface ParsedCreate {
  body: Payload;
  sourceType: string;
  prefix: string | null;
  accessMethod: string;
  projectId: number;
  payload: Payload;
  credentialId: string | null;
}

export async function createSource(
  server: FakeServerContext,
  request: RequestContext,
): Promise<FakeResponse> {
  const parsed = parseCreate(server, request);
  if ("status" in parsed) return parsed;

  const early = checkNaming(server, parsed) ?? checkLimits(server, parsed);
  if (early) return early;

  const payload = stripTopLevelStrings(parsed.payload);
  const configError = await checkSourceConfig(
    parsed.sourceType,
    payload,
    server.options,
  );
  if (configError) return messageError(configError);

  const source = insertSource(
    server,
    request,
    parsed.body,
    payload,
    parsed.prefix,
  );
  const result = await attachSchemas(server, source, payload);
  if (result) {
    server.state.sources.splice(server.state.sources.indexOf(source), 1);
    return result;
  }

  if (parsed.credentialId) deleteCredential(server, parsed.credentialId);
  return { status: 201, body: { id: source.id } };
}

/**
 * Runs the serializer, the secretRef guard and the credential lookup, in
 * PostHog's order.
 */
function parseCreate(
  server: FakeServerContext,
  request: RequestContext,
): ParsedCreate | FakeResponse {
  const bodyError =
    checkBodyIsObject(request.body) ?? checkCreateBody(request.body as Payload);
  if (bodyError) return bodyError;

  const body = request.body as Payload;
  const sourceType = body.source_type as string;
  const refs = findSecretRefs(body.payload as Payload);
  if (refs.length > 0) return messageError(secretRefMessage(refs));

  const resolved = resolveCredential(
    server,
    request,
    sourceType,
    body.payload as Payload,
  );
  if ("status" in resolved) return resolved;

  const hasPrefix = body.prefix !== undefined && body.prefix !== null;
  return {
    body,
    sourceType,
    prefix: hasPrefix ? asText(body.prefix) : null,
    accessMethod: (body.access_method as string | undefined) ?? "warehouse",
    projectId: request.projectId,
    ...resolved,
  };
}

/**
 * Reserved names, direct-query rules, then the prefix's characters and
 * uniqueness.
 */
function checkNaming(
  server: FakeServerContext,
  create: ParsedCreate,
): FakeResponse | null {
  const { prefix, sourceType } = create;
  if (prefix && server.options.reservedPrefixes.includes(prefix)) {
    return messageError("This source name is reserved by PostHog.");
  }

  if (create.accessMethod === "direct") {
    if (!DIRECT_QUERY_TYPES.has(sourceType)) {
      return messageError(
        "Direct query mode is currently supported only for Postgres, MySQL, Snowflake, Redshift, ClickHouse, MotherDuck, and Trino sources.",
      );
    }
    return prefix
      ? null
      : messageError("Name is required for direct query sources");
  }

  // PostHog raises a ValidationError here, so the DRF envelope with `attr:
  // null` is sent.
  const invalid = validatePrefix(prefix);
  if (invalid)
    return drfError(400, "validation_error", "invalid", invalid, null);
  const clash = prefixClash(server, create.projectId, sourceType, prefix);
  return clash ? messageError(clash) : null;
}

function checkLimits(
  server: FakeServerContext,
  create: ParsedCreate,
): FakeResponse | null {
  if (server.options.billingLimitReached) {
    return messageError(
      "Monthly sync limit reached. Please increase your billing limit to resume syncing.",
    );
  }

  const limit = server.options.maxSourcesPerType;
  const count = sameType(server, create.projectId, create.sourceType).length;
  if (limit !== null && count >= limit) {
    return messageError(
      `You can create at most ${limit} sources of this type per project.`,
    );
  }
  return null;
}

/** PostHog's `validate_source_prefix` (`M/util.py`). */
function validatePrefix(prefix: string | null): string | null {
  if (!prefix) return null;
  const stripped = prefix.replace(/^_+|_+$/g, "");
  if (stripped === "") return "Prefix cannot consist of only underscores";
  if (PREFIX_PATTERN.test(stripped)) return null;
  return "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore";
}

function sameType(
  server: FakeServerContext,
  projectId: number,
  sourceType: string,
): FakeSource[] {
  return server.state.sources.filter(
    (source) =>
      source.projectId === projectId && source.sourceType === sourceType,
  );
}

/** Uniqueness per project and source type, by exact string equality. */
export function prefixClash(
  server: FakeServerContext,
  projectId: number,
  sourceType: string,
  prefix: string | null,
): string | null {
  const existing = sameType(server, projectId, sourceType);
  if (!prefix) {
    if (!existing.some((source) => !source.prefix)) return null;
    return "You already have a source of this type. Add a table prefix so this connection's tables don't clash with your existing source.";
  }
  if (!existing.some((source) => source.prefix === prefix)) return null;
  return `Another source of this type already uses the prefix '${prefix}'. Choose a different prefix so this connection's tables don't clash.`;
}

function insertSource(
  server: FakeServerContext,
  request: RequestContext,
  body: Payload,
  payload: Payload,
  prefix: string | null,
): FakeSource {
  const jobInputs = { ...payload };
  delete jobInputs.schemas;
  const source: FakeSource = {
    id: randomUUID(),
    projectId: request.projectId,
    createdAt: server.now(),
    createdBy: server.options.user.email,
    createdVia: (body.created_via as string | undefined) ?? "api",
    sourceType: body.source_type as string,
    prefix,
    description: (body.description as string | undefined) ?? null,
    accessMethod: (body.access_method as string | undefined) ?? "warehouse",
    directQueryEnabled: parseBoolean(body.direct_query_enabled) ?? false,
    jobInputs,
    schemas: [],
    retrieves: 0,
  };
  server.state.sources.push(source);
  return source;
}

/**
 * Runs discovery and the schema checks. Returns an error response, or null once
 * schemas exist.
 */
async function attachSchemas(
  server: FakeServerContext,
  source: FakeSource,
  payload: Payload,
): Promise<FakeResponse | null> {
  let discovered: FakeDiscoveredTable[];
  try {
    discovered = await discover(server, payload);
  } catch {
    return messageError("Could not fetch schemas from source.");
  }

  const cdcEnabled =
    parseBoolean(payload.cdc_enabled) === true &&
    CDC_TYPES.has(source.sourceType) &&
    server.options.cdcTeamFlag;
  const checked = checkSchemas(payload.schemas, discovered, cdcEnabled);
  if ("error" in checked) return messageError(checked.error);

  source.schemas = checked.entries.map((entry) => toSchema(entry, discovered));
  return null;
}

export async function discover(
  server: FakeServerContext,
  payload: Payload,
): Promise<FakeDiscoveredTable[]> {
  const discoverTables = server.options.discoverTables;
  if (!discoverTables) {
    const requested = Array.isArray(payload.schemas) ? payload.schemas : [];
    return requested
      .filter(isObject)
      .map((entry) => ({ name: String(entry.name) }));
  }
  return normalizeDiscovered(await discoverTables(payload));
}

function toSchema(
  entry: SchemaEntry,
  discovered: FakeDiscoveredTable[],
): FakeSchema {
  const shouldSync = entry.should_sync === true;
  const syncType = (entry.sync_type as string | null | undefined) ?? null;
  const detected =
    discovered.find((table) => table.name === entry.name)?.primaryKey ?? null;
  const chosenKey = Array.isArray(entry.primary_key_columns)
    ? (entry.primary_key_columns as string[])
    : null;

  return {
    id: randomUUID(),
    name: entry.name,
    label: null,
    should_sync: shouldSync,
    sync_type: syncType === "cdc" && !shouldSync ? null : syncType,
    incremental_field: (entry.incremental_field as string | undefined) ?? null,
    incremental_field_type:
      (entry.incremental_field_type as string | undefined) ?? null,
    primary_key_columns: chosenKey ?? detected,
    status: shouldSync ? "Running" : null,
    last_synced_at: null,
    latest_error: null,
    table: null,
  };
}

function deleteCredential(
  server: FakeServerContext,
  credentialId: string,
): void {
  const index = server.state.credentials.findIndex(
    (c) => c.id === credentialId,
  );
  if (index >= 0) server.state.credentials.splice(index, 1);
}
