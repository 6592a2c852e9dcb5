import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../main/services/logging/logger";
import { Redactor } from "../../main/services/logging/redactor";
import { MemoryLogSink } from "../../main/services/logging/sinks";
import { JsonFileStore } from "../../main/services/storage/json-file-store";

const schema = z.object({ count: z.number(), names: z.array(z.string()) });

let dir: string;
let path: string;
let sink: MemoryLogSink;

function createStore() {
  sink = new MemoryLogSink();
  return new JsonFileStore({
    path,
    schema,
    initialValue: () => ({ count: 0, names: [] }),
    logger: createLogger({ sink, redactor: new Redactor() }),
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dw-connect-store-"));
  path = join(dir, "nested", "settings.json");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("JsonFileStore", () => {
  it("returns the initial value", async () => {
    expect(await createStore().read()).toEqual({ count: 0, names: [] });
  });

  it("persists an update", async () => {
    await createStore().update((value) => ({ ...value, count: 3 }));

    expect(await createStore().read()).toEqual({ count: 3, names: [] });
  });

  it("writes owner-only files", async () => {
    await createStore().update((value) => value);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("leaves no temporary files", async () => {
    await createStore().update((value) => ({ ...value, count: 1 }));

    expect(await readdir(join(dir, "nested"))).toEqual(["settings.json"]);
  });

  it("serializes concurrent updates", async () => {
    const store = createStore();

    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        store.update((value) => ({
          count: value.count + 1,
          names: [...value.names, `n${index}`],
        })),
      ),
    );

    const saved = JSON.parse(await readFile(path, "utf8")) as z.infer<
      typeof schema
    >;
    expect(saved.count).toBe(25);
    expect(saved.names).toHaveLength(25);
  });

  it("continues after a failed update", async () => {
    const store = createStore();
    const failed = store.update(() => {
      throw new Error("change failed");
    });

    await expect(failed).rejects.toThrow("change failed");
    expect(await store.update((value) => ({ ...value, count: 7 }))).toEqual({
      count: 7,
      names: [],
    });
  });

  it("returns copies", async () => {
    const store = createStore();
    const first = await store.read();
    first.names.push("mutated");

    expect((await store.read()).names).toEqual([]);
  });

  it("moves an invalid file aside", async () => {
    await createStore().update((value) => value);
    await writeFile(path, '{"count": "three"}');

    const value = await createStore().read();

    expect(value).toEqual({ count: 0, names: [] });
    const files = await readdir(join(dir, "nested"));
    expect(
      files.some((name) => name.startsWith("settings.json.corrupt-")),
    ).toBe(true);
    expect(sink.text()).toContain("invalid");
  });
});
