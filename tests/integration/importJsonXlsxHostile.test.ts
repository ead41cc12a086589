// Issue 13, items 13–15: hostile JSON and XLSX files through the services, as the app imports them (bundled
// import and parse workers): deep nesting and oversized or zip-bomb workbooks are refused with a clear
// message before memory runs out; repeated JSON keys are warned; a .json file holding JSON Lines or an
// object with one array of records is read, with a warning.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { buildImportWorkers } from '../helpers/importWorkers';
import { writeHugeCell, writeHugeSharedString } from '../helpers/hostileXlsx';

let s: TestServices;
let eventId: string;
let dir: string;
const env = { ...process.env };

beforeAll(async () => {
  process.env.KAIZEN_WORKERS_DIR = await buildImportWorkers('hostile');
  process.env.KAIZEN_PARSE_WORKER_MIN_BYTES = '0'; // the parse worker reopens each file too
}, 60_000);
afterAll(() => {
  process.env = env;
});
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Hostile' })).id;
  dir = tempDir('kaizen-hostile-');
});
afterEach(() => s.close());

function write(name: string, content: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}
const source = (file: string) => ({ kind: 'path', path: file });
const imp = (file: string) => s.call('dataset-import', { eventId, source: source(file) });
const preview = (file: string) => s.call('dataset-preview', { eventId, source: source(file) });

async function refused(file: string): Promise<{ code: string; message: string }> {
  try {
    await imp(file);
  } catch (e) {
    expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name GLOB 'ds_*'").pluck().get()).toBe(0);
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error(`${file} imported without an error`);
}

const nest = (levels: number) => '{"v":'.repeat(levels - 1) + '{"v":1' + '}'.repeat(levels);

describe('JSON nested deeper than 64 levels', () => {
  it('is refused with the file, the record and its line (arrays, JSON Lines, preview and import)', async () => {
    const arr = write('deep.json', `[\n{"a": 1},\n{"a": 2, "b": ${'['.repeat(5000)}${']'.repeat(5000)}}\n]`);
    expect(await refused(arr)).toEqual({ code: 'BAD_INPUT', message: 'deep.json: item 2 (line 3): nested deeper than 64 levels (objects and arrays inside each other); flatten the data, or export it as CSV.' });
    await expect(preview(arr)).rejects.toThrow(/^deep\.json: item 2 \(line 3\): nested deeper than 64 levels/);
    const lines = write('deep.jsonl', `{"a": 1}\n${nest(65)}\n`);
    expect((await refused(lines)).message).toBe('deep.jsonl: line 2: nested deeper than 64 levels (objects and arrays inside each other); flatten the data, or export it as CSV.');
    // 64 levels are fine.
    expect((await imp(write('ok.jsonl', `{"a": 1}\n${nest(64)}\n`))).rows).toBe(2);
  });
});

describe('repeated keys in one JSON object', () => {
  it('import with a warning naming the records; the last value is the one stored', async () => {
    const f = write('dups.json', '[\n{"id": 1, "v": "a"},\n{"id": 2, "v": "b", "v": "c"},\n{"id": 3, "v": "d"}\n]');
    const r = await imp(f);
    const w = r.warnings.find((x) => x.code === 'duplicate-keys');
    expect(w?.message).toBe('dups.json: a record repeats a key in one object: item 2 (line 3) ("v"). The last value of a repeated key is kept (as JSON.parse does); the earlier ones are not imported.');
    expect((await s.call('dataset-rows', { datasetId: r.datasetId, offset: 0, limit: 5 })).rows.map((row) => row[1])).toEqual(['a', 'c', 'd']);
    expect((await preview(f)).notes).toContain(w?.message);
  });
});

describe('a .json file that is not an array of records', () => {
  it('JSON Lines in a .json file are read as JSON Lines, with a warning', async () => {
    const f = write('log.json', '{"t": "2026-11-01T00:00:00Z", "ms": 12}\n{"t": "2026-11-01T00:01:00Z", "ms": 15}\n');
    const p = await preview(f);
    expect(p.format).toBe('jsonl');
    expect(p.notes[0]).toMatch(/^log\.json holds JSON Lines \(one object per line\), not one JSON value: it was read as JSON Lines/);
    const r = await imp(f);
    expect([r.rows, r.warnings[0]?.code]).toEqual([2, 'json-lines']);
  });

  it('an object holding one array of records offers that array; the warning names the key', async () => {
    const f = write('export.json', `{"exported": "2026-11-20", "meta": {"by": "ops"},\n "records": [\n${Array.from({ length: 3000 }, (_, i) => `  {"id": ${i}, "ms": ${i % 97}}`).join(',\n')}\n ]}\n`);
    const p = await preview(f);
    expect(p.headers).toEqual(['id', 'ms']);
    expect(p.rows[0]).toEqual(['0', '0']);
    expect(p.notes).toContain('export.json holds an object, not an array: its rows were read from the array of objects under the key "records" (the object\'s other keys are not imported).');
    const r = await imp(f);
    expect([r.rows, r.warnings.map((w) => w.code)]).toEqual([3000, ['json-records']]);
  });

  it('an object with several arrays of records is refused, naming the keys', async () => {
    const f = write('two.json', '{"users": [{"id": 1}], "orders": [{"id": 7}]}');
    expect(await refused(f)).toEqual({
      code: 'BAD_INPUT',
      message: 'two.json: the top-level object holds 2 arrays of objects ("users", "orders"); it is not clear which holds the rows. Save the one to import as its own file (an array of objects).',
    });
  });
});

describe('XLSX over the size limits', () => {
  it('a 1 GB shared string in a ~1 MB file whose zip states 2 KB is refused while streaming, before memory runs out', { timeout: 60_000 }, async () => {
    const f = path.join(dir, 'bomb.xlsx');
    writeHugeSharedString(f, 1024, true);
    expect(fs.statSync(f).size).toBeLessThan(1.5 * 1024 * 1024);
    // Today's failure was the worker running out of memory (ERR_WORKER_OUT_OF_MEMORY).
    expect(await refused(f)).toEqual({
      code: 'BAD_INPUT',
      message: "bomb.xlsx: shared string 3 (xl/sharedStrings.xml) holds over 1 MiB of text (Excel's own limit is 32,767 characters); the workbook is damaged or not a real spreadsheet.",
    });
  });

  it('a 1 GB cell in the sheet is refused naming the cell; stated sizes over the limits are refused before reading', { timeout: 60_000 }, async () => {
    const cell = path.join(dir, 'cell.xlsx');
    writeHugeCell(cell, 1024, true);
    expect((await refused(cell)).message).toBe(`cell.xlsx: sheet "Data", cell B3: the cell holds over 1 MiB of text (Excel's own limit is 32,767 characters); the workbook is damaged or not a real spreadsheet.`);
    const honest = path.join(dir, 'honest.xlsx');
    writeHugeSharedString(honest, 1024, false);
    await expect(preview(honest)).rejects.toThrow(/^honest\.xlsx: its shared-strings table \(xl\/sharedStrings\.xml\) unpacks to 1\.0 GiB, over the limit of 256 MiB/);
  });
});
