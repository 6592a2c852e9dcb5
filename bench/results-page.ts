import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { format } from "prettier";

/** The benchmark results page, one `## ` section per benchmark. */
export const RESULTS_PAGE = join(import.meta.dirname, "results.md");

/** Describes, in one line, the machine a benchmark runs on. */
export function describeMachine(): string {
  const cpu = cpus();
  const memory = (totalmem() / 1024 ** 3).toFixed(1);
  return `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${memory} GB RAM, ${type()} ${release()}, Node ${process.version}`;
}

/**
 * Replaces the section that starts with `heading` on the results page, keeping every other
 * section, and formats the page with Prettier so that the format check passes.
 */
export async function writeResultsSection(
  heading: string,
  section: string,
): Promise<void> {
  const page = existsSync(RESULTS_PAGE)
    ? readFileSync(RESULTS_PAGE, "utf8")
    : "# Benchmark results\n";
  const start = page.indexOf(heading);

  let updated: string;
  if (start < 0) {
    updated = `${page.trimEnd()}\n\n${section}\n`;
  } else {
    const next = page.indexOf("\n## ", start + heading.length);
    const rest = next < 0 ? "" : page.slice(next);
    updated = `${page.slice(0, start)}${section}\n${rest}`;
  }
  writeFileSync(RESULTS_PAGE, await format(updated, { parser: "markdown" }));
}
