import type { ExistingSource } from "../ipc/contract";

const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX_MAX_LENGTH = 100;
const HOGQL_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Validates a table prefix with PostHog's rules (`validate_source_prefix` and the serializer's
 * length limit) and returns PostHog's own message, or null when the prefix is valid.
 */
export function validatePrefix(prefix: string): string | null {
  if (prefix === "") return null;

  if (prefix.length > PREFIX_MAX_LENGTH) {
    return `Ensure this field has no more than ${PREFIX_MAX_LENGTH} characters.`;
  }

  const stripped = prefix.replace(/^_+|_+$/g, "");
  if (stripped === "") return "Prefix cannot consist of only underscores";

  if (!PREFIX_PATTERN.test(stripped)) {
    return "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore";
  }
  return null;
}

/**
 * Returns the warehouse table PostHog creates: the lowercase of
 * `{prefix}{source_type}_{name}` with `.` replaced by `__`. No separator is added after the
 * prefix, so `prod` gives `prodpostgres_orders` and `prod_` gives `prod_postgres_orders`.
 */
export function warehouseTableName(
  prefix: string,
  sourceType: string,
  sourceName: string,
): string {
  return `${prefix}${sourceType}_${sourceName.replaceAll(".", "__")}`.toLowerCase();
}

/** Suggests the prefix with a trailing underscore when it lacks one, else null. */
export function suggestPrefix(prefix: string): string | null {
  if (prefix === "" || prefix.endsWith("_")) return null;
  return `${prefix}_`;
}

/** Quotes a HogQL identifier with backticks when it is not a plain identifier. */
export function quoteHogqlIdentifier(name: string): string {
  if (HOGQL_IDENTIFIER.test(name)) return name;
  return "`" + name.replaceAll("\\", "\\\\").replaceAll("`", "\\`") + "`";
}

/** Returns a ready-to-run HogQL query that reads the first rows of a warehouse table. */
export function hogqlQuery(warehouseTable: string): string {
  return `SELECT * FROM ${quoteHogqlIdentifier(warehouseTable)} LIMIT 100`;
}

/**
 * Checks the prefix against the project's existing sources the way PostHog's create does:
 * per source type, exact string equality, with a blank prefix clashing with a blank one.
 * Returns PostHog's message, or null when there is no clash.
 */
export function prefixClash(
  existing: ExistingSource[],
  sourceType: string,
  prefix: string,
): string | null {
  const sameType = existing.filter(
    (source) => source.sourceType === sourceType,
  );

  if (prefix === "") {
    const unprefixed = sameType.some((source) => !source.prefix);
    if (!unprefixed) return null;
    return "You already have a source of this type. Add a table prefix so this connection's tables don't clash with your existing source.";
  }

  if (!sameType.some((source) => source.prefix === prefix)) return null;
  return `Another source of this type already uses the prefix '${prefix}'. Choose a different prefix so this connection's tables don't clash.`;
}

/**
 * Groups source names that would land in the same warehouse table, because PostHog lowercases
 * the name (`public."Orders"` and `public.orders`) or because a dot and a double underscore
 * meet. Returns each group of two or more names.
 */
export function warehouseNameCollisions(
  prefix: string,
  sourceType: string,
  sourceNames: string[],
): string[][] {
  const byTable = new Map<string, string[]>();
  for (const name of sourceNames) {
    const table = warehouseTableName(prefix, sourceType, name);
    byTable.set(table, [...(byTable.get(table) ?? []), name]);
  }
  return [...byTable.values()].filter((names) => names.length > 1);
}
