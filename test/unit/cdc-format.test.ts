import { describe, expect, it } from "vitest";
import { formatBytes, listNames, settingBytes } from "../../main/cdc/format";

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [1023, "1023 bytes"],
    [1024, "1.0 kB"],
    [222_298_112, "212 MB"],
    [5 * 1024 ** 3, "5.0 GB"],
    [1536 * 1024 ** 4, "1.5 PB"],
  ])("formats %i bytes", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("settingBytes", () => {
  it("multiplies by the unit", () => {
    expect(settingBytes("1024", "MB")).toBe(1024 ** 3);
  });

  it("reads units with a count", () => {
    expect(settingBytes("16", "8kB")).toBe(16 * 8 * 1024);
  });

  it("keeps unitless values", () => {
    expect(settingBytes("10", null)).toBe(10);
  });
});

describe("listNames", () => {
  it("joins with and", () => {
    expect(listNames(["a", "b", "c"])).toBe("a, b and c");
  });

  it("keeps one name", () => {
    expect(listNames(["a"])).toBe("a");
  });
});
