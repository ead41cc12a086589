import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, tokenizeAll } from './csvTokenizer';

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
