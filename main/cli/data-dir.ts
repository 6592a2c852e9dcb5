import { homedir } from "node:os";
import { join } from "node:path";

const APP_NAME = "dw-connect";

/**
 * The folder the desktop app keeps its settings in (Electron's `userData`), so the command
 * line reads the same saved connections and trusted host keys. DW_CONNECT_DATA_DIR overrides it.
 */
export function defaultDataDir(
  env: Record<string, string | undefined>,
): string {
  if (env.DW_CONNECT_DATA_DIR) return env.DW_CONNECT_DATA_DIR;

  if (process.platform === "win32") {
    return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), APP_NAME);
  }
  if (process.platform === "darwin") {
    return join(homedir(), "Library", "Application Support", APP_NAME);
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), APP_NAME);
}
