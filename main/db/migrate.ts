import type Database from 'better-sqlite3';

export type Migration = Readonly<{
  /** Step 10: 10, 20, 30 … Matches the file name NNNN-kebab.ts. */
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}>;

export function latestVersion(list: readonly Migration[]): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

/** Applies every migration above PRAGMA user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: readonly Migration[]): { from: number; to: number } {
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.version <= list[i - 1]!.version) {
      throw new Error(`Migrations out of order: ${list[i - 1]!.name} then ${list[i]!.name}`);
    }
  }
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of list) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: Math.max(from, latestVersion(list)) };
}
