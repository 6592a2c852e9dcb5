import { readFile, rename } from "node:fs/promises";
import type { z } from "zod";
import type { Logger } from "../logging/logger";
import { writeFileAtomic } from "./atomic-write";
import { SerialQueue } from "./serial-queue";

export interface JsonFileStoreOptions<T> {
  path: string;
  schema: z.ZodType<T>;
  /** The value used when the file does not exist yet or cannot be parsed. */
  initialValue: () => T;
  logger: Logger;
}

/**
 * One JSON settings file, validated with a zod schema on read and written atomically. The
 * value is cached after the first read because this process is the file's only writer.
 * A file that fails to parse is renamed to `<path>.corrupt-<time>` and replaced by the
 * initial value, so one bad file does not stop the app.
 */
export class JsonFileStore<T> {
  private readonly queue = new SerialQueue();
  private cached: T | null = null;

  constructor(private readonly options: JsonFileStoreOptions<T>) {}

  read(): Promise<T> {
    return this.queue.run(async () => structuredClone(await this.load()));
  }

  /** Applies `change` to a copy of the current value, saves the result and returns it. */
  update(change: (current: T) => T): Promise<T> {
    return this.queue.run(async () => {
      const next = change(structuredClone(await this.load()));
      await writeFileAtomic(
        this.options.path,
        `${JSON.stringify(next, null, 2)}\n`,
      );
      this.cached = next;
      return structuredClone(next);
    });
  }

  private async load(): Promise<T> {
    if (this.cached !== null) {
      return this.cached;
    }

    const text = await readTextIfExists(this.options.path);
    this.cached =
      text === null ? this.options.initialValue() : await this.parse(text);
    return this.cached;
  }

  private async parse(text: string): Promise<T> {
    try {
      return this.options.schema.parse(JSON.parse(text));
    } catch (error) {
      const corruptPath = `${this.options.path}.corrupt-${Date.now()}`;
      await rename(this.options.path, corruptPath);
      this.options.logger.warn(
        "Settings file is invalid, so it was moved aside and an empty one is used",
        {
          path: this.options.path,
          movedTo: corruptPath,
          error,
        },
      );
      return this.options.initialValue();
    }
  }
}

async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }

    throw error;
  }
}
