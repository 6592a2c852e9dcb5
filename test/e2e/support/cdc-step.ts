import { expect, type Locator, type Page } from "@playwright/test";

/*
 * The CDC readiness step and the CDC parts of the table list, located by role and label, for
 * specs that check CDC readiness.
 */

/** Path of the bridge call that runs the doctor. */
const DOCTOR_CALL = `/__ipc/${encodeURIComponent("cdc:run-doctor")}`;

export function region(page: Page, name: string): Locator {
  return page.getByRole("region", { name, exact: true });
}

export function continueButton(page: Page): Locator {
  return page.getByRole("button", { name: "Continue", exact: true });
}

export function stepNavButton(page: Page, title: string): Locator {
  return page
    .getByRole("navigation", { name: "Setup steps" })
    .getByRole("button", { name: new RegExp(`^${title}( \\(done\\))?$`) });
}

/** Returns the doctor's overall verdict, which reads "Ready" or "Not ready". */
export function verdict(page: Page): Locator {
  return page.getByRole("status").filter({ hasText: /^\W*(Not ready|Ready)/ });
}

export function serverCheck(page: Page, title: string): Locator {
  return region(page, "Server checks")
    .getByRole("listitem")
    .filter({ has: page.getByText(title, { exact: true }) });
}

/** Returns a row of the readiness matrix, by table name. */
export function matrixRow(page: Page, table: string): Locator {
  return page
    .getByRole("table", { name: "Tables by CDC check" })
    .getByRole("row")
    .filter({
      has: page.getByRole("rowheader", { name: table, exact: true }),
    });
}

/** Returns a row of the table list, by table name. */
export function tableListRow(page: Page, table: string): Locator {
  return page
    .getByRole("table", { name: "Discovered tables" })
    .getByRole("row")
    .filter({
      has: page.getByRole("checkbox", { name: table, exact: true }),
    });
}

export function syncTypeSelect(page: Page, table: string): Locator {
  return page.getByLabel(`Sync type for ${table}`, { exact: true });
}

export function cdcOption(page: Page, table: string): Locator {
  return syncTypeSelect(page, table).getByRole("option", { name: /^CDC\b/ });
}

/** Performs `action`, which starts the doctor, and waits until its report is shown. */
export async function runDoctor(
  page: Page,
  action: () => Promise<void>,
): Promise<void> {
  const finished = page.waitForResponse(
    (response) => new URL(response.url()).pathname === DOCTOR_CALL,
  );
  await action();
  expect((await finished).ok()).toBe(true);
  await expect(
    page.getByRole("progressbar", { name: "Checking CDC readiness" }),
  ).toHaveCount(0);
}

export async function checkReadiness(page: Page): Promise<void> {
  await runDoctor(page, () =>
    page.getByRole("button", { name: "Check readiness" }).click(),
  );
}

export async function recheck(page: Page): Promise<void> {
  await runDoctor(page, () =>
    page.getByRole("button", { name: "Re-check" }).click(),
  );
}

/**
 * Copies the DBA script, checks that the clipboard contains the script the page shows, and
 * returns it. The browser context needs the `clipboard-read` and `clipboard-write` permissions.
 */
export async function copyFixScript(page: Page): Promise<string> {
  const fixes = region(page, "Fixes");
  await fixes.getByRole("button", { name: "Copy fixes for your DBA" }).click();
  await expect(fixes.getByText("Copied.", { exact: true })).toBeVisible();

  const script = await fixes.locator("details pre").textContent();
  expect(script).toMatch(/^-- CDC fixes collected by the dw-connect doctor/);
  await expect
    .poll(() => page.evaluate<string>("navigator.clipboard.readText()"))
    .toBe(script);
  return script ?? "";
}

/** Scrolls a scrolling box to its end, so that a screenshot shows its last lines. */
export async function scrollToEnd(box: Locator): Promise<void> {
  await box.evaluate((element: { scrollTop: number; scrollHeight: number }) => {
    element.scrollTop = element.scrollHeight;
  });
}
