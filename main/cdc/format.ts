const BYTE_UNITS = ["kB", "MB", "GB", "TB", "PB"];

/** Formats a byte count with 1024-based units, as `pg_size_pretty` does: "212 MB". */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} bytes`;

  let value = bytes / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = Math.abs(value) < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

const SETTING_UNITS: Record<string, number> = {
  B: 1,
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/** Converts a `pg_settings` value and unit, such as "1024" and "MB" or "8kB", to bytes. */
export function settingBytes(setting: string, unit: string | null): number {
  const match = /^(\d*)\s*(B|kB|MB|GB|TB)$/.exec(unit ?? "B");
  if (match === null) return Number(setting);
  const multiple =
    match[1] === "" || match[1] === undefined ? 1 : Number(match[1]);
  return Number(setting) * multiple * (SETTING_UNITS[match[2] ?? "B"] ?? 1);
}

/** Quotes a SQL string literal for a server with `standard_conforming_strings` on. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Joins names as "a, b and c". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
