import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { recordForCleanup, testRunDir } from "./run-dir";

export const execFileAsync = promisify(execFile);

/** A child process started by the tests, stopped by its PID. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

/** Starts a process whose output goes to a log file in the run folder. */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
): ManagedProcess {
  const logFile = join(testRunDir(), `${name}-${Date.now()}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  if (child.pid === undefined) throw new Error(`Could not start ${command}`);
  const pid = child.pid;
  recordForCleanup({ kind: "pid", pid });

  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });

  return {
    name,
    pid,
    child,
    logFile,
    exited,
    stop: (signal = "SIGTERM", timeoutMs = 10_000) =>
      stopProcess(pid, exited, signal, timeoutMs),
  };
}

async function stopProcess(
  pid: number,
  exited: Promise<number | null>,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);

  const timer = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), timeoutMs),
  );
  if ((await Promise.race([exited, timer])) === "timeout" && isAlive(pid)) {
    process.kill(pid, "SIGKILL");
    await exited;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `probe` until it returns true or the time runs out. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
