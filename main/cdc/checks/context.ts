import type {
  CheckStatus,
  DoctorCheck,
  DoctorRequest,
  Fix,
} from "../../../shared/domain/cdc";
import type { ServerFacts, TableFacts } from "../facts";
import type { DetectedProvider } from "../provider";
import type { Fetched } from "../types";

/** A requested table found in the catalog, under the name PostHog uses for it. */
export interface ResolvedTable {
  sourceName: string;
  facts: TableFacts;
}

/** Input of every check: the request, the server facts and the provider and tables derived from them. */
export interface CheckContext {
  request: DoctorRequest;
  facts: ServerFacts;
  provider: DetectedProvider;
  /** Requested relations that exist, tables or not. */
  found: ResolvedTable[];
  /** Requested names that match no relation. */
  missing: string[];
}

export interface CheckFields {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  current?: string | null;
  required?: string | null;
  fixes?: Fix[];
  table?: string | null;
}

export function makeCheck(fields: CheckFields): DoctorCheck {
  return {
    id: fields.id,
    title: fields.title,
    status: fields.status,
    current: fields.current ?? null,
    required: fields.required ?? null,
    message: fields.message,
    fixes: fields.fixes ?? [],
    table: fields.table ?? null,
  };
}

/** A failed check for facts the server would not return: readiness cannot be confirmed. */
export function unreadableCheck(
  fields: Omit<CheckFields, "status" | "message">,
  failure: Extract<Fetched<unknown>, { ok: false }>,
  subject: string,
): DoctorCheck {
  return makeCheck({
    ...fields,
    status: "fail",
    message: `Reading ${subject} failed, so this check cannot confirm CDC readiness. Make sure the login role may read the system catalogs. Server error: ${failure.error}`,
  });
}

export function sqlFix(text: string): Fix {
  return { kind: "sql", text, requiresRestart: false };
}

/** Returns the current role (`current_user`) quoted for SQL, or a placeholder when unknown. */
export function activeRoleSql(context: CheckContext): string {
  return context.facts.session.ok
    ? context.facts.session.value.active_role_quoted
    : "<user>";
}
