// The import worker opens the store like the app does (db/connection.ts openConnection): the same pragmas and native
// build (`nativeBinding`: the desktop app passes a build for Electron's ABI; the worker must not load Node's).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import { buildImportWorkers } from '../helpers/importWorkers';

const FIXTURE = path.resolve(__dirname, '../fixtures/import/inference-2000.csv');
const NODE_BUILD = path.resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const env = { ...process.env };

beforeAll(async () => {
  process.env.KAIZEN_WORKERS_DIR = await buildImportWorkers('store');
}, 120_000);
afterAll(() => {
  process.env = env;
});

const importInput = (eventId: string) => ({ eventId, source: { kind: 'path', path: FIXTURE }, name: 'Logs' });

describe('the import worker connection', () => {
  it('loads the native build the app was given, not the default one', async () => {
    // A copy of the Node build stands in for Electron's; once the app has opened the store it is taken away,
    // so a worker that honours nativeBinding cannot load it, and one that ignores it would still import.
    const binding = path.join(tempDir('kaizen-binding-'), 'better_sqlite3.node');
    fs.copyFileSync(NODE_BUILD, binding);
    const s = await tempServices({ nativeBinding: binding });
    try {
      const eventId = (await s.call('event-create', { name: 'Binding' })).id;
      const ok = await s.call('dataset-import', importInput(eventId));
      expect(ok.rows).toBe(2000);
      fs.rmSync(binding);
      await expect(s.call('dataset-import', { ...importInput(eventId), name: 'Again' })).rejects.toMatchObject({ message: expect.stringMatching(/better_sqlite3\.node|Cannot find module|no such file/i) });
    } finally {
      s.close();
    }
  });

});
