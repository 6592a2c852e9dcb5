import { expect, test, type Page } from "@playwright/test";
import { freePort } from "../support/ports";
import { startApp, type AppUnderTest } from "./support/app";
import {
  fillConnection,
  openConnectionForm,
  workingConnection,
  type ConnectionInput,
} from "./support/flows";
import { captureScreen } from "./support/screenshots";
import { startServers, type E2eServers } from "./support/servers";
import {
  databasePasswordField,
  SHOWN,
  testConnection,
  traceError,
  traceLayer,
  trustHostKey,
  waitForTestToFinish,
} from "./support/wizard";

const UNPARSEABLE_KEY = [
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "this is not a key",
  "-----END OPENSSH PRIVATE KEY-----",
].join("\n");

let servers: E2eServers;
let app: AppUnderTest;

test.beforeAll(async () => {
  servers = await startServers();
});

test.afterAll(async () => {
  await servers?.stop();
});

test.beforeEach(async ({ page }) => {
  app = await startApp();
  await openConnectionForm(page, app, servers);
});

test.afterEach(async () => {
  await app?.stop();
});

function withSsh(
  input: ConnectionInput,
  ssh: NonNullable<ConnectionInput["ssh"]>,
): ConnectionInput {
  return { ...input, ssh };
}

function bastionFields() {
  const { host, port, user } = servers.network.bastion;
  return { host, port, user };
}

/**
 * Checks that an unusable key fails the SSH authentication layer, although the app reads the
 * key before it connects.
 */
async function expectKeyErrorAtSshAuthentication(page: Page): Promise<void> {
  // The trace has finished, so its rows no longer change.
  const settled = { timeout: 1_000 };
  await expect(traceLayer(page, "DNS lookup")).not.toContainText(
    "Failed",
    settled,
  );
  await expect(traceLayer(page, "SSH authentication")).toContainText(
    "Failed",
    settled,
  );
}

test("wrong database password", async ({ page }, testInfo) => {
  const working = workingConnection(servers);
  await fillConnection(page, {
    ...working,
    database: { ...working.database, password: "not-the-password" },
  });
  await testConnection(page);
  await trustHostKey(page);
  await waitForTestToFinish(page);

  await expect(traceLayer(page, "Database login")).toContainText("Failed");
  await expect(traceError(page)).toContainText(
    "Failed at Database login",
    SHOWN,
  );
  await expect(traceError(page)).toContainText(
    `Password authentication failed for user "${servers.role.user}"`,
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/wrong-database-password");
});

test("keeps typed input after a failed test", async ({ page }) => {
  const working = workingConnection(servers);
  await fillConnection(page, {
    ...working,
    database: { ...working.database, password: "not-the-password" },
  });
  await testConnection(page);
  await trustHostKey(page);
  await waitForTestToFinish(page);
  await expect(traceLayer(page, "Database login")).toContainText("Failed");

  const { database, ssh } = working;
  await expect(page.getByLabel("Host", { exact: true })).toHaveValue(
    database.host,
  );
  await expect(page.getByLabel("Port", { exact: true })).toHaveValue(
    String(database.port),
  );
  await expect(page.getByLabel("Database", { exact: true })).toHaveValue(
    database.database,
  );
  await expect(page.getByLabel("User", { exact: true })).toHaveValue(
    database.user,
  );
  await expect(page.getByLabel("Schema", { exact: true })).toHaveValue(
    database.schema,
  );
  await expect(page.getByLabel("TLS mode")).toHaveValue("verify-full");
  await expect(page.getByText("Loaded ca.crt.")).toBeVisible();
  await expect(page.getByLabel("Bastion host")).toHaveValue(ssh.host);
  await expect(page.getByLabel("SSH port")).toHaveValue(String(ssh.port));
  await expect(page.getByLabel("SSH user")).toHaveValue(ssh.user);
  await expect(
    page.getByRole("radio", { name: "Private key", exact: true }),
  ).toBeChecked();
  await expect(
    page.getByRole("radio", { name: "Through the same bastion" }),
  ).toBeChecked();
  const secretFields = [
    databasePasswordField(page),
    page.getByLabel("SSH private key"),
    page.getByLabel("Key passphrase"),
  ];
  for (const field of secretFields) {
    await expect(field).toHaveAttribute(
      "placeholder",
      "Stored. Type to replace it.",
    );
  }

  await databasePasswordField(page).fill(database.password);
  await testConnection(page);
  await waitForTestToFinish(page);
  await expect(page.getByText("The connection works.")).toBeVisible();
});

test("closed port on a direct route", async ({ page }, testInfo) => {
  const port = await freePort();
  const working = workingConnection(servers);
  await fillConnection(page, {
    database: { ...working.database, host: "127.0.0.1", port },
    tls: { mode: "disable" },
    ssh: null,
  });
  await testConnection(page);
  await waitForTestToFinish(page);

  await expect(traceLayer(page, "TCP connection")).toContainText("Failed");
  await expect(traceError(page)).toContainText(
    `The connection to 127.0.0.1:${port} was refused`,
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/closed-port");
});

test("unknown host on a direct route", async ({ page }, testInfo) => {
  const working = workingConnection(servers);
  await fillConnection(page, { ...working, ssh: null });
  await testConnection(page);
  await waitForTestToFinish(page);

  await expect(traceLayer(page, "DNS lookup")).toContainText("Failed");
  await expect(traceError(page)).toContainText(
    `The host name ${servers.databaseHost} could not be resolved`,
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/unknown-host");
});

test("wrong SSH password", async ({ page }, testInfo) => {
  const working = workingConnection(servers);
  await fillConnection(
    page,
    withSsh(working, {
      ...bastionFields(),
      auth: "password",
      password: "wrong",
    }),
  );
  await testConnection(page);
  await trustHostKey(page);
  await waitForTestToFinish(page);

  await expect(traceLayer(page, "SSH authentication")).toContainText("Failed");
  await expect(traceError(page)).toContainText(
    "Failed at SSH authentication",
    SHOWN,
  );
  await expect(traceError(page)).toContainText(
    `rejected the password for the user ${servers.network.bastion.user}`,
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/wrong-ssh-password");
});

test("unparseable private key", async ({ page }, testInfo) => {
  const working = workingConnection(servers);
  await fillConnection(
    page,
    withSsh(working, {
      ...bastionFields(),
      auth: "private-key",
      keyText: UNPARSEABLE_KEY,
    }),
  );
  await testConnection(page);
  await waitForTestToFinish(page);

  await expect(traceError(page)).toContainText(
    "The SSH private key could not be read",
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/unparseable-key");
  await expectKeyErrorAtSshAuthentication(page);
});

test("encrypted key without passphrase", async ({ page }, testInfo) => {
  const working = workingConnection(servers);
  await fillConnection(
    page,
    withSsh(working, {
      ...bastionFields(),
      auth: "private-key",
      keyFile: servers.sshKey.privateKeyFile,
    }),
  );
  await testConnection(page);
  await waitForTestToFinish(page);

  await expect(traceError(page)).toContainText(
    "The private key is encrypted. Enter its passphrase.",
    SHOWN,
  );
  await captureScreen(page, testInfo, "bad-input/missing-passphrase");
  await expectKeyErrorAtSshAuthentication(page);
});
