import type {
  DoctorCheck,
  DoctorReport,
  DoctorRequest,
} from "../../shared/domain/cdc";
import type { Logger } from "../services/logging/logger";
import type {
  DoctorDeps,
  PostHogCdcCheckBody,
  PostHogCdcVerdict,
} from "./types";

type Comparison = DoctorReport["posthog"];

/** The doctor check a PostHog error text corresponds to, with its table when it names one. */
export interface MappedError {
  checkId: string;
  /** `schema.table`, as PostHog writes it. */
  table: string | null;
}

/** PostHog's error texts from `check_cdc_prerequisites`, matched to the doctor's check ids. */
const ERROR_PATTERNS: { pattern: RegExp; checkId: string }[] = [
  {
    pattern: /PostgreSQL 13 or later|determine PostgreSQL version/,
    checkId: "server-version",
  },
  { pattern: /wal_level/, checkId: "wal-level" },
  { pattern: /^Table '(.+)' has no primary key/, checkId: "primary-key" },
  {
    pattern: /^No SELECT permission on table '(.+)'/,
    checkId: "select-permission",
  },
  { pattern: /^Table '(.+)' does not exist/, checkId: "table-found" },
  {
    pattern: /cannot create logical replication slots|determine user roles/,
    checkId: "replication-privilege",
  },
  {
    pattern:
      /replication slot capacity|max_replication_slots|count existing replication slots/,
    checkId: "replication-slots",
  },
  {
    pattern: /does not own table '(.+)'\. PostgreSQL/,
    checkId: "table-ownership",
  },
  { pattern: /^Publication '.+' does not exist/, checkId: "publication" },
  { pattern: /^Replication slot '.+' does not exist/, checkId: "slot-name" },
];

/** Check ids with no counterpart among the checks of PostHog's `prerequisite_validator.py`. */
const NOT_CHECKED_BY_POSTHOG = new Set([
  "primary-server",
  "wal-senders",
  "slot-name",
  "publication-coverage",
  "replica-identity",
  "cdc-seq-column",
]);

export function mapPostHogError(text: string): MappedError | null {
  for (const { pattern, checkId } of ERROR_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { checkId, table: match[1] ?? null };
  }
  return null;
}

export function buildPostHogBody(
  request: DoctorRequest,
  tables: string[],
  connectionKeys: Record<string, unknown>,
): PostHogCdcCheckBody {
  return {
    ...connectionKeys,
    source_type: "Postgres",
    cdc_management_mode: request.mode,
    tables,
    cdc_slot_name: request.slotName,
    cdc_publication_name: request.publicationName,
  };
}

export interface ComparisonInput {
  request: DoctorRequest;
  checks: DoctorCheck[];
  /** The checked tables: source name to PostHog's `schema.table`. */
  qualifiedNames: Map<string, string>;
  deps: Pick<DoctorDeps, "posthog" | "posthogUnavailableReason">;
  logger?: Logger;
}

/** Asks PostHog's `check_cdc_prerequisites` and lists where its verdict and the doctor's differ. */
export async function compareWithPostHog(
  input: ComparisonInput,
): Promise<Comparison> {
  const { request, deps } = input;
  if (!request.comparePostHog) {
    return skipped("The PostHog comparison was not requested.");
  }
  if (deps.posthog === null) {
    return skipped(
      deps.posthogUnavailableReason ??
        "PostHog cannot be reached for this connection.",
    );
  }

  const tables = [...input.qualifiedNames.keys()];
  const body = buildPostHogBody(request, tables, deps.posthog.connectionKeys);
  let verdict: PostHogCdcVerdict;
  try {
    verdict = await deps.posthog.check(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    input.logger?.warn("PostHog CDC prerequisite check failed", {
      error: message,
    });
    return skipped(
      `PostHog's check_cdc_prerequisites request failed: ${message}`,
    );
  }

  return {
    ran: true,
    skippedReason: null,
    valid: verdict.valid,
    errors: verdict.errors,
    disagreements: findDisagreements(
      verdict,
      input.checks,
      input.qualifiedNames,
    ),
  };
}

function skipped(reason: string): Comparison {
  return {
    ran: false,
    skippedReason: reason,
    valid: null,
    errors: [],
    disagreements: [],
  };
}

/** Lists, one sentence each, the points where PostHog and the doctor reach different verdicts. */
export function findDisagreements(
  verdict: PostHogCdcVerdict,
  checks: DoctorCheck[],
  qualifiedNames: Map<string, string>,
): string[] {
  const disagreements: string[] = [];
  const explained = new Set<DoctorCheck>();
  for (const error of verdict.errors) {
    const mapped = mapPostHogError(error);
    if (mapped === null) {
      disagreements.push(
        `PostHog reports "${error}", which no doctor check covers.`,
      );
      continue;
    }
    const related = checks.filter((check) =>
      matchesError(check, mapped, qualifiedNames),
    );
    related.forEach((check) => explained.add(check));
    if (!related.some((check) => check.status === "fail")) {
      const state = related[0] ? `is ${related[0].status}` : "did not run";
      disagreements.push(
        `PostHog reports "${error}", but the doctor's ${mapped.checkId} check ${state}.`,
      );
    }
  }

  const unexplained = checks.filter(
    (check) => check.status === "fail" && !explained.has(check),
  );
  return [...disagreements, ...unexplained.map(unreportedFailure)];
}

function matchesError(
  check: DoctorCheck,
  mapped: MappedError,
  qualifiedNames: Map<string, string>,
): boolean {
  if (check.id !== mapped.checkId) return false;
  if (mapped.table === null) return true;
  if (check.table === null) return false;
  const qualified = qualifiedNames.get(check.table) ?? check.table;
  // A table the doctor did not find keeps its bare name, while PostHog writes `schema.table`.
  return (
    qualified === mapped.table ||
    check.table === mapped.table ||
    mapped.table.endsWith(`.${check.table}`)
  );
}

function unreportedFailure(check: DoctorCheck): string {
  const subject =
    check.table === null ? check.title : `${check.title} for ${check.table}`;
  const reason = NOT_CHECKED_BY_POSTHOG.has(check.id)
    ? "PostHog's check does not test this"
    : "PostHog reports no error for it";
  return `The doctor fails ${subject} (${check.current ?? check.message}), but ${reason}.`;
}
