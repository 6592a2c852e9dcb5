import { expect, test, type Locator, type Page } from "@playwright/test";
import { startApp, type AppUnderTest } from "./support/app";
import {
  fillConnection,
  openConnectionForm,
  workingConnection,
} from "./support/flows";
import { captureScreen } from "./support/screenshots";
import { startServers, type E2eServers } from "./support/servers";
import {
  hostKeyDialog,
  SHOWN,
  testConnection,
  traceError,
  traceLayer,
  traceSection,
  trustHostKey,
  waitForTestToFinish,
} from "./support/wizard";

let servers: E2eServers;
let app: AppUnderTest;

test.beforeAll(async () => {
  servers = await startServers();
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
  await servers?.stop();
});

/** Returns the fingerprint the dialog shows under a label. */
function fingerprintFact(dialog: Locator, label: string): Locator {
  return dialog
    .locator(".fact")
    .filter({ has: dialog.page().getByText(label, { exact: true }) })
    .locator("code.fingerprint");
}

/** Counts the logins the bastion accepted with the client key, from its log. */
function acceptedLogins(): number {
  return (
    servers.network.bastion.readLog().split("Accepted publickey").length - 1
  );
}

async function expectConnectionWorks(page: Page): Promise<void> {
  await waitForTestToFinish(page);
  await expect(
    traceSection(page).getByText("The connection works."),
  ).toBeVisible();
}

test("changed host key", async ({ page }, testInfo) => {
  await openConnectionForm(page, app, servers);
  await fillConnection(page, workingConnection(servers));
  await testConnection(page);
  await trustHostKey(page);
  await expectConnectionWorks(page);

  const bastion = servers.network.bastion;
  const oldFingerprint = await bastion.hostKeyFingerprint();
  await bastion.regenerateHostKeys();
  const newFingerprint = await bastion.hostKeyFingerprint();
  expect(newFingerprint).not.toBe(oldFingerprint);
  const loginsBefore = acceptedLogins();

  await testConnection(page);
  const dialog = hostKeyDialog(page);
  await expect(dialog).toContainText("The SSH host key has changed");
  await expect(
    fingerprintFact(dialog, "Previously trusted fingerprint"),
  ).toHaveText(oldFingerprint);
  await expect(fingerprintFact(dialog, "New fingerprint")).toHaveText(
    newFingerprint,
  );
  await captureScreen(page, testInfo, "bad-input/changed-host-key", {
    fullPage: false,
  });

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await waitForTestToFinish(page);
  await expect(traceLayer(page, "SSH handshake")).toContainText("Failed");
  await expect(traceError(page)).toContainText(newFingerprint, SHOWN);
  expect(acceptedLogins()).toBe(loginsBefore);

  await testConnection(page);
  await expect(
    fingerprintFact(dialog, "Previously trusted fingerprint"),
  ).toHaveText(oldFingerprint);
  await dialog.getByRole("button", { name: "Replace trusted key" }).click();
  await expect(dialog).toBeHidden();
  await expectConnectionWorks(page);

  const loginsAfterReplace = acceptedLogins();
  await testConnection(page);
  await expect.poll(acceptedLogins).toBeGreaterThan(loginsAfterReplace);
  await expectConnectionWorks(page);
  await expect(dialog).toBeHidden();
});
