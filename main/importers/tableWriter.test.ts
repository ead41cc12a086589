// The writer stores exactly the values a Block describes, whichever way each travels: number, literal
// text, missing, a dictionary code spelt out in the statement, or a code bound as its string.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createVersionTable, TableWriter } from './tableWriter';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-writer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Value = number | string | null;

/** Encodes rows (a number column, then two text columns) as blocks: text values are coded the first time they repeat-able. */
function encode(rows: Value[][], blockRows: number, codable: (v: string) => boolean) {
  const dicts: Map<string, number>[] = [new Map(), new Map()];
  const blocks = [];
  for (let b0 = 0; b0 < rows.length; b0 += blockRows) {
    const part = rows.slice(b0, b0 + blockRows);
    const nums = new Float64Array(part.length);
    const lens = new Int32Array(part.length * 2);
    const dict: [number, string | null][] = [];
    let text = '';
    part.forEach((row, r) => {
      nums[r] = row[0] === null ? NaN : (row[0] as number);
      for (let j = 0; j < 2; j++) {
        const v = row[j + 1] as string | null;
        if (v === null) lens[r * 2 + j] = -1;
        else if (v === 'NA') {
          // A missing-value token: coded like rowProducer codes it (its code has no value), stored as missing.
          if (!dicts[j]!.has(v)) {
            dicts[j]!.set(v, dicts[j]!.size);
            dict.push([j, null]);
          }
          lens[r * 2 + j] = -1;
        } else if (codable(v)) {
          let c = dicts[j]!.get(v);
          if (c === undefined) {
            c = dicts[j]!.size;
            dicts[j]!.set(v, c);
            dict.push([j, v]);
          }
          lens[r * 2 + j] = -2 - c;
        } else {
          lens[r * 2 + j] = v.length;
          text += v;
        }
      }
    });
    blocks.push({ rows: part.length, nums, text, lens, dict });
  }
  return blocks;
}

describe('TableWriter', () => {
  it('stores numbers, literals, missing values and dictionary codes (spelt out in the statement or bound) in file order', () => {
    const db = new Database(path.join(dir, 'w.db'));
    createVersionTable(db, 'ds_w1', [
      { type: 'real', sqlName: 'c0' },
      { type: 'category', sqlName: 'c1' },
      { type: 'text', sqlName: 'c2' },
    ]);
    const regions = ['EU', 'US', "O'Brien's", 'NA', 'a\0b', 'Zürich'];
    const rows: Value[][] = [];
    for (let i = 0; i < 3001; i++) {
      // Column 1: five categories (one with a quote, one with a NUL), and from row 2000 on new ones the
      // first block never saw. Column 2: 36 codes (too many to spell out), literals and missing values.
      const region = i >= 2000 && i % 7 === 0 ? `late-${i % 3}` : regions[i % regions.length]!;
      const note = i % 11 === 0 ? null : i % 5 === 0 ? `free text ${i}` : `code-${i % 45}`;
      rows.push([i % 13 === 0 ? null : i / 4, region, note]);
    }
    const w = new TableWriter(db, 'ds_w1', [true, false, false]);
    for (const b of encode(rows, 1000, (v) => !v.startsWith('free'))) w.addBlock(b);
    w.flush();
    const got = db.prepare('SELECT c0, c1, c2 FROM ds_w1 ORDER BY rowid').raw().all();
    expect(got).toEqual(rows.map((r) => r.map((v) => (v === 'NA' ? null : v))));
    // The first block's codes before the NUL value were spelt out in the statement.
    expect(w.spelt()).toEqual([4, 0]);
    db.close();
  });

  it('stores digit-like text bound as itself as that text, never as the spelt-out value of the same code number', () => {
    const db = new Database(path.join(dir, 'w2.db'));
    createVersionTable(db, 'ds_w2', [
      { type: 'integer', sqlName: 'c0' },
      { type: 'category', sqlName: 'c1' },
      { type: 'text', sqlName: 'c2' },
    ]);
    // Column 1 spells out codes 0 and 1 ('low', 'high'); the literals '0', '1', ' 1' and '1.0' travel as
    // text in the same parameter and must come back unchanged (a text never equals 0 or 1 in CASE).
    const rows: Value[][] = [];
    for (let i = 0; i < 600; i++) {
      const c1 = i < 300 ? (i % 2 === 0 ? 'low' : 'high') : ['0', '1', ' 1', '1.0', 'low'][i % 5]!;
      rows.push([i, c1, i % 3 === 0 ? '0' : null]);
    }
    const w = new TableWriter(db, 'ds_w2', [true, false, false]);
    for (const b of encode(rows, 300, (v) => v === 'low' || v === 'high')) w.addBlock(b);
    w.flush();
    expect(w.spelt()).toEqual([2, 0]);
    const got = db.prepare('SELECT c0, c1, c2, typeof(c1) FROM ds_w2 ORDER BY rowid').raw().all() as Value[][];
    expect(got.map((r) => r.slice(0, 3))).toEqual(rows);
    expect(new Set(got.map((r) => r[3]))).toEqual(new Set(['text']));
    db.close();
  });
});
