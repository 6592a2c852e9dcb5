import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The folder of one test run: logs, data directories and the list of processes and
 * namespaces to clean up. Global setup creates it and exports it to every worker through
 * DWC_TEST_RUN_DIR; a worker started without global setup gets its own.
 */
export function testRunDir(): string {
  const existing = process.env.DWC_TEST_RUN_DIR;
  if (existing) return existing;

  const created = mkdtempSync(join(tmpdir(), "dwc-test-"));
  // Servers run as other system users (postgres), so they must be able to enter it.
  chmodSync(created, 0o755);
  process.env.DWC_TEST_RUN_DIR = created;
  return created;
}

/** Creates a fresh subfolder of the run folder. */
export function makeRunSubdir(prefix: string): string {
  const parent = testRunDir();
  mkdirSync(parent, { recursive: true });
  const created = mkdtempSync(join(parent, `${prefix}-`));
  chmodSync(created, 0o755);
  return created;
}

export type CleanupRecord =
  { kind: "pid"; pid: number } | { kind: "netns"; name: string };

/** Appends a record to the run's cleanup list, so teardown can undo it after a crash. */
export function recordForCleanup(record: CleanupRecord): void {
  appendFileSync(
    join(testRunDir(), "cleanup.jsonl"),
    JSON.stringify(record) + "\n",
  );
}

/** Records the process that owns a run, so other runs leave it alone while it is alive. */
export function markRunOwner(runDir: string): void {
  writeFileSync(join(runDir, "owner.pid"), String(process.pid));
}

/** The PID of the process that owns a run, or null when unknown. */
export function runOwner(runDir: string): number | null {
  const file = join(runDir, "owner.pid");
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8"));
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
