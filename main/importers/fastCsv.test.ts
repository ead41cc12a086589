// The byte-level fast path (fastCsv.ts) must give exactly what the full tokenizer gives: the same rows,
// values, profile, quarantine and errors, for any CSV — including ones where it hands over mid-file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isoFromBytes, parseDecimalBytes } from './fastCsv';
import { daysFromCivil, parseTimestamp } from './valueParse';
import { planImport } from './importPlan';
import { ColumnAccumulator } from './profiler';
import { numericLayout, produceRows } from './rowProducer';
import type { Block, ParseEnd } from './rowProducer';
import { openSource } from './source/index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-fastcsv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Outcome = { blocks: Omit<Block, 'bytesRead' | 'size'>[]; end: ParseEnd; numCols: number; textCols: number } | { error: string };

async function run(file: string, fast: boolean, strict = false): Promise<Outcome> {
  const prev = process.env.KAIZEN_IMPORT_FAST;
  process.env.KAIZEN_IMPORT_FAST = fast ? '1' : '0';
  try {
    const src = await openSource(file, { strict });
    const plan = await planImport(src, { encoding: 'auto' }, undefined, null);
    const gen = produceRows({
      file, source: { strict }, locale: plan.locale, seen: [], cutoff: null, salt: null, start: null, trackNew: false, hash: true, profileHere: plan.columns.map(() => true),
      columns: plan.columns.map((c) => ({ name: c.name, type: c.type, dateFormat: c.dateFormat, srcIndex: c.srcIndex, pseudonymise: false })),
      rules: plan.columns.some((c) => c.name === 'n') ? [{ column: 'n', kind: 'max', value: 50 }] : [],
    });
    const blocks: Omit<Block, 'bytesRead' | 'size'>[] = [];
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        const numCols = numericLayout(plan.columns).filter(Boolean).length;
        return { blocks, end: r.value, numCols, textCols: plan.columns.length - numCols };
      }
      const { bytesRead: _b, size: _s, ...rest } = r.value;
      blocks.push(rest);
    }
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    process.env.KAIZEN_IMPORT_FAST = prev;
  }
}

/** Everything but the block boundaries (the two paths may cut blocks differently): rows, text, quarantine, the end tallies. */
function rowsOf(o: Outcome): unknown {
  if ('error' in o) return o;
  // Profiles built from the accumulator states (comparing the raw 128k-slot sets element by element is slow).
  const meta = { name: 'x', role: null, unit: null, invalid: 0, transformed: null };
  const profiles = o.end.accs.map((a) => new ColumnAccumulator(a.type, a).build(meta, null));
  return { rows: o.blocks.reduce((n, b) => n + b.rows, 0), violations: o.blocks.flatMap((b) => b.violations), end: { ...o.end, accs: profiles } };
}

function numsOf(o: Outcome): number[] {
  if ('error' in o) return [];
  return o.blocks.flatMap((b) => [...b.nums.subarray(0, b.rows * o.numCols)]);
}
/** The text columns' values, row-major, decoded as the writer decodes them: literal, missing, or a dictionary code. */
function textsOf(o: Outcome): (string | null)[] {
  if ('error' in o) return [];
  const { textCols } = o;
  const dicts: (string | null)[][] = Array.from({ length: textCols }, () => []);
  const out: (string | null)[] = [];
  for (const b of o.blocks) {
    for (const [j, v] of b.dict) dicts[j]!.push(v);
    let off = 0;
    for (let i = 0; i < b.rows * textCols; i++) {
      const len = b.lens[i]!;
      if (len >= 0) {
        out.push(b.text.slice(off, off + len));
        off += len;
      } else out.push(len === -1 ? null : dicts[i % textCols]![-2 - len]!);
    }
    expect(off).toBe(b.text.length);
  }
  return out;
}

const cell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(3)),
  fc.constantFrom('', 'NA', '1e3', '0x1F', ' 12', '1,234.5', '007', '.5', '5.', '-0', 'true', 'false', 'Infinity', '12345678901234567'),
  fc.constantFrom('EU', 'US', 'Zürich', 'naïve café', 'a;b', '日本'),
);
const quoted = fc.constantFrom('"quoted, with comma"', '"say ""hi"""', '"two\nlines"');

describe('fast CSV path', () => {
  it('parses plain decimals exactly as Number() does, and declines the rest', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e14, max: 1e14 }).map((x) => String(x)), fc.stringMatching(/^[+-]?\d{0,9}(\.\d{0,8})?$/)), (t) => {
        const v = parseDecimalBytes(Buffer.from(t), 0, t.length);
        if (!Number.isNaN(v)) expect(Object.is(v, Number(t))).toBe(true);
        else expect(/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) && t.replace(/[^\d]/g, '').length <= 15).toBe(false);
      }),
    );
  });

  it('gives the same rows, values, profile, quarantine and errors as the full tokenizer (property)', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 100, noNaN: true }), cell, fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 300 }),
        fc.record({
          crlf: fc.boolean(),
          bom: fc.boolean(),
          blank: fc.boolean(),
          strict: fc.boolean(),
          quoteAt: fc.option(fc.nat(), { nil: null }),
          raggedAt: fc.option(fc.nat(), { nil: null }),
          quoteText: quoted,
          // Rows the readers cannot take: too few or too many fields, text after a closing quote.
          bad: fc.array(fc.tuple(fc.nat(), fc.constantFrom('2026-11-02T00:00:00Z,1.5,x,a,extra', 'lonely', '2026-11-02T00:00:00Z,1.5,x,a,,', '2026-11-02T00:00:00Z,2,"q"tail,a', '2026-11-02T00:00:00Z,2,"q"t;a,b,c')), { maxLength: 4 }),
        }),
        async (rows, o) => {
          const nl = o.crlf ? '\r\n' : '\n';
          const lines = ['t,n,x,g', ...rows.map(([t, n, x, g]) => `2026-11-${String(1 + (t % 28)).padStart(2, '0')}T10:00:00Z,${n.toFixed(2)},${/[",\n;]/.test(x) || x.includes(',') ? `"${x}"` : x},${g}`)];
          if (o.quoteAt !== null) lines.splice(1 + (o.quoteAt % rows.length), 0, `2026-11-02T00:00:00Z,1.5,${o.quoteText},b`);
          if (o.raggedAt !== null) lines.splice(1 + (o.raggedAt % rows.length), 0, '2026-11-02T00:00:00Z,1.5');
          for (const [at, row] of o.bad) lines.splice(1 + (at % rows.length), 0, row);
          if (o.blank) lines.splice(1 + (rows.length >> 1), 0, '');
          const file = path.join(dir, `p${k++}.csv`);
          fs.writeFileSync(file, (o.bom ? '\ufeff' : '') + lines.join(nl) + nl);
          const fast = await run(file, true, o.strict);
          const slow = await run(file, false, o.strict);
          if ('error' in slow) {
            expect(fast).toEqual(slow);
            return;
          }
          expect('error' in fast ? fast.error : null).toBeNull();
          expect(rowsOf(fast)).toEqual(rowsOf(slow));
          expect(numsOf(fast)).toEqual(numsOf(slow));
          expect(textsOf(fast)).toEqual(textsOf(slow));
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('agrees on the edges of a file: no final line break, CRLF at the end, trailing blank lines, a lone CR', async () => {
    const bodies = [
      't,n,g\n2026-11-01T00:00:00Z,1.5,a\n2026-11-02T00:00:00Z,2,b',
      't,n,g\r\n2026-11-01T00:00:00Z,1.5,a\r\n2026-11-02T00:00:00Z,,b\r\n',
      't,n,g\n2026-11-01T00:00:00Z,1.5,a\n\n\n',
      't,n,g\n2026-11-01T00:00:00Z,1.5,a\r2026-11-02T00:00:00Z,2,b\n',
      '\n\nt,n,g\n2026-11-01T00:00:00Z,-0.25,"q"\n',
    ];
    for (const [i, body] of bodies.entries()) {
      const file = path.join(dir, `edge${i}.csv`);
      fs.writeFileSync(file, body);
      const fast = await run(file, true);
      expect(rowsOf(fast), body).toEqual(rowsOf(await run(file, false)));
      expect('error' in fast ? fast.error : null, body).toBeNull();
    }
  });

  it('codes repeated text values without changing them: past the dictionary, long values, missing tokens, a late handover', async () => {
    const lines = ['id,region,label,note'];
    for (let i = 0; i < 6000; i++) {
      const region = ['EU', 'US', 'NA', 'APAC', ''][i % 5]; // "NA" means missing
      const label = `label-${(i * 7919) % 700}`; // 700 distinct, repeated: more than the dictionary holds
      const note = i % 3 === 0 ? 'x'.repeat(70 + (i % 4)) : `n${i % 4}`; // some too long to code
      lines.push(`${i},${region},${label},${note}`);
    }
    lines.push('6000,EU,"quoted, late",n1', '6001,US,label-1,n2');
    const file = path.join(dir, 'coded.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const fast = await run(file, true);
    const slow = await run(file, false);
    expect('error' in fast ? fast.error : null).toBeNull();
    expect(rowsOf(fast)).toEqual(rowsOf(slow));
    expect(textsOf(fast)).toEqual(textsOf(slow));
    if ('error' in fast) return;
    const lens = fast.blocks.flatMap((b) => [...b.lens.subarray(0, b.rows * fast.textCols)]);
    expect(lens.filter((l) => l <= -2).length).toBeGreaterThan(lens.length / 2);
    expect(textsOf(fast).slice(-3)).toEqual(['US', 'label-1', 'n2']);
  });

  it('hands over to the full tokenizer at a quoted row in a big file and keeps line numbers', async () => {
    const lines = ['ts,v,label'];
    for (let i = 0; i < 40_000; i++) lines.push(`2026-11-01T00:00:00Z,${i},row${i}`);
    lines.push('2026-11-01T00:00:00Z,1,"quoted, late"');
    for (let i = 0; i < 100; i++) lines.push(`2026-11-01T00:00:00Z,${i},tail${i}`);
    lines.push('2026-11-01T00:00:00Z,2');
    const file = path.join(dir, 'late.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const fast = await run(file, true);
    const slow = await run(file, false);
    expect('error' in fast ? fast.error : null).toBeNull();
    expect(rowsOf(fast)).toEqual(rowsOf(slow));
    expect(textsOf(fast)).toEqual(textsOf(slow));
    if ('error' in fast) return;
    expect(fast.end.rows).toBe(40_101);
    expect(fast.end.malformed).toEqual({ count: 1, examples: [{ line: 40103, column: '(row)', value: '2026-11-01T00:00:00Z,2', reason: 'expected 3 fields (as in the header), found 2', rule: 'malformed row' }] });
    // Strict: the same row refuses the file, on both paths.
    const strict = await run(file, true, true);
    expect(strict).toEqual({ error: expect.stringMatching(/late\.csv: line 40103: expected 3 fields/) });
    expect(await run(file, false, true)).toEqual(strict);
  });
});

describe('ISO timestamps from bytes', () => {
  it('agree with the text parser wherever they answer, and leave the rest to it', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.oneof(fc.integer({ min: 1899, max: 2101 }), fc.integer({ min: 0, max: 9999 })), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 61 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }), fc.constantFrom('T', ' ', 'x'), fc.boolean()),
        ([y, mo, d, h, mi, se, ms, sep, z]) => {
          const p2 = (v: number) => String(v).padStart(2, '0');
          const t = `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}${sep}${p2(h)}:${p2(mi)}:${p2(se)}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}${z ? 'Z' : ''}`;
          const fast = isoFromBytes(Buffer.from(t), 0, t.length);
          const slow = parseTimestamp(t, 'iso');
          if (fast !== undefined) expect(fast).toBe(slow);
          else if (sep !== 'x' && slow !== null) expect.fail(`${t}: the fast path declined a valid timestamp (${slow})`);
        },
      ),
      { numRuns: 2000 },
    );
    expect(isoFromBytes(Buffer.from('2024-02-29T12:00:00Z'), 0, 20)).toBe(Date.UTC(2024, 1, 29, 12));
    expect(isoFromBytes(Buffer.from('2023-02-29T12:00:00Z'), 0, 20)).toBeUndefined();
    // Years below 100 are those years (Date.UTC alone would read 0099 as 1999).
    expect(isoFromBytes(Buffer.from('0099-12-31T23:59:59Z'), 0, 20)).toBe(new Date('0099-12-31T23:59:59Z').getTime());
    expect(parseTimestamp('0099-12-31T23:59:59Z', 'iso')).toBe(new Date('0099-12-31T23:59:59Z').getTime());
    for (let day = -800_000; day < 2_950_000; day += 997) {
      const t = new Date(day * 86_400_000);
      expect(daysFromCivil(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())).toBe(day);
    }
  });
});
