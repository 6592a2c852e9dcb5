import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deleteNamespace } from "./netns";
import { isAlive } from "./processes";
import { runOwner, type CleanupRecord } from "./run-dir";
import { deleteBastionUser } from "./sshd";

/** Stops every process and deletes every namespace a run recorded, by PID and by name. */
export async function cleanUpRun(runDir: string): Promise<void> {
  const records = readRecords(runDir);
  const pids = records.flatMap((record) =>
    record.kind === "pid" ? [record.pid] : [],
  );

  for (const pid of pids) signal(pid, "SIGTERM");
  await waitUntilGone(pids, 5_000);
  for (const pid of pids) signal(pid, "SIGKILL");

  for (const record of records) {
    if (record.kind === "netns") await deleteNamespace(record.name);
  }
}

/**
 * Cleans up what earlier runs left behind when they died before their teardown. A run whose
 * owning process is still alive is another run in progress and is left alone.
 */
export async function cleanUpStaleRuns(currentRunDir: string): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    const dir = join(tmpdir(), entry);
    if (!entry.startsWith("dwc-test-") || dir === currentRunDir) continue;

    const owner = runOwner(dir);
    if (owner !== null && isAlive(owner)) continue;

    await cleanUpRun(dir);
    await deleteBastionUser(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function readRecords(runDir: string): CleanupRecord[] {
  const file = join(runDir, "cleanup.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CleanupRecord);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

async function waitUntilGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
