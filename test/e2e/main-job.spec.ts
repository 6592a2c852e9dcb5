import { expect, test, type Page } from "@playwright/test";
import { SECRET_MASK } from "../../main/setup/masking";
import type { RecordedRequest } from "../fakes/posthog";
import { startApp, type AppUnderTest } from "./support/app";
import { StepScreenshots } from "./support/screenshots";
import {
  API_KEY_NAME,
  namedSecrets,
  readFilesUnder,
  secretsIn,
  type NamedSecret,
} from "./support/secret-scan";
import {
  startServers,
  TARGET_PROJECT,
  TARGET_PROJECT_LABEL,
  type E2eServers,
} from "./support/servers";
import { fillConnection, workingConnection } from "./support/flows";
import {
  chooseProject,
  choosePostgres,
  continueTo,
  hostKeyDialog,
  openApp,
  signInSelfHosted,
  stepHeading,
  testConnection,
  traceLayer,
  traceSection,
} from "./support/wizard";

const PREFIX = "chinook_";
/** The table whose sync type the user changes, and the choice made for it. */
const EDITED_TABLE = "invoice";
const EDITED_INCREMENTAL_FIELD = "invoice_date";

const TRACE_LAYER_LABELS = [
  "DNS lookup",
  "TCP connection",
  "SSH handshake",
  "SSH authentication",
  "Port forward",
  "TLS",
  "Database login",
  "Privileges",
];

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

function warehouseName(table: string): string {
  return `${PREFIX}postgres_${table}`;
}

function storeCredentialsRequests(): RecordedRequest[] {
  return servers.posthog.requests.filter((request) =>
    request.path.endsWith("/external_data_sources/store_credentials/"),
  );
}

function runSecrets(): NamedSecret[] {
  return namedSecrets({
    databasePassword: servers.role.password,
    sshPrivateKey: servers.sshKey.privateKey,
    sshPassphrase: servers.sshPassphrase,
    apiKey: servers.posthogKeys.full,
  });
}

/** Returns the run's secrets without the API key, which belongs in Authorization headers. */
function connectionSecrets(): NamedSecret[] {
  return runSecrets().filter((secret) => secret.name !== API_KEY_NAME);
}

async function signInAndChooseProject(page: Page, shots: StepScreenshots) {
  await openApp(page, app.bridge.url);
  await shots.capture("sign-in");

  await signInSelfHosted(page, {
    url: servers.posthog.url,
    apiKey: servers.posthogKeys.full,
  });
  await chooseProject(page, TARGET_PROJECT_LABEL);
  await expect(page.getByText("Key stored")).toBeVisible();
  await shots.capture("project");
}

async function choosePostgresFromCatalog(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Source type");
  await expect(page.getByText(/^From PostHog, fetched/)).toBeVisible();
  await choosePostgres(page);
  await shots.capture("source-type");
}

async function fillConnectionForm(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Connect to Postgres");
  await fillConnection(page, workingConnection(servers));
  await expect(page.getByText("Loaded ca.crt.")).toBeVisible();
  await expect(page.getByLabel("SSH private key")).toHaveValue(
    servers.sshKey.privateKey,
  );
  await shots.capture("connection-form");
}

async function testAndTrustHostKey(page: Page, shots: StepScreenshots) {
  await testConnection(page);

  const dialog = hostKeyDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Trust this SSH host key?");
  const fingerprint = await servers.network.bastion.hostKeyFingerprint();
  expect(fingerprint).toMatch(/^SHA256:/);
  await expect(dialog.locator("code.fingerprint")).toHaveText(fingerprint);
  await shots.capture("host-key", { fullPage: false });

  await dialog.getByRole("button", { name: "Trust and connect" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    traceSection(page).getByText("The connection works."),
  ).toBeVisible();
  for (const label of TRACE_LAYER_LABELS) {
    await expect(traceLayer(page, label)).toContainText("Passed");
  }
  await shots.capture("connection-test");
}

async function discover(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Discover tables");
  const count = servers.chinookTables.length;
  await expect(
    page.getByRole("heading", { name: `Found ${count} relations` }),
  ).toBeVisible();
  await shots.capture("discover");
}

async function chooseTables(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Choose tables");
  await page.getByRole("button", { name: "Select all" }).click();
  const count = servers.chinookTables.length;
  await expect(
    page.getByText(`Showing ${count} of ${count} tables, ${count} selected`),
  ).toBeVisible();

  const syncType = page.getByLabel(`Sync type for ${EDITED_TABLE}`, {
    exact: true,
  });
  await syncType.selectOption({ label: "Incremental" });
  const field = page.getByLabel(`Incremental field for ${EDITED_TABLE}`, {
    exact: true,
  });
  await field.selectOption(EDITED_INCREMENTAL_FIELD);
  await expect(syncType).toHaveValue("incremental");
  await expect(field).toHaveValue(EDITED_INCREMENTAL_FIELD);
  await shots.capture("tables");
}

async function choosePrefix(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Table prefix");
  await page.getByRole("textbox", { name: "Prefix" }).fill(PREFIX);

  const preview = page.getByRole("region", { name: "Warehouse table names" });
  for (const table of servers.chinookTables) {
    await expect(
      preview.getByRole("row", { name: `${table} ${warehouseName(table)}` }),
    ).toBeVisible();
  }
  await shots.capture("prefix");
}

async function review(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Review");
  const base = `/api/projects/${TARGET_PROJECT.id}/external_data_sources/`;
  const storeBody = page.getByLabel(`Body of POST ${base}store_credentials/`);
  const createBody = page.getByLabel(`Body of POST ${base}`, { exact: true });
  await expect(storeBody).toBeVisible();
  await expect(createBody).toBeVisible();
  await expect(page.locator(".planned-request")).toHaveCount(2);

  const shownText = await page.locator(".request-list").innerText();
  expect(secretsIn(shownText, connectionSecrets())).toEqual([]);
  for (const name of ["password", "private_key", "passphrase"]) {
    await expect(storeBody).toContainText(`"${name}": "${SECRET_MASK}"`);
  }
  await shots.capture("review");
}

async function create(page: Page, shots: StepScreenshots) {
  await continueTo(page, "Create source");
  const count = servers.chinookTables.length;
  const ready = `Ready to send 2 requests to ${servers.posthog.url} for ${count} tables.`;
  await expect(page.getByText(ready)).toBeVisible();
  await shots.capture("create");

  await page.getByRole("button", { name: "Create source" }).click();
  await expect(stepHeading(page, "Sync status")).toBeVisible();
}

async function watchStatus(page: Page, shots: StepScreenshots) {
  const sourceId = servers.posthog.state.sources[0]?.id ?? "no source";
  const rows = page.locator(".data-table tbody tr");
  await expect(rows).toHaveCount(servers.chinookTables.length);
  await expect(
    page.getByText("Every table has completed or failed its first sync."),
  ).toBeVisible();
  await expect(
    page.getByText(`PostHog finished the first sync of source ${sourceId}.`),
  ).toBeVisible();
  const count = servers.chinookTables.length;
  await expect(
    page.getByText(`${count} of ${count} tables completed, none failed.`),
  ).toBeVisible();

  for (const table of servers.chinookTables) {
    const name = `${table} ${warehouseName(table)}`;
    const row = rows.filter({
      has: page.getByRole("cell", { name, exact: true }),
    });
    await expect(row.locator(".badge")).toHaveText("Completed");
    await expect(row.locator("code.hogql")).toContainText(warehouseName(table));
    await expect(
      row.getByRole("button", {
        name: `Copy query for ${warehouseName(table)}`,
      }),
    ).toBeVisible();
  }
  await shots.capture("status");
}

test("sets up Chinook through the bastion", async ({ page }, testInfo) => {
  const shots = new StepScreenshots(page, testInfo);

  await test.step("sign in and choose the project", () =>
    signInAndChooseProject(page, shots));
  await test.step("choose Postgres", () =>
    choosePostgresFromCatalog(page, shots));
  await test.step("fill the connection form", () =>
    fillConnectionForm(page, shots));
  await test.step("test and trust the host key", () =>
    testAndTrustHostKey(page, shots));
  await test.step("discover", () => discover(page, shots));
  await test.step("choose tables", () => chooseTables(page, shots));
  await test.step("choose the prefix", () => choosePrefix(page, shots));
  await test.step("review", () => review(page, shots));
  await test.step("create", () => create(page, shots));
  await test.step("watch the status", () => watchStatus(page, shots));

  await test.step("check what PostHog received", () => checkPostHogState());
  await test.step("check where secrets went", () => checkSecretsStayed());
});

function checkPostHogState(): void {
  const sources = servers.posthog.state.sources;
  expect(sources).toHaveLength(1);
  const source = sources[0]!;
  expect(source.projectId).toBe(TARGET_PROJECT.id);
  expect(source.prefix).toBe(PREFIX);

  const schemas = source.schemas
    .map((schema) => ({
      name: schema.name,
      shouldSync: schema.should_sync,
      syncType: schema.sync_type,
      incrementalField: schema.incremental_field,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const expected = servers.chinookTables
    .map((table) => ({
      name: table,
      shouldSync: true,
      syncType: table === EDITED_TABLE ? "incremental" : "full_refresh",
      incrementalField:
        table === EDITED_TABLE ? EDITED_INCREMENTAL_FIELD : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(schemas).toEqual(expected);

  const stored = storeCredentialsRequests();
  expect(stored).toHaveLength(1);
  const payload = (JSON.parse(stored[0]!.body) as { payload: StoredPayload })
    .payload;
  expect(payload.password).toBe(servers.role.password);
  expect(payload.ssh_tunnel.enabled).toBe(true);
  expect(payload.ssh_tunnel.host).toBe(servers.network.bastion.host);
  expect(payload.ssh_tunnel.port).toBe(servers.network.bastion.port);
  expect(payload.ssh_tunnel.auth.username).toBe(servers.network.bastion.user);
  expect(payload.ssh_tunnel.auth.private_key).toBe(servers.sshKey.privateKey);
  expect(payload.ssh_tunnel.auth.passphrase).toBe(servers.sshPassphrase);
}

interface StoredPayload {
  password: string;
  ssh_tunnel: {
    enabled: boolean;
    host: string;
    port: number;
    auth: { username: string; private_key: string; passphrase: string };
  };
}

function checkSecretsStayed(): void {
  // Every secret reached the vault, so finding none elsewhere means they stayed there.
  const vaultText = app.vault.values().join("\n");
  const allNames = runSecrets().map((secret) => secret.name);
  expect(secretsIn(vaultText, runSecrets())).toEqual(allNames);

  const apiKey = servers.posthogKeys.full;
  const storeRequest = storeCredentialsRequests()[0];
  for (const request of servers.posthog.requests) {
    const { authorization, ...otherHeaders } = request.headers;
    const where = `${request.method} ${request.path}`;
    expect(authorization, where).toBe(`Bearer ${apiKey}`);

    const withoutAuthorization = JSON.stringify({
      ...request,
      headers: otherHeaders,
    });
    expect(
      secretsIn(withoutAuthorization, runSecrets().filter(isApiKey)),
      where,
    ).toEqual([]);
    if (request === storeRequest) continue;
    expect(secretsIn(withoutAuthorization, connectionSecrets()), where).toEqual(
      [],
    );
  }

  expect(secretsIn(app.bridge.recordedText(), runSecrets())).toEqual([]);
  expect(secretsIn(app.logSink.text(), runSecrets())).toEqual([]);
  expect(app.logSink.lines.length).toBeGreaterThan(0);

  const files = readFilesUnder(app.dataDir);
  expect(files.map((file) => file.path)).toContain("connections.json");
  for (const file of files) {
    expect(secretsIn(file.text, runSecrets()), file.path).toEqual([]);
  }
}

function isApiKey(secret: NamedSecret): boolean {
  return secret.name === API_KEY_NAME;
}
