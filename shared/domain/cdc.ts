import { z } from "zod";

export const CHECK_STATUSES = ["pass", "warn", "fail", "skipped"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const CDC_MANAGEMENT_MODES = ["posthog", "self_managed"] as const;
export type CdcManagementMode = (typeof CDC_MANAGEMENT_MODES)[number];

export const fixSchema = z.object({
  /** `sql` runs in a SQL session; `console` is a step in the provider's console; `config` edits postgresql.conf. */
  kind: z.enum(["sql", "console", "config"]),
  text: z.string(),
  requiresRestart: z.boolean(),
});

export type Fix = z.infer<typeof fixSchema>;

export const doctorCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(CHECK_STATUSES),
  current: z.string().nullable(),
  required: z.string().nullable(),
  /** Plain explanation of the outcome. */
  message: z.string(),
  fixes: z.array(fixSchema),
  /** Set on per-table checks: the table's source name. */
  table: z.string().nullable(),
});

export type DoctorCheck = z.infer<typeof doctorCheckSchema>;

export const PROVIDERS = [
  "self-hosted",
  "rds",
  "aurora",
  "cloud-sql",
  "azure-flexible",
  "supabase",
  "neon",
] as const;

export type Provider = (typeof PROVIDERS)[number];

export const posthogComparisonSchema = z.object({
  ran: z.boolean(),
  /** Reason the comparison did not run, e.g. the PostHog route is not reachable. */
  skippedReason: z.string().nullable(),
  valid: z.boolean().nullable(),
  errors: z.array(z.string()),
  /** Points where PostHog's verdict and this doctor's differ, one sentence each. */
  disagreements: z.array(z.string()),
});

export const doctorReportSchema = z.object({
  overall: z.enum(["ready", "not-ready"]),
  provider: z.object({
    id: z.enum(PROVIDERS),
    name: z.string(),
    evidence: z.string(),
  }),
  serverVersion: z.string().nullable(),
  checks: z.array(doctorCheckSchema),
  /** The tables checked, by source name. */
  tables: z.array(z.string()),
  /** All fixes in a safe order, as one script to hand to a DBA. */
  fixScript: z.string(),
  posthog: posthogComparisonSchema,
  queryCount: z.number().int(),
  durationMs: z.number(),
});

export type DoctorReport = z.infer<typeof doctorReportSchema>;

export const doctorRequestSchema = z.object({
  /** Source names to check; empty checks every discovered table. */
  tables: z.array(z.string()),
  mode: z.enum(CDC_MANAGEMENT_MODES),
  slotName: z.string().max(63),
  publicationName: z.string().max(63),
  /** Also ask PostHog's `check_cdc_prerequisites`, which sends the credentials to PostHog. */
  comparePostHog: z.boolean(),
});

export type DoctorRequest = z.infer<typeof doctorRequestSchema>;

/**
 * CDC settings sent with the create request. A blank slot or publication name lets PostHog
 * choose its own (`posthog_<id>`, `posthog_pub_<id>`).
 */
export const cdcSetupSchema = z.object({
  mode: z.enum(CDC_MANAGEMENT_MODES),
  slotName: z.string().max(63),
  publicationName: z.string().max(63),
});

export type CdcSetup = z.infer<typeof cdcSetupSchema>;
