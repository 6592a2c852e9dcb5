import { join } from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Folder the screenshots are kept in, under Playwright's output folder. */
export const SCREENSHOT_DIR = join("test-results", "e2e", "screenshots");

/**
 * Captures the whole page, or only the viewport when `fullPage` is false, which suits a modal
 * dialog: a full-page capture draws its overlay over one viewport's height only. The file
 * goes to `SCREENSHOT_DIR/<name>.png` and is attached to the test's report.
 */
export async function captureScreen(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options = { fullPage: true },
): Promise<void> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // A full-page capture draws sticky elements (the step list) where the page is scrolled to.
  if (options.fullPage) await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path, fullPage: options.fullPage });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * Numbers the screenshots of a walk through the wizard: `01-sign-in.png`, ..., or with a
 * prefix, `cdc-01-tables.png`, so that two walks do not interleave when sorted by name.
 */
export class StepScreenshots {
  private count = 0;

  constructor(
    private readonly page: Page,
    private readonly testInfo: TestInfo,
    private readonly prefix = "",
  ) {}

  async capture(step: string, options = { fullPage: true }): Promise<void> {
    this.count += 1;
    const number = String(this.count).padStart(2, "0");
    const name = this.prefix
      ? `${this.prefix}-${number}-${step}`
      : `${number}-${step}`;
    await captureScreen(this.page, this.testInfo, name, options);
  }
}
