import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type AppUnderTest } from "./support/app";
import { walkToCreateStep } from "./support/flows";
import { captureScreen } from "./support/screenshots";
import {
  startServers,
  TARGET_PROJECT,
  type E2eServers,
} from "./support/servers";
import {
  openApp,
  SHOWN,
  signInSelfHosted,
  stepHeading,
} from "./support/wizard";

const PREFIX = "chinook_";
const CREATE_PATH = `/api/projects/${TARGET_PROJECT.id}/external_data_sources/`;
const STORE_CREDENTIALS_PATH = `${CREATE_PATH}store_credentials/`;

let servers: E2eServers;
let app: AppUnderTest;

test.beforeAll(async () => {
  servers = await startServers();
});

test.afterAll(async () => {
  await servers?.stop();
});

test.beforeEach(async () => {
  const { posthog } = servers;
  posthog.faults.clear();
  posthog.state.sources.splice(0);
  posthog.state.credentials.splice(0);
  posthog.requests.splice(0);
  app = await startApp();
});

test.afterEach(async () => {
  await app?.stop();
});

function signInAlert(page: Page) {
  return stepHeading(page, "PostHog account").locator("..").getByRole("alert");
}

function createAlert(page: Page) {
  return stepHeading(page, "Create source").locator("..").getByRole("alert");
}

function requestsTo(path: string) {
  return servers.posthog.requests.filter(
    (request) => request.method === "POST" && request.path === path,
  );
}

async function clickCreate(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Create source" }).click();
}

test("sign-in with a wrong key", async ({ page }, testInfo) => {
  await openApp(page, app.bridge.url);
  await signInSelfHosted(page, {
    url: servers.posthog.url,
    apiKey: `phx_${randomBytes(18).toString("hex")}`,
  });

  const alert = signInAlert(page);
  await expect(alert).toContainText(
    `PostHog at ${servers.posthog.url} did not accept the personal API key.`,
    SHOWN,
  );
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await captureScreen(page, testInfo, "bad-input/posthog-401");
});

test("sign-in with a key missing a scope", async ({ page }, testInfo) => {
  await openApp(page, app.bridge.url);
  await signInSelfHosted(page, {
    url: servers.posthog.url,
    apiKey: servers.posthogKeys.withoutProjectRead,
  });

  const alert = signInAlert(page);
  await expect(alert).toContainText("project:read", SHOWN);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await captureScreen(page, testInfo, "bad-input/posthog-403-sign-in");
});

test("create with a key that cannot write", async ({ page }, testInfo) => {
  await walkToCreateStep(page, app, servers, {
    apiKey: servers.posthogKeys.withoutWrite,
    prefix: PREFIX,
  });
  await clickCreate(page);

  const alert = createAlert(page);
  await expect(alert).toContainText("external_data_source:write", SHOWN);
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  expect(servers.posthog.state.sources).toHaveLength(0);
  await captureScreen(page, testInfo, "bad-input/posthog-403-create");
});

test("create rejected with 400", async ({ page }, testInfo) => {
  await walkToCreateStep(page, app, servers, { prefix: PREFIX });
  const reason = "Schema 'invoice' cannot sync incrementally on 'total'.";
  servers.posthog.faults.next(`POST ${CREATE_PATH}`, {
    status: 400,
    body: { message: reason },
  });
  await clickCreate(page);

  const alert = createAlert(page);
  await expect(alert).toContainText("PostHog rejected the request", SHOWN);
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  await captureScreen(page, testInfo, "bad-input/posthog-400-create");
  expect(servers.posthog.state.sources).toHaveLength(0);

  // PostHog's own message is the cause, and the user should not have to open the
  // technical details to read it.
  await expect(alert).toContainText(reason, { ...SHOWN, timeout: 1_000 });
});

test("create fails with 500, then Retry", async ({ page }, testInfo) => {
  await walkToCreateStep(page, app, servers, { prefix: PREFIX });
  servers.posthog.faults.next(`POST ${CREATE_PATH}`, { status: 500 });
  await clickCreate(page);

  const alert = createAlert(page);
  await expect(alert).toContainText(
    `PostHog at ${servers.posthog.url} returned HTTP 500`,
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/posthog-500-create");

  await page.getByRole("button", { name: "Retry" }).click();
  await expect(stepHeading(page, "Sync status")).toBeVisible();
  expect(servers.posthog.state.sources).toHaveLength(1);
  expect(servers.posthog.state.sources[0]?.prefix).toBe(PREFIX);
  expect(requestsTo(CREATE_PATH)).toHaveLength(2);
  expect(requestsTo(STORE_CREDENTIALS_PATH)).toHaveLength(1);
});
