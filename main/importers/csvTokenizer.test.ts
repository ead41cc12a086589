import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { badRowReason, CsvTokenizer, tokenizeAll } from './csvTokenizer';
import type { BadRow } from './csvTokenizer';

/** RFC 4180 writer: quote fields holding the delimiter, a quote or a line break. */
function toCsv(rows: string[][], eol: string): string {
  const q = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(q).join(',')).join(eol) + eol;
}

const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '1', '.', '\t'), maxLength: 8 });
// Rows of equal width, no all-empty single-field rows (blank lines are skipped by both parsers).
const table = fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(field, { minLength: w, maxLength: w }).filter((r) => !(r.length === 1 && r[0] === '')), { minLength: 1, maxLength: 30 }));

function chunked(text: string, size: number): string[][] {
  const rows: string[][] = [];
  const t = new CsvTokenizer({ fileName: 'p', delimiter: ',', quote: '"', maxFieldChars: 1 << 20, onRow: (f) => rows.push(f) });
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size), i + size >= text.length);
  if (text.length === 0) t.push('', true);
  return rows;
}

describe('CsvTokenizer', () => {
  it('agrees with papaparse on any RFC 4180 table, whatever the chunk boundaries (property)', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 40 }), (rows, eol, size) => {
        const text = toCsv(rows, eol);
        const papa = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: true, newline: eol as '\n' | '\r\n' }).data;
        expect(chunked(text, size)).toEqual(papa);
        expect(chunked(text, size)).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });

  it('reports the physical line where each row starts (quoted line breaks count)', () => {
    const rows = tokenizeAll('a,b\n"x\ny",1\n\nz,2\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[1]!.fields).toEqual(['x\ny', '1']);
  });

  it('handles CR-only line ends, a missing final newline and a trailing empty field', () => {
    expect(tokenizeAll('a,b\r1,2\r3,').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '']]);
  });

  it('names line and column for an unbalanced quote and for text after a closing quote', () => {
    expect(() => tokenizeAll('a,b\n1,"open\n2,3\n')).toThrow(/^input: line 2, column 2: unbalanced quote/);
    expect(() => tokenizeAll('a,b\n"x"y,1\n')).toThrow(/^input: line 2, column 1: unexpected text after a closing quote/);
  });

  it('keeps a quote inside an unquoted field literally, like papaparse', () => {
    expect(tokenizeAll('a,b\n5" screen,1\n')[1]!.fields).toEqual(['5" screen', '1']);
  });
});

describe('CsvTokenizer with onBad (rows that go to the quarantine)', () => {
  function read(text: string, size: number, width = 0): { rows: [number, string[]][]; bad: BadRow[] } {
    const rows: [number, string[]][] = [];
    const bad: BadRow[] = [];
    const t = new CsvTokenizer({ fileName: 'p', delimiter: ',', quote: '"', maxFieldChars: 1 << 20, width, onRow: (f, line) => rows.push([line, f]), onBad: (b) => bad.push(b) });
    for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size), i + size >= text.length);
    return { rows, bad };
  }

  it('reports ragged rows and text after a closing quote with line and raw text; the other rows come through', () => {
    const text = 'a,b,c\r\n1,2,3\r\n4,5\r\n"x\ny"z,6,7\r\n8,9,10,11\r\n12,"q"r"s,13\r\n14,15,16';
    const whole = read(text, text.length);
    expect(whole.rows).toEqual([[1, ['a', 'b', 'c']], [2, ['1', '2', '3']], [8, ['14', '15', '16']]]);
    expect(whole.bad).toEqual([
      { line: 3, found: 2, width: 3, column: null, after: null, raw: '4,5' },
      { line: 4, found: 3, width: 3, column: 1, after: 'z', raw: '"x\ny"z,6,7' },
      { line: 6, found: 4, width: 3, column: null, after: null, raw: '8,9,10,11' },
      { line: 7, found: 3, width: 3, column: 2, after: 'r"s', raw: '12,"q"r"s,13' },
    ]);
    expect(badRowReason(whole.bad[1]!)).toBe('unexpected text after a closing quote ("z…")');
    expect(badRowReason(whole.bad[0]!)).toBe('expected 3 fields (as in the header), found 2');
  });

  it('gives the same rows and bad rows whatever the chunk boundaries (property)', () => {
    const bad = fc.constantFrom('1,2', '1,2,3,4', '"a"b,2,3', '1,"x""y"z,3', '"l\nm"n,2,3', ',,,,');
    const good = fc.array(field, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.oneof(good.map((r) => toCsv([r], '\n').slice(0, -1)), bad), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 30 }), (lines, size) => {
        const text = ['h1,h2,h3', ...lines].join('\n') + '\n';
        expect(read(text, size)).toEqual(read(text, text.length));
      }),
      { numRuns: 300 },
    );
  });

  it('without onBad, text after a closing quote is still an error and rows of any width come through', () => {
    expect(tokenizeAll('a,b\n1\n1,2,3\n').map((r) => r.fields.length)).toEqual([2, 1, 3]);
  });
});
