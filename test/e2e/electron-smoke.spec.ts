import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { _electron as electron, expect, test } from "@playwright/test";
import { stepHeading } from "./support/wizard";

const ELECTRON_BINARY = join(
  process.cwd(),
  "node_modules",
  "electron",
  "dist",
  "electron",
);
const MAIN_ENTRY = join(process.cwd(), "out", "main", "index.js");

test.skip(
  !existsSync(ELECTRON_BINARY),
  `No Electron binary at ${ELECTRON_BINARY}: the electron package installs without it when ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set. The other e2e tests run the renderer in Chromium through the bridge.`,
);

test("Electron window opens", async () => {
  // A throwaway settings folder, so the run never touches the user's own.
  const userData = mkdtempSync(join(tmpdir(), "dw-connect-electron-"));
  const app = await electron.launch({
    executablePath: ELECTRON_BINARY,
    // Chromium does not start as root with its sandbox on, and the e2e tests run as root.
    args: [MAIN_ENTRY, "--no-sandbox", `--user-data-dir=${userData}`],
    env: { ...process.env, XDG_CONFIG_HOME: userData },
  });

  try {
    const window = await app.firstWindow();
    await expect(stepHeading(window, "PostHog account")).toBeVisible();

    const api = await window.evaluate(() => {
      const page = globalThis as { dwConnect?: { invoke?: unknown } };
      return typeof page.dwConnect?.invoke;
    });
    expect(api).toBe("function");
    const nodeRequire = await window.evaluate(
      () => typeof (globalThis as { require?: unknown }).require,
    );
    expect(nodeRequire).toBe("undefined");
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
