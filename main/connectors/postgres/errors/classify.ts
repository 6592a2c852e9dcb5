import { AppError, isAppError } from "../../../../shared/domain/errors";
import { REDACTED } from "../../../services/logging/redactor";
import {
  formatAddress,
  type ClassifiedError,
  type PostgresErrorContext,
} from "./context";
import { classifyNetworkError } from "./network";
import { poolerHint } from "./pooler";
import { classifySqlState } from "./sqlstate";
import { classifyTlsError } from "./tls";

export type { PostgresErrorContext } from "./context";

/** The fields of pg's `DatabaseError`, Node's `ErrnoException` and TLS errors that matter here. */
interface DriverErrorFields {
  code?: unknown;
  severity?: unknown;
  /** The server's DETAIL and HINT fields. */
  detail?: unknown;
  hint?: unknown;
  cert?: { subjectaltname?: unknown };
}

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/**
 * Classifies an error from `pg`, `net` or `tls` into an AppError whose message names the host,
 * database or user and whose `detail` keeps the driver text (without any secret). An AppError
 * passes through unchanged.
 */
export function classifyPostgresError(
  error: unknown,
  context: PostgresErrorContext,
): AppError {
  if (isAppError(error)) return error;

  const fields: DriverErrorFields =
    typeof error === "object" && error !== null ? error : {};
  const code = typeof fields.code === "string" ? fields.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  const classified =
    classifyKnown(fields, code, text, context) ?? unknownError(code, context);

  const hint = poolerHint(text);
  const fix = hint ? `${classified.fix ?? ""} ${hint}`.trim() : classified.fix;

  return new AppError({
    ...classified,
    ...(fix === undefined ? {} : { fix }),
    detail: removeSecrets(
      describeDriverError(fields, code, text),
      context.secrets,
    ),
  });
}

function classifyKnown(
  fields: DriverErrorFields,
  code: string | undefined,
  text: string,
  context: PostgresErrorContext,
): ClassifiedError | null {
  const isServerError =
    typeof fields.severity === "string" &&
    code !== undefined &&
    SQLSTATE_PATTERN.test(code);
  if (isServerError) {
    return classifySqlState(code, text, context);
  }

  if (/password must be a (non-empty )?string/i.test(text)) {
    return {
      kind: "auth-rejected",
      code: "PASSWORD_MISSING",
      layer: "login",
      field: "password",
      message: `The server asks for a password for user "${context.user}", but none is stored.`,
      fix: "Enter the password and try again.",
    };
  }

  const subjectAltName = fields.cert?.subjectaltname;
  const tlsError = classifyTlsError(
    {
      code,
      text,
      subjectAltName:
        typeof subjectAltName === "string" ? subjectAltName : undefined,
    },
    context,
  );
  return tlsError ?? classifyNetworkError(code, text, context);
}

function unknownError(
  code: string | undefined,
  context: PostgresErrorContext,
): ClassifiedError {
  const isSqlState = code !== undefined && SQLSTATE_PATTERN.test(code);
  return {
    kind: "internal",
    code: isSqlState ? `PG_${code}` : (code ?? "PG_UNKNOWN"),
    layer: context.layer,
    message: `The connection to database "${context.database}" on ${formatAddress(context)} failed.`,
    fix: "Read the server's text in the details; if it does not explain the failure, report it with the log file attached.",
  };
}

/** Formats the driver text with its code, plus the server's DETAIL and HINT when it sent them. */
function describeDriverError(
  fields: DriverErrorFields,
  code: string | undefined,
  text: string,
): string {
  const lines = [
    code === undefined || text.includes(code) ? text : `${code}: ${text}`,
  ];
  if (typeof fields.detail === "string") lines.push(`DETAIL: ${fields.detail}`);
  if (typeof fields.hint === "string") lines.push(`HINT: ${fields.hint}`);
  return lines.join("\n");
}

function removeSecrets(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.replaceAll(secret, REDACTED);
  }
  return result;
}
