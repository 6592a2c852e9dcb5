import { z } from "zod";
import { appErrorSchema, TRACE_LAYERS } from "./errors";

export const TRACE_STEP_STATUSES = [
  "passed",
  "warning",
  "failed",
  "skipped",
] as const;

export const traceStepSchema = z.object({
  layer: z.enum(TRACE_LAYERS),
  status: z.enum(TRACE_STEP_STATUSES),
  durationMs: z.number().nonnegative(),
  /** One line: what was checked and the outcome, e.g. "Connected to 127.0.0.1:5432". */
  summary: z.string(),
  error: appErrorSchema.optional(),
});

export type TraceStep = z.infer<typeof traceStepSchema>;

export const serverInfoSchema = z.object({
  /** `server_version` as the server reports it. */
  version: z.string(),
  versionNum: z.number().int(),
  user: z.string(),
  database: z.string(),
  ssl: z.boolean(),
});

export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const traceResultSchema = z.object({
  ok: z.boolean(),
  steps: z.array(traceStepSchema),
  server: serverInfoSchema.optional(),
  /** Warnings that do not stop the setup, such as a schema without USAGE. */
  warnings: z.array(z.string()),
});

export type TraceResult = z.infer<typeof traceResultSchema>;
