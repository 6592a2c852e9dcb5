import { expect, type Locator, type Page } from "@playwright/test";
import type { TlsMode } from "../../../shared/domain/connection";

/*
 * The wizard's steps as a user performs them, located by role and label. Specs call these for
 * the steps they pass through on the way to the step they test.
 */

export interface DatabaseInput {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Blank means every schema. */
  schema: string;
}

export interface TlsInput {
  mode: TlsMode;
  /** PEM file to load through the CA certificate file input. */
  caFile?: string;
}

export type SshInput = {
  host: string;
  port: number;
  user: string;
} & (
  | { auth: "password"; password: string }
  | {
      auth: "private-key";
      /** Loaded through the "Load from file…" button. */
      keyFile?: string;
      /** Pasted into the key field instead of loading a file. */
      keyText?: string;
      passphrase?: string;
    }
);

/**
 * Matches rendered text only, so the driver's text in a collapsed "Technical details"
 * section does not count as shown.
 */
export const SHOWN = { useInnerText: true } as const;

export function stepHeading(page: Page, title: string): Locator {
  return page.getByRole("heading", { level: 2, name: title, exact: true });
}

/** Opens the app and waits for the first step. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(stepHeading(page, "PostHog account")).toBeVisible();
}

/** Clicks Continue and waits for the next step's heading. */
export async function continueTo(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(stepHeading(page, title)).toBeVisible();
}

/** Fills the self-hosted sign-in form and submits it. */
export async function signInSelfHosted(
  page: Page,
  posthog: { url: string; apiKey: string },
): Promise<void> {
  await page.getByRole("radio", { name: "Self-hosted" }).check();
  await page.getByLabel("PostHog URL").fill(posthog.url);
  await page.getByLabel("Personal API key").fill(posthog.apiKey);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Picks a project once the sign-in has listed them. */
export async function chooseProject(page: Page, label: string): Promise<void> {
  const picker = page.getByLabel("Project", { exact: true });
  await expect(picker).toBeEnabled();
  await picker.selectOption({ label });
  await expect(picker).toBeEnabled();
  await expect(
    page.getByRole("button", { name: "Continue", exact: true }),
  ).toBeEnabled();
}

export async function choosePostgres(page: Page): Promise<void> {
  await page.getByRole("radio", { name: /^Postgres\b/ }).check();
}

export async function fillDatabaseFields(
  page: Page,
  database: DatabaseInput,
): Promise<void> {
  await page.getByLabel("Host", { exact: true }).fill(database.host);
  await page.getByLabel("Port", { exact: true }).fill(String(database.port));
  await page.getByLabel("Database", { exact: true }).fill(database.database);
  await page.getByLabel("User", { exact: true }).fill(database.user);
  await databasePasswordField(page).fill(database.password);
  await page.getByLabel("Schema", { exact: true }).fill(database.schema);
}

/** Returns the database password field, which is not the SSH section's "Password" radio button. */
export function databasePasswordField(page: Page): Locator {
  return page.getByRole("textbox", { name: "Password", exact: true });
}

export async function chooseTls(page: Page, tls: TlsInput): Promise<void> {
  await page.getByLabel("TLS mode").selectOption(tls.mode);
  if (tls.caFile === undefined) return;

  await page.getByLabel("CA certificate").setInputFiles(tls.caFile);
  await expect(page.getByText(/^Loaded .+\.$/).first()).toBeVisible();
}

/** Turns the SSH tunnel on and fills the bastion fields. */
export async function fillSshTunnel(page: Page, ssh: SshInput): Promise<void> {
  await page.getByLabel("Connect through an SSH bastion").check();
  await page.getByLabel("Bastion host").fill(ssh.host);
  await page.getByLabel("SSH port").fill(String(ssh.port));
  await page.getByLabel("SSH user").fill(ssh.user);

  if (ssh.auth === "password") {
    await page.getByRole("radio", { name: "Password", exact: true }).check();
    await page.getByLabel("SSH password").fill(ssh.password);
    return;
  }

  await page.getByRole("radio", { name: "Private key", exact: true }).check();
  if (ssh.keyFile !== undefined) await loadPrivateKeyFile(page, ssh.keyFile);
  if (ssh.keyText !== undefined) {
    await page.getByLabel("SSH private key").fill(ssh.keyText);
  }
  if (ssh.passphrase !== undefined) {
    await page.getByLabel("Key passphrase").fill(ssh.passphrase);
  }
}

/** Loads a private key through the file chooser that "Load from file…" opens. */
export async function loadPrivateKeyFile(
  page: Page,
  file: string,
): Promise<void> {
  const chooserOpened = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Load from file…" }).click();
  const chooser = await chooserOpened;
  await chooser.setFiles(file);
  await expect(page.getByLabel("SSH private key")).not.toHaveValue("");
}

export async function testConnection(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Test connection" }).click();
}

/** Returns the section that shows the layered connection test. */
export function traceSection(page: Page): Locator {
  return page.getByRole("region", { name: "Connection test" });
}

/** Returns the trace row of one layer, by the label the UI gives it. */
export function traceLayer(page: Page, label: string): Locator {
  return traceSection(page)
    .getByRole("listitem")
    .filter({ has: page.getByText(label, { exact: true }) });
}

/** Returns the error shown under the connection test once it fails. */
export function traceError(page: Page): Locator {
  return traceSection(page).getByRole("alert");
}

export function hostKeyDialog(page: Page): Locator {
  return page.getByRole("dialog");
}

/** Accepts the host key dialog of a first contact and waits for it to close. */
export async function trustHostKey(page: Page): Promise<void> {
  const dialog = hostKeyDialog(page);
  await expect(dialog).toContainText("Trust this SSH host key?");
  await dialog.getByRole("button", { name: "Trust and connect" }).click();
  await expect(dialog).toBeHidden();
}

/** Waits until the connection test has finished, whatever its outcome. */
export async function waitForTestToFinish(page: Page): Promise<void> {
  await expect(
    page.getByRole("progressbar", { name: "Testing the connection" }),
  ).toHaveCount(0);
  await expect(
    page.getByRole("button", { name: "Test connection" }),
  ).toBeEnabled();
}

/** Signs in, picks the project and Postgres, and stops at the connection form. */
export async function goToConnectionForm(
  page: Page,
  options: { url: string; posthog: { url: string; apiKey: string } },
  project: string,
): Promise<void> {
  await openApp(page, options.url);
  await signInSelfHosted(page, options.posthog);
  await chooseProject(page, project);
  await continueTo(page, "Source type");
  await choosePostgres(page);
  await continueTo(page, "Connect to Postgres");
}
