import type { z } from "zod";
import { isAppError, type AppErrorShape } from "../../shared/domain/errors";
import type { Redactor } from "../services/logging/redactor";

export function unknownChannelError(channel: string): AppErrorShape {
  return {
    kind: "invalid-input",
    code: "IPC_UNKNOWN_CHANNEL",
    message: `The IPC channel "${channel}" does not exist.`,
    fix: "Use one of the channels of the IPC contract.",
  };
}

export function untrustedSenderError(channel: string): AppErrorShape {
  return {
    kind: "permission",
    code: "IPC_UNTRUSTED_SENDER",
    message: `The request on "${channel}" came from a page other than the dw-connect window and was rejected.`,
    fix: "Reload the dw-connect window.",
  };
}

/** Names the first invalid field by its path, such as `settings.ssh.port`. */
export function invalidRequestError(
  channel: string,
  error: z.ZodError,
): AppErrorShape {
  const first = error.issues[0];
  const field =
    first === undefined || first.path.length === 0
      ? "request"
      : first.path.map(String).join(".");

  return {
    kind: "invalid-input",
    code: "IPC_INVALID_REQUEST",
    message: `The ${channel} request has an invalid value at ${field}.`,
    fix: `Correct ${field} and try again.`,
    detail: error.issues
      .map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
      .join("\n"),
    field,
  };
}

export function invalidResponseError(channel: string): AppErrorShape {
  return {
    kind: "internal",
    code: "IPC_INVALID_RESPONSE",
    message: `dw-connect produced an invalid response to the ${channel} request.`,
    fix: "Try again. If it keeps failing, report it with the log file attached.",
  };
}

export function missingHandlerError(channel: string): AppErrorShape {
  return {
    kind: "internal",
    code: "IPC_NO_HANDLER",
    message: `No handler is registered for the ${channel} request.`,
    fix: "Report it with the log file attached.",
  };
}

/**
 * Converts anything a handler threw into an error shape that may cross IPC. An AppError keeps
 * its shape. Anything else becomes `internal` with a generic message and the original text in
 * `detail`, or `cancelled` when the operation was cancelled. All text is redacted.
 */
export function toErrorShape(
  channel: string,
  error: unknown,
  cancelled: boolean,
  redactor: Redactor,
): AppErrorShape {
  if (isAppError(error)) {
    return redactShape(error.shape, redactor);
  }

  const detail = redactor.redactText(
    error instanceof Error ? error.message : String(error),
  );
  if (cancelled) {
    return {
      kind: "cancelled",
      code: "CANCELLED",
      message: "The operation was cancelled.",
      detail,
    };
  }

  return {
    kind: "internal",
    code: "INTERNAL",
    message: `An unexpected error stopped the ${channel} request.`,
    fix: "Try again. If it keeps failing, report it with the log file attached.",
    detail,
  };
}

function redactShape(shape: AppErrorShape, redactor: Redactor): AppErrorShape {
  const redact = (text: string | undefined) =>
    text === undefined ? undefined : redactor.redactText(text);

  const redacted: AppErrorShape = {
    ...shape,
    message: redactor.redactText(shape.message),
  };
  for (const key of ["fix", "detail"] as const) {
    const value = redact(shape[key]);
    if (value !== undefined) {
      redacted[key] = value;
    }
  }

  return redacted;
}
