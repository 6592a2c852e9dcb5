import { join } from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Folder the step screenshots are kept in, under Playwright's output folder. */
export const SCREENSHOT_DIR = join("test-results", "e2e", "screenshots");

/**
 * Takes a numbered full-page screenshot per step (`01-sign-in.png`, ...) into the
 * screenshot folder and attaches each one to the test's report.
 */
export class StepScreenshots {
  private count = 0;

  constructor(
    private readonly page: Page,
    private readonly testInfo: TestInfo,
    /** Subfolder of the screenshot folder; none for the main job. */
    private readonly subfolder = "",
  ) {}

  /**
   * Captures the whole page, or only the viewport when `fullPage` is false, which suits a
   * modal dialog: a full-page capture draws its overlay over one viewport's height only.
   */
  async capture(step: string, options = { fullPage: true }): Promise<void> {
    this.count += 1;
    const name = `${String(this.count).padStart(2, "0")}-${step}`;
    const path = join(SCREENSHOT_DIR, this.subfolder, `${name}.png`);

    await this.page.screenshot({ path, fullPage: options.fullPage });
    await this.testInfo.attach(name, { path, contentType: "image/png" });
  }
}
