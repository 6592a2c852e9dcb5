#!/usr/bin/env node
// Downloads the Electron binary before `npm start` when `npm install` skipped it
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1). Needs network access the first time only.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function findElectronPackage() {
  try {
    return dirname(require.resolve("electron/package.json"));
  } catch {
    return null;
  }
}

/** Returns the binary path when the installed binary matches the package version, else null. */
function findInstalledBinary(electronDir) {
  const pathFile = join(electronDir, "path.txt");
  const versionFile = join(electronDir, "dist", "version");
  if (!existsSync(pathFile) || !existsSync(versionFile)) {
    return null;
  }

  const { version } = JSON.parse(
    readFileSync(join(electronDir, "package.json"), "utf8"),
  );
  const installedVersion = readFileSync(versionFile, "utf8")
    .trim()
    .replace(/^v/, "");
  if (installedVersion !== version) {
    return null;
  }

  const distDir =
    process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, "dist");
  const binary = join(distDir, readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own install script and returns why it failed, or null on success. */
function runInstallScript(electronDir) {
  // install.js exits at once without downloading while this variable is set.
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;

  const result = spawnSync(
    process.execPath,
    [join(electronDir, "install.js")],
    {
      stdio: "inherit",
      env,
    },
  );
  if (result.error) {
    return `install.js could not run: ${result.error.message}`;
  }

  if (result.status !== 0) {
    return result.status === null
      ? `install.js was stopped by ${result.signal}`
      : `install.js exited with code ${result.status}`;
  }

  return null;
}

function main() {
  const electronDir = findElectronPackage();
  if (electronDir === null) {
    console.error(
      "The electron package is not installed. Run `npm install` first.",
    );
    return 1;
  }

  if (findInstalledBinary(electronDir) !== null) {
    return 0;
  }

  console.log(
    "The Electron binary is missing or outdated, so it is being downloaded (this needs network access).",
  );
  const failure = runInstallScript(electronDir);
  const binary = findInstalledBinary(electronDir);
  if (failure === null && binary !== null) {
    console.log(`Electron is installed at ${binary}.`);
    return 0;
  }

  const reason =
    failure ?? "install.js finished but the binary is still missing";
  console.error(
    `Downloading the Electron binary failed because ${reason}; its own output is above. ` +
      "Check the network connection, or ELECTRON_MIRROR when it is set, and run `npm start` again.",
  );
  return 1;
}

process.exitCode = main();
