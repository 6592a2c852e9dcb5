import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { LogSink } from "./logger";

/** Keeps log lines in memory, for tests. */
export class MemoryLogSink implements LogSink {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join("\n");
  }
}

/** Appends log lines to a file that only the current user may read. */
export class FileLogSink implements LogSink {
  private readonly stream: WriteStream;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: "a", mode: 0o600 });
    // A full disk or a removed folder must not crash the app through an unhandled stream error.
    this.stream.on("error", (error) => {
      process.stderr.write(
        `Writing the log file ${path} failed: ${error.message}\n`,
      );
    });
  }

  write(line: string): void {
    this.stream.write(`${line}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

/** Writes log lines to standard error, for development and the command line. */
export class ConsoleLogSink implements LogSink {
  write(line: string): void {
    process.stderr.write(`${line}\n`);
  }
}
