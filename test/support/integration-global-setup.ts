import { rmSync } from "node:fs";
import { cleanUpRun, cleanUpStaleRuns } from "./cleanup";
import { markRunOwner, testRunDir } from "./run-dir";
import { deleteBastionUser, ensureBastionUser } from "./sshd";
import { assertPrerequisites } from "./prerequisites";

/**
 * Prepares one integration run: checks the system tools, creates the run folder and the
 * bastion user. Each test file starts the servers it needs; teardown stops whatever is left,
 * by PID, even after a failed or interrupted test.
 */
export default async function setup(): Promise<() => Promise<void>> {
  assertPrerequisites();
  const runDir = testRunDir();
  markRunOwner(runDir);
  await cleanUpStaleRuns(runDir);
  await ensureBastionUser();

  return async () => {
    await cleanUpRun(runDir);
    await deleteBastionUser(runDir);
    if (!process.env.DWC_KEEP_TEST_DIR)
      rmSync(runDir, { recursive: true, force: true });
  };
}
