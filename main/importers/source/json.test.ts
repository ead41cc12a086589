import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonCell, openJsonArray, openJsonLines, repeatedKey } from './json';
import { DEFAULT_LIMITS } from '../limits';
import type { Limits } from '../limits';
import type { RawRow } from './index';

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
    expect(await message(' \n{"a": [1, 2]}')).toBe('a.json: JSON must be an array of objects ([{…}, {…}]) or an object holding one ({"records": [{…}, …]}); this file holds an object (keys "a") with no array of objects in it.');
    expect(await message('{}')).toMatch(/this file holds an empty object\.$/);
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

const nest = (levels: number) => '{"v":'.repeat(levels - 1) + '{"v":1' + '}'.repeat(levels);

describe('hostile JSON: nesting, repeated keys', () => {
  it('a record nested deeper than 64 levels is refused with its item and line, not a stack overflow', async () => {
    expect((await readAll(`[{"a":1},\n${nest(64)}]`, 1 << 16)).headers).toEqual(['a', 'v']);
    for (const chunk of [5, 1 << 16]) {
      expect(await message(`[{"a":1},\n${nest(65)}]`, chunk)).toBe('a.json: item 2 (line 2): nested deeper than 64 levels (objects and arrays inside each other); flatten the data, or export it as CSV.');
    }
    // Arrays count as levels too; 100,000 levels used to overflow the stack.
    expect(await message(`[{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`, 1 << 16)).toMatch(/^a\.json: item 1 \(line 1\): nested deeper than 64 levels/);
  });

  it('JSON Lines: a line nested deeper than 64 levels is refused with its line', async () => {
    const file = write(`{"a":1}\n${nest(70)}\n`);
    await expect(openJsonLines(file, { fileName: 'l.jsonl', size: 1, mtime: '' }, {}, DEFAULT_LIMITS)).rejects.toThrow(/^l\.jsonl: line 2: nested deeper than 64 levels/);
    const deep = write(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    await expect(openJsonLines(deep, { fileName: 'l.jsonl', size: 1, mtime: '' }, {}, DEFAULT_LIMITS)).rejects.toThrow(/^l\.jsonl: line 1: nested deeper than 64 levels/);
  });

  it('a repeated key in one object is a warning naming the record; the last value wins, as with JSON.parse', async () => {
    const text = '[{"a":1,"a":2},\n{"b":{"x":1,"x":[3]},"t":"a:b:c"},\n{"a":5,"t":"{\\"k\\":1,\\"k\\":2}"}]';
    for (const chunk of [3, 1 << 16]) {
      const src = await open(text, chunk);
      expect(src.warnings).toEqual([
        {
          code: 'duplicate-keys', column: null, count: 2,
          message: 'a.json: 2 records repeat a key in one object: item 1 (line 1) ("a"), item 2 (line 2) ("x"). The last value of a repeated key is kept (as JSON.parse does); the earlier ones are not imported.',
        },
      ]);
    }
    expect((await readAll(text)).rows).toEqual([['2', null, null], [null, '{"x":[3]}', 'a:b:c'], ['5', null, '{"k":1,"k":2}']]);
    const lines = write('{"id":1,"id":2}\n{"id":3,"note":"x:y"}\n');
    const src = await openJsonLines(lines, { fileName: 'l.jsonl', size: 1, mtime: '' }, {}, DEFAULT_LIMITS);
    expect(src.warnings?.map((w) => w.message)).toEqual(['l.jsonl: a record repeats a key in one object: line 1 ("id"). The last value of a repeated key is kept (as JSON.parse does); the earlier ones are not imported.']);
    expect(repeatedKey('{"a":{"b":1},"c":[{"b":2}],"d":{"e":1,"e":2}}')).toBe('e');
    expect(repeatedKey('{"a":"\\"a\\"","b":1}')).toBeNull();
  });
});

describe('a .json file that is not an array', () => {
  it('an object holding one array of objects offers that array, with a warning naming the key; lines are the file\'s', async () => {
    const text = '{\n  "meta": {"count": 2, "tags": ["x"]},\n  "records": [\n    {"a": 1},\n    {"a": 2, "b": "[]"}\n  ],\n  "ids": [1, 2]\n}\n';
    for (const chunk of [1, 4, 1 << 16]) {
      const src = await open(text, chunk);
      expect(src.headers).toEqual(['a', 'b']);
      expect(src.warnings).toEqual([{ code: 'json-records', column: null, message: 'a.json holds an object, not an array: its rows were read from the array of objects under the key "records" (the object\'s other keys are not imported).' }]);
      const rows: RawRow[] = [];
      for await (const b of src.batches()) rows.push(...b.rows);
      expect(rows).toEqual([['1', null], ['2', '[]']]);
      // Reopened (the import's parse worker) with what this open found: the records' place.
      expect(src.reopen?.jsonRecords?.key).toBe('records');
    }
    expect(await message('{"records": [\n{"a": 1},\n{"a": }]}', 3)).toMatch(/^a\.json: line 3, column 7: not valid JSON \(item 2: /);
    expect(await message('{"records": [{"a": 1}]} x')).toBe('a.json: line 1, column 25: not valid JSON (unexpected "x" after the end of the object).');
    expect(await message('{"records": [{"a": 1}]')).toMatch(/the file ends before the object is closed/);
  });

  it('an object with several arrays of objects is refused, naming the keys', async () => {
    expect(await message('{"users": [{"a": 1}], "orders": [{"b": 2}], "tags": ["x"], "e\\u0301": [{"c": 3}]}')).toBe(
      'a.json: the top-level object holds 3 arrays of objects ("users", "orders", "e\u0301"); it is not clear which holds the rows. Save the one to import as its own file (an array of objects).',
    );
  });

  it('JSON Lines in a .json file are read as JSON Lines, with a warning', async () => {
    for (const chunk of [2, 1 << 16]) {
      const src = await open('{"a": 1, "b": "x"}\n{"a": 2}\n\n{"a": 3, "c": true}\n', chunk);
      expect(src.format).toBe('jsonl');
      expect(src.headers).toEqual(['a', 'b', 'c']);
      expect(src.warnings?.map((w) => w.code)).toEqual(['json-lines']);
      expect(src.warnings?.[0]?.message).toBe('a.json holds JSON Lines (one object per line), not one JSON value: it was read as JSON Lines. Name it .jsonl to say so.');
      const lines: number[] = [];
      for await (const b of src.batches()) lines.push(...b.lines);
      expect(lines).toEqual([1, 2, 4]);
    }
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
