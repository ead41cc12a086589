import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonCell, openJsonArray } from './jsonSource';
import { DEFAULT_LIMITS } from './limits';
import type { Limits } from './limits';
import type { RawRow } from './source';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

function write(content: string | Buffer): string {
  const file = path.join(dir, `f${n++}.json`);
  fs.writeFileSync(file, content);
  return file;
}

async function open(content: string | Buffer, chunkBytes = 7, limits: Limits = DEFAULT_LIMITS) {
  const file = write(content);
  return openJsonArray(file, { fileName: 'a.json', size: fs.statSync(file).size, mtime: '2026-11-01T00:00:00.000Z' }, {}, limits, chunkBytes);
}

async function readAll(content: string | Buffer, chunkBytes = 7): Promise<{ headers: string[]; rows: RawRow[]; lines: number[] }> {
  const src = await open(content, chunkBytes);
  const rows: RawRow[] = [];
  const lines: number[] = [];
  for await (const b of src.batches()) {
    rows.push(...b.rows);
    lines.push(...b.lines);
  }
  return { headers: src.headers, rows, lines };
}

/** What the whole-file reader made of the same text: keys in first-seen order, one row per item. */
function expected(text: string): { headers: string[]; rows: RawRow[]; lines: number[] } {
  const items = JSON.parse(text) as Record<string, unknown>[];
  const headers = [...new Set(items.flatMap((o) => Object.keys(o)))];
  return { headers, rows: items.map((o) => headers.map((h) => (Object.prototype.hasOwnProperty.call(o, h) ? jsonCell(o[h]) : null))), lines: items.map((_, i) => i + 1) };
}

async function message(content: string, chunkBytes = 7, limits?: Limits): Promise<string> {
  try {
    await open(content, chunkBytes, limits);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('opened without an error');
}

const tricky = [
  { s: 'a]b}c{[', q: 'he said "hi" \\ and \\"', n: { x: [1, { y: ']' }, [[], {}]] }, u: '€ 😀 é 中' },
  { s: '', q: '\\', n: [], u: '\n\t\u0001', extra: true },
  { n: null, u: '"]}', s: '[', q: -1.5e-7 },
  { s: 'ends in a backslash \\', q: '\\\\"\\\\\\"', n: '\\' }, // runs of backslashes before quotes
];

describe('openJsonArray (streamed)', () => {
  it('cuts items correctly across any chunk boundary: brackets and escaped quotes in strings, nesting, multi-byte UTF-8', async () => {
    for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 2), `\ufeff \n${JSON.stringify(tricky, null, '\t')}\r\n`]) {
      const want = expected(text.replace(/^\ufeff/, ''));
      for (const chunk of [1, 2, 3, 5, 7, 13, 64, 1 << 20]) expect(await readAll(text, chunk)).toEqual(want);
    }
  });

  it('agrees with JSON.parse of the whole file for any array of objects and any chunk size (property)', async () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '"', '\\', '{', ']', ',', '😀', ':'), minLength: 1, maxLength: 4 });
    const obj = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(obj, { minLength: 1, maxLength: 8 }), fc.constantFrom(undefined, 1, '\t'), fc.integer({ min: 1, max: 40 }), async (items, indent, chunk) => {
        const text = JSON.stringify(items, null, indent);
        expect(await readAll(text, chunk)).toEqual(expected(text));
      }),
      { numRuns: 150 },
    );
  });

  it('keys are the union in first-seen order; rows are batched by 2000 and batches() restarts from the start', async () => {
    expect((await readAll('[{"b":1},{"a":2,"b":3},{"c":null,"constructor":"x"}]')).headers).toEqual(['b', 'a', 'c', 'constructor']);
    const items = Array.from({ length: 4500 }, (_, i) => (i === 4000 ? { i, late: 'yes' } : { i }));
    const src = await open(JSON.stringify(items), 4096);
    expect(src.headers).toEqual(['i', 'late']);
    for await (const b of src.batches()) {
      expect(b.rows.length).toBe(2000);
      break; // a sample, as planning reads
    }
    const sizes: number[] = [];
    const rows: RawRow[] = [];
    for await (const b of src.batches()) {
      sizes.push(b.rows.length);
      rows.push(...b.rows);
    }
    expect(sizes).toEqual([2000, 2000, 500]);
    expect(rows[0]).toEqual(['0', null]);
    expect(rows[4000]).toEqual(['4000', 'yes']);
    expect(src.bytesRead()).toBe(src.size);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const text = JSON.stringify([{ city: 'München' }, { city: 'Zürich' }]);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await readAll(bytes, 5)).rows).toEqual([['München'], ['Zürich']]);
  });

  it('invalid JSON inside an item names the line and column in the file, even across chunks', async () => {
    const text = '[\n  {"a": 1},\n  {\n    "a": 2,\n    "b": }\n]';
    for (const chunk of [3, 1 << 20]) {
      expect(await message(text, chunk)).toMatch(/^a\.json: line 5, column 10: not valid JSON \(item 2: Unexpected token '}'/);
    }
    expect(await message('[{"a":1},\n {"a" 1}]')).toMatch(/^a\.json: line 2, column 7: not valid JSON \(item 2: Expected ':' after property name\)/);
  });

  it('structural errors: trailing garbage, a missing comma, a trailing comma, a cut-off file', async () => {
    expect(await message('[{"a":1}]\n\n  x')).toBe('a.json: line 3, column 3: not valid JSON (unexpected "x" after the end of the array).');
    expect(await message('[{"a":1} {"a":2}]')).toBe('a.json: line 1, column 10: not valid JSON (expected "," or "]" after item 1, found "{").');
    expect(await message('[{"a":1},\n]')).toMatch(/^a\.json: line 2, column 1: not valid JSON \(a comma before "\]" after item 1/);
    expect(await message('[{"a":1},\n{"a":[2')).toMatch(/^a\.json: line 2: not valid JSON \(the file ends before the array is closed/);
    expect(await message('[{"a":1}, }')).toMatch(/^a\.json: line 1, column 11: not valid JSON \(unexpected "}" where item 2 should start/);
    expect(await message('  \n ')).toMatch(/^a\.json: line 2: not valid JSON \(the file holds no JSON value/);
  });

  it('not an array of objects: says what the file or the item holds', async () => {
    expect(await message(' \n{"a": [1, 2]}')).toBe('a.json: JSON must be an array of objects ([{…}, {…}]); this file holds an object.');
    expect(await message('"rows"')).toMatch(/this file holds a string\.$/);
    expect(await message('null')).toMatch(/this file holds null\.$/);
    expect(await message('[{"a":1}, [1]]')).toBe('a.json: item 2: JSON must be an array of objects; this item is an array.');
    expect(await message('[{"a":1},null]')).toMatch(/^a\.json: item 2: .*this item is null\.$/);
    expect(await message('[{"a":1}, "s"]')).toMatch(/^a\.json: item 2: .*this item is a string\.$/);
    expect(await message('[{"a":1}, 12345]', 3)).toMatch(/^a\.json: item 2: .*this item is a number\.$/);
    expect(await message('[true]')).toMatch(/^a\.json: item 1: .*this item is a boolean\.$/);
    expect(await message(' [ \n ] ')).toBe('a.json: the JSON array is empty: there are no rows to import.');
  });

  it('an item over the size limit is refused (only one item is held at a time)', async () => {
    const limits = { ...DEFAULT_LIMITS, maxFieldBytes: 10 };
    expect(await message(`[{"a":1},\n{"a":"${'x'.repeat(50)}"}]`, 7, limits)).toBe('a.json: line 2: item 2 is over the size limit of 40 bytes (each item is read whole).');
    expect((await open(`[{"a":"${'x'.repeat(20)}"}]`, 7, limits)).headers).toEqual(['a']);
  });

  it('a __proto__ key is refused as a column name and pollutes nothing', async () => {
    expect(await message('[{"a":1,"__proto__":{"polluted":true}},{"a":2}]')).toMatch(/^a\.json: keys, column 2: "__proto__" is not allowed as a column name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('reopening a JSON file whose columns are known', () => {
  it('skips the key pass: the given headers are used, and a bad item still fails when the rows are read', async () => {
    const file = write('[{"a":1,"b":2},{"a":3,"c":4},5]');
    const base = { fileName: 'k.json', size: fs.statSync(file).size, mtime: '' };
    // Without known headers the key pass finds item 3 at open time.
    await expect(openJsonArray(file, base, {}, DEFAULT_LIMITS)).rejects.toThrow(/item 3/);
    const src = await openJsonArray(file, base, { knownHeaders: ['a', 'c'] }, DEFAULT_LIMITS);
    expect(src.headers).toEqual(['a', 'c']);
    const rows: RawRow[] = [];
    await expect(
      (async () => {
        for await (const b of src.batches()) rows.push(...b.rows);
      })(),
    ).rejects.toThrow(/item 3/);
  });
});
