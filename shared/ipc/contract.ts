import { z } from "zod";
import {
  connectionSecretsSchema,
  postgresConnectionSettingsSchema,
  savedConnectionSchema,
} from "../domain/connection";
import { appErrorSchema } from "../domain/errors";
import { discoveryResultSchema } from "../domain/discovery";
import {
  cdcSetupSchema,
  doctorReportSchema,
  doctorRequestSchema,
} from "../domain/cdc";
import {
  POSTHOG_REGIONS,
  posthogAccountSchema,
  setupPlanSchema,
  sourceCatalogSchema,
  sourceStatusSchema,
} from "../domain/posthog";
import { tableChoiceSchema } from "../domain/sync";
import { traceResultSchema, traceStepSchema } from "../domain/trace";
import type { Channel, EventName } from "./channels";

const empty = z.object({}).strict();
const operationId = z.string().min(1).max(100);
const connectionId = z.string().min(1).max(100);

export const existingSourceSchema = z.object({
  id: z.string(),
  sourceType: z.string(),
  prefix: z.string().nullable(),
  status: z.string().nullable(),
  createdAt: z.string().nullable(),
});

export type ExistingSource = z.infer<typeof existingSourceSchema>;

/**
 * The IPC contract: every channel's request and response schema. Main validates both sides of
 * every call against it; the preload exposes exactly these channels.
 */
export const contract = {
  "posthog:get-account": { request: empty, response: posthogAccountSchema },
  "posthog:sign-in": {
    request: z.object({
      region: z.enum(POSTHOG_REGIONS),
      /** Required for self-hosted; ignored for the cloud regions. */
      host: z.string().max(500),
      apiKey: z.string().min(1).max(500),
    }),
    response: posthogAccountSchema,
  },
  "posthog:select-project": {
    request: z.object({ projectId: z.number().int() }),
    response: posthogAccountSchema,
  },
  "posthog:sign-out": { request: empty, response: posthogAccountSchema },
  "posthog:list-sources": {
    request: empty,
    response: z.object({ sources: z.array(existingSourceSchema) }),
  },
  "catalog:list-sources": {
    request: z.object({ refresh: z.boolean() }),
    response: sourceCatalogSchema,
  },
  "connection:list": {
    request: empty,
    response: z.object({ connections: z.array(savedConnectionSchema) }),
  },
  "connection:save": {
    request: z.object({
      /** Absent for a new connection. */
      id: connectionId.optional(),
      settings: postgresConnectionSettingsSchema,
      /** Only the secrets the user typed now; stored ones are kept unless cleared. */
      secrets: connectionSecretsSchema,
      clearSecrets: z.array(connectionSecretsSchema.keyof()),
    }),
    response: savedConnectionSchema,
  },
  "connection:delete": {
    request: z.object({ id: connectionId }),
    response: empty,
  },
  "connection:test": {
    request: z.object({ connectionId, operationId }),
    response: traceResultSchema,
  },
  "ssh:trust-host-key": {
    request: z.object({
      host: z.string(),
      port: z.number().int(),
      fingerprint: z.string(),
    }),
    response: z.object({ trusted: z.boolean() }),
  },
  "discovery:run": {
    request: z.object({ connectionId, operationId }),
    response: discoveryResultSchema,
  },
  "operation:cancel": {
    request: z.object({ operationId }),
    response: z.object({ cancelled: z.boolean() }),
  },
  "setup:plan": {
    request: z.object({
      connectionId,
      prefix: z.string().max(100),
      tables: z.array(tableChoiceSchema).min(1),
      /** CDC settings for PostHog, used when any table syncs with CDC. */
      cdc: cdcSetupSchema.nullable(),
    }),
    response: setupPlanSchema,
  },
  "setup:create": {
    request: z.object({ planId: z.string(), operationId }),
    response: z.object({ sourceId: z.string(), adopted: z.boolean() }),
  },
  "setup:get-status": {
    request: z.object({ planId: z.string() }),
    response: sourceStatusSchema,
  },
  "cdc:run-doctor": {
    request: doctorRequestSchema.extend({ connectionId, operationId }),
    response: doctorReportSchema,
  },
} as const satisfies Record<
  Channel,
  { request: z.ZodType; response: z.ZodType }
>;

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]["request"]>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]["response"]>;

export const progressEventSchema = z.object({
  operationId,
  message: z.string(),
  completed: z.number().optional(),
  total: z.number().optional(),
  /** A finished layer of a connection trace, streamed while the trace runs. */
  step: traceStepSchema.optional(),
});

export type ProgressEvent = z.infer<typeof progressEventSchema>;

export const events = {
  "operation:progress": progressEventSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type EventPayloadOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** Result of every IPC call. Errors cross as values, so their kind and code survive. */
export const ipcResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** The object the preload exposes as `window.dwConnect`. */
export interface DwConnectApi {
  invoke<C extends Channel>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventName>(
    event: E,
    listener: (payload: EventPayloadOf<E>) => void,
  ): () => void;
}
