import type { SourceStatus, TableStatus } from "../../shared/domain/posthog";
import { hogqlQuery, warehouseTableName } from "../../shared/posthog/naming";
import type {
  ExternalDataSchema,
  ExternalDataSource,
} from "../posthog/api-types";
import type { PostHogClient, Sleep } from "../posthog/client";

const FINISHED_STATUSES = new Set(["Completed", "Failed"]);

/**
 * Reads a source from PostHog and maps it to the status of each synced table.
 */
export async function getSourceStatus(
  client: Pick<PostHogClient, "getSource">,
  projectId: number,
  sourceId: string,
  signal?: AbortSignal,
): Promise<SourceStatus> {
  return toSourceStatus(await client.getSource(projectId, sourceId, signal));
}

/**
 * Maps PostHog's source to `SourceStatus`. Only synced tables are listed, and
 * the source is settled when each of them is Completed or Failed.
 */
export function toSourceStatus(source: ExternalDataSource): SourceStatus {
  const tables = source.schemas
    .filter((schema) => schema.should_sync)
    .map((schema) => toTableStatus(source, schema));

  return {
    sourceId: source.id,
    status: source.status ?? "Running",
    tables,
    settled: tables.every((table) => FINISHED_STATUSES.has(table.status ?? "")),
  };
}

function toTableStatus(
  source: ExternalDataSource,
  schema: ExternalDataSchema,
): TableStatus {
  // PostHog's own table name, once the first sync made the table, wins over the
  // computed one.
  const warehouseTable =
    schema.table?.name ??
    warehouseTableName(source.prefix ?? "", source.source_type, schema.name);
  return {
    name: schema.name,
    warehouseTable,
    status: schema.status ?? null,
    syncType: schema.sync_type ?? null,
    lastSyncedAt: schema.last_synced_at ?? null,
    rowCount: schema.table?.row_count ?? null,
    error: schema.latest_error ?? null,
    hogql: hogqlQuery(warehouseTable),
  };
}

export interface WaitOptions {
  intervalMs: number;
  maxPolls: number;
  sleep: Sleep;
  signal?: AbortSignal;
  onStatus?: (status: SourceStatus) => void;
}

/**
 * Polls until the source is settled or `maxPolls` reads were made, and returns
 * the last status.
 */
export async function waitUntilSettled(
  client: Pick<PostHogClient, "getSource">,
  projectId: number,
  sourceId: string,
  options: WaitOptions,
): Promise<SourceStatus> {
  let status = await getSourceStatus(
    client,
    projectId,
    sourceId,
    options.signal,
  );
  for (let poll = 1; poll < options.maxPolls && !status.settled; poll += 1) {
    options.onStatus?.(status);
    await options.sleep(options.intervalMs, options.signal);
    status = await getSourceStatus(client, projectId, sourceId, options.signal);
  }
  options.onStatus?.(status);
  return status;
}
