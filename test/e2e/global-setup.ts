import setupIntegrationRun from "../support/integration-global-setup";

/**
 * Same preparation as the integration run: system tools, run folder, bastion user, and a
 * teardown that stops every recorded process and namespace by PID and name.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  return setupIntegrationRun();
}
