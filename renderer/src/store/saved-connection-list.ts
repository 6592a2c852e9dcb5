import type { SavedConnection } from "../../../shared/domain/connection";

/** Returns the saved connections sorted by name, for the saved connection picker. */
export function sortByName(list: SavedConnection[]): SavedConnection[] {
  return [...list].sort((a, b) =>
    a.settings.name.localeCompare(b.settings.name),
  );
}

/**
 * Returns the list with `saved` added, or replacing the entry with its id. A
 * list not loaded yet stays unloaded.
 */
export function withSavedConnection(
  list: SavedConnection[] | null,
  saved: SavedConnection,
): SavedConnection[] | null {
  if (list === null) return null;
  const others = list.filter((item) => item.id !== saved.id);
  return sortByName([...others, saved]);
}
