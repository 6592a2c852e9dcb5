import { expect, type Page } from "@playwright/test";
import type { AppUnderTest } from "./app";
import {
  CHINOOK_DATABASE,
  TARGET_PROJECT_LABEL,
  type E2eServers,
} from "./servers";
import {
  chooseTls,
  continueTo,
  fillDatabaseFields,
  fillSshTunnel,
  goToConnectionForm,
  testConnection,
  traceSection,
  trustHostKey,
  type DatabaseInput,
  type SshInput,
  type TlsInput,
} from "./wizard";

/** What the connection form is filled with. */
export interface ConnectionInput {
  database: DatabaseInput;
  tls: TlsInput;
  /** Null leaves the SSH tunnel off, a direct route. */
  ssh: SshInput | null;
}

/**
 * Returns the working connection: Chinook as the read-only role, TLS verify-full with the test CA,
 * through the bastion with the encrypted client key.
 */
export function workingConnection(
  servers: E2eServers,
): ConnectionInput & { ssh: SshInput } {
  const { network, role } = servers;
  return {
    database: {
      host: servers.databaseHost,
      port: network.database.port,
      database: CHINOOK_DATABASE,
      user: role.user,
      password: role.password,
      schema: "public",
    },
    tls: { mode: "verify-full", caFile: servers.ca.certFile },
    ssh: {
      host: network.bastion.host,
      port: network.bastion.port,
      user: network.bastion.user,
      auth: "private-key",
      keyFile: servers.sshKey.privateKeyFile,
      passphrase: servers.sshPassphrase,
    },
  };
}

export async function fillConnection(
  page: Page,
  input: ConnectionInput,
): Promise<void> {
  await fillDatabaseFields(page, input.database);
  await chooseTls(page, input.tls);
  if (input.ssh === null) return;

  await fillSshTunnel(page, input.ssh);
  await page.getByRole("radio", { name: "Through the same bastion" }).check();
}

/** Signs in with `apiKey`, picks the target project and Postgres, and opens the form. */
export async function openConnectionForm(
  page: Page,
  app: AppUnderTest,
  servers: E2eServers,
  apiKey = servers.posthogKeys.full,
): Promise<void> {
  await goToConnectionForm(
    page,
    { url: app.bridge.url, posthog: { url: servers.posthog.url, apiKey } },
    TARGET_PROJECT_LABEL,
  );
}

/**
 * Walks the whole wizard with the working connection and every table selected, up to the
 * Create source step, without creating anything.
 */
export async function walkToCreateStep(
  page: Page,
  app: AppUnderTest,
  servers: E2eServers,
  options: { apiKey?: string; prefix: string },
): Promise<void> {
  await openConnectionForm(page, app, servers, options.apiKey);
  await fillConnection(page, workingConnection(servers));
  await testConnection(page);
  await trustHostKey(page);
  await expect(
    traceSection(page).getByText("The connection works."),
  ).toBeVisible();

  await continueTo(page, "Discover tables");
  await expect(
    page.getByRole("heading", { name: /^Found \d+ relations$/ }),
  ).toBeVisible();
  await continueTo(page, "Choose tables");
  await page.getByRole("button", { name: "Select all" }).click();
  await continueTo(page, "Table prefix");
  await page.getByRole("textbox", { name: "Prefix" }).fill(options.prefix);
  await expect(
    page.getByText(/^Checked against \d+ existing sources?/),
  ).toBeVisible();
  await continueTo(page, "Review");
  await expect(page.getByText("Requests to PostHog")).toBeVisible();
  await continueTo(page, "Create source");
}
