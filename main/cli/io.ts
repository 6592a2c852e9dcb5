import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Streams, environment and prompt of the command line, injected so tests run it in-process. */
export interface CliIo {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  env: Record<string, string | undefined>;
  /** Asks for a secret without echoing it; null when there is no terminal to ask on. */
  promptSecret(question: string): Promise<string | null>;
}

/** Returns the process's own streams, environment and terminal. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    promptSecret: (question) => promptOnTerminal(question),
  };
}

async function promptOnTerminal(question: string): Promise<string | null> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null;

  process.stderr.write(question);
  // Keystrokes go to a sink, so the secret is never echoed.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({
    input: process.stdin,
    output: silent,
    terminal: true,
  });
  try {
    return await new Promise<string>((resolve) => reader.question("", resolve));
  } finally {
    reader.close();
    process.stderr.write("\n");
  }
}
