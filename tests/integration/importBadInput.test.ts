import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { openSource } from '../../main/importers/source/index';
import { readTableFile } from '../../main/importers/readTableFile';

const fx = (name: string) => path.resolve('tests/fixtures/import', name);

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Bad input' })).id;
});
afterEach(() => s.close());

async function importError(file: string, options: Record<string, unknown> = {}): Promise<{ code: string; message: string }> {
  try {
    await s.call('dataset-import', { eventId, source: { kind: 'path', path: fx(file) }, options });
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error(`${file} imported without an error`);
}

async function nothingWritten(): Promise<void> {
  expect(await s.call('dataset-list', { eventId })).toEqual([]);
  const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'ds_%'").all();
  expect(tables).toEqual([]);
}

describe('files that cannot be imported get a clear error naming file, line and reason, and nothing is written', () => {
  const cases: [string, RegExp][] = [
    ['empty.csv', /^empty\.csv: the file is empty \(0 bytes\)/],
    ['header-only.csv', /^header-only\.csv: the file has a header row but no data rows/],
    ['unbalanced-quote.csv', /^unbalanced-quote\.csv: line 2, column 2: unbalanced quote/],
    ['nul-byte.csv', /^nul-byte\.csv: line 3: contains a NUL byte/],
    ['invalid-utf8.csv', /^invalid-utf8\.csv: line 7002: invalid UTF-8 byte sequence/],
    ['not-array.json', /^not-array\.json: JSON must be an array of objects .*this file holds an object/],
    ['array-of-numbers.json', /^array-of-numbers\.json: item 1: JSON must be an array of objects; this item is a number/],
    ['proto-keys.json', /^proto-keys\.json: keys, column 2: "__proto__" is not allowed as a column name/],
    ['not-a-workbook.xlsx', /^not-a-workbook\.xlsx: is not an XLSX workbook \(it is not a zip archive\)/],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      const e = await importError(file);
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toMatch(message);
      await nothingWritten();
    });
  }

  it('ragged.csv in strict mode (a ragged row is otherwise quarantined: importHostile.test.ts)', async () => {
    const e = await importError('ragged.csv', { strict: true });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/^ragged\.csv: line 3: expected 3 fields \(as in the header\), found 2/);
    await nothingWritten();
  });

  it('JSON keys like __proto__ never pollute Object.prototype', async () => {
    await importError('proto-keys.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a field over the size limit names the line and the limit', async () => {
    const src = await openSource(fx('big-field.csv'), { limits: { maxFieldBytes: 1000 } });
    await expect(async () => {
      for await (const _ of src.batches()) void _;
    }).rejects.toThrow(/^big-field\.csv: line 2, column 2: field over the size limit of 1000 characters/);
  });

  it('a file over the size limit is refused before reading, saying the limit', async () => {
    await expect(openSource(fx('small.csv'), { limits: { maxFileBytes: 100 } })).rejects.toThrow(
      /^small\.csv: the file is 235 bytes, over the import limit of 100 bytes/,
    );
  });

  it('a missing file is BAD_INPUT, not a crash', async () => {
    await expect(readTableFile(fx('does-not-exist.csv'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('an error in the middle of a large file leaves earlier datasets intact', async () => {
    const ok = await s.call('dataset-import', { eventId, source: { kind: 'path', path: fx('small.csv') } });
    await importError('invalid-utf8.csv');
    const list = await s.call('dataset-list', { eventId });
    expect(list.map((d) => [d.id, d.rowCount])).toEqual([[ok.datasetId, 4]]);
    expect(s.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE 'ds_%'").get()).toEqual({ n: 1 });
  });
});

describe('warnings: the import proceeds and says what it did', () => {
  it('thousands separators, NaN/Infinity, mixed types and dates that do not parse', async () => {
    const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: fx('warnings.csv') } });
    expect(r.status).toBe('imported');
    expect(r.rows).toBe(29);
    const codes = r.warnings.map((w) => `${w.code}:${w.column}`);
    expect(codes).toContain('thousands-separators:amount');
    expect(codes).toContain('non-finite:val');
    expect(codes).toContain('unparsed-dates:ts');
    expect(codes).toContain('mixed-types:mixed');
    expect(r.warnings.find((w) => w.code === 'unparsed-dates')!.message).toMatch(/1 values did not parse as dates \(e\.g\. "not a date" on line 4\)/);
    const cols = await s.call('dataset-rows', { datasetId: r.datasetId!, offset: 0, limit: 3 });
    expect(cols.rows[0]![1]).toBe(1234.5);
    expect(cols.rows[0]![3]).toBeNull();
  });
});
