import type { Redactor } from "./redactor";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Destination of formatted, already redacted log lines (one JSON object per line). */
export interface LogSink {
  write(line: string): void;
}

/** Fields logged with a message, such as ids and a caught `error`. Secrets are masked. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Returns a logger whose records carry `component`, such as `ipc` or `vault`. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  sink: LogSink;
  redactor: Redactor;
  /** Records below this level are dropped. Defaults to `info`. */
  level?: LogLevel;
  component?: string;
  now?: () => Date;
}

/** Creates the logger facade. Every record passes through the redactor before it reaches the sink. */
export function createLogger(options: LoggerOptions): Logger {
  const minimum = LOG_LEVELS.indexOf(options.level ?? "info");
  const now = options.now ?? (() => new Date());
  const component = options.component ?? "app";

  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < minimum) {
      return;
    }

    const record = {
      time: now().toISOString(),
      level,
      component,
      message: options.redactor.redactText(message),
      ...(fields === undefined
        ? {}
        : { fields: options.redactor.redactValue(fields) }),
    };
    options.sink.write(JSON.stringify(record));
  };

  return {
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
    child: (name) => createLogger({ ...options, component: name }),
  };
}
