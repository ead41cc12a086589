/** Helpers every repository uses to map snake_case SQLite rows to camelCase contract objects (no area of its own). */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function bool(v: unknown): boolean {
  return v === 1 || v === true;
}

/** Builds "col = @key" assignments for the keys present in patch, using a field→column map. */
export function assignments(patch: Record<string, unknown>, columns: Readonly<Record<string, string>>): string[] {
  return Object.keys(patch)
    .filter((k) => patch[k] !== undefined && columns[k] !== undefined)
    .map((k) => `${columns[k]} = @${k}`);
}
