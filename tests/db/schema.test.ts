import { describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';

/**
 * Snapshot of the whole schema after every migration: a change to a landed migration, or a schema change
 * without a migration, shows up here. Update with `npx vitest run tests/db/schema.test.ts -u` when you add a migration.
 */
describe('schema snapshot', () => {
  it('matches the committed schema', async () => {
    const s = await tempServices();
    const rows = s.db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ds\\_%' ESCAPE '\\' ORDER BY type, name")
      .all() as { type: string; name: string; sql: string }[];
    const text = rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n');
    expect({ version: s.db.pragma('user_version', { simple: true }), schema: text }).toMatchSnapshot();
    s.close();
  });
});
