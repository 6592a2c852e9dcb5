#!/usr/bin/env node
// Runs the static checks (typecheck, lint, format) and every test suite in turn: unit,
// integration (real PostgreSQL and OpenSSH), and the end-to-end walk in Chromium. Each suite
// starts and stops its own servers. All suites run even when one fails; the exit code is
// non-zero if any failed.
import { spawnSync } from "node:child_process";

const suites = [
  ["check", "npm", ["run", "check"]],
  ["unit", "npx", ["vitest", "run", "--project", "unit"]],
  ["integration", "npx", ["vitest", "run", "--project", "integration"]],
  ["build", "npx", ["electron-vite", "build"]],
  ["e2e", "npx", ["playwright", "test"]],
];

const results = [];
for (const [name, command, args] of suites) {
  if (
    name === "e2e" &&
    results.some(([suite, ok]) => suite === "build" && !ok)
  ) {
    results.push([name, false, "skipped: the build failed"]);
    continue;
  }
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  results.push([name, run.status === 0, `${seconds} s`]);
}

console.log("\n=== summary");
for (const [name, ok, note] of results)
  console.log(`${ok ? "passed" : "FAILED"}  ${name}  (${note})`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
