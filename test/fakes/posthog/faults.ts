/**
 * How the double handles a request that matches a fault.
 * - `respond` sends the fault's status and body and skips the real handler.
 * - `hang` never responds, so the client times out or cancels.
 * - `handle-then-drop` runs the real handler (a create succeeds), then closes
 *   the connection without a response.
 * - `handle-then-hang` runs the real handler and never responds.
 */
export type FaultMode =
  "respond" | "hang" | "handle-then-drop" | "handle-then-hang";

export interface FaultSpec {
  mode?: FaultMode;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before acting, in milliseconds. */
  delayMs?: number;
  /** How many matching requests the fault applies to. Default 1. */
  count?: number;
}

interface QueuedFault {
  method: string;
  pathPattern: RegExp;
  spec: FaultSpec;
  remaining: number;
}

/**
 * Queue of injected faults. A pattern is a method, a space and a path, where
 * `*` in the path matches one segment and `**` matches any rest. The method may
 * be `*` for any method.
 */
export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  next(pattern: string, spec: FaultSpec = {}): void {
    const [method, path] = splitPattern(pattern);
    this.queue.push({
      method,
      pathPattern: globToRegExp(path),
      spec,
      remaining: spec.count ?? 1,
    });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Removes one use of the first fault that matches the request and returns its
   * spec.
   */
  take(method: string, path: string): FaultSpec | null {
    const index = this.queue.findIndex(
      (fault) =>
        (fault.method === "*" || fault.method === method) &&
        fault.pathPattern.test(path),
    );
    if (index < 0) return null;

    const fault = this.queue[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return fault.spec;
  }
}

function splitPattern(pattern: string): [string, string] {
  const space = pattern.indexOf(" ");
  if (space < 0) {
    throw new Error(
      `Fault pattern "${pattern}" needs a method and a path, e.g. "GET /api/users/@me/".`,
    );
  }
  return [
    pattern.slice(0, space).toUpperCase(),
    pattern.slice(space + 1).trim(),
  ];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${escaped}$`);
}
