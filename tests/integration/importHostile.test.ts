// The hostile-input corpus for delimited files and values (issue 13, items 12–14): per-row problems go to the
// quarantine instead of refusing the file (strict mode still refuses), limits are said before SQLite sees them,
// and no value changes silently. Real files in a temp folder, imported through the services.
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { importCommand } from '../../main/cli/commands/import';
import { readColumns } from '../../main/services/datasets/access';

let s: TestServices;
let eventId: string;
let dir: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Hostile input' })).id;
  dir = tempDir('kaizen-hostile-');
});
afterEach(() => s.close());

function write(name: string, content: string | Buffer): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}
const imp = (file: string, options: Record<string, unknown> = {}) => s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, options });
const quarantine = (versionId: string) => s.db.prepare('SELECT line, column_name AS "column", value, reason, rule FROM dataset_quarantine WHERE version_id = ? ORDER BY line').all(versionId);
async function refused(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected the call to be refused');
}
async function nothingWritten(): Promise<void> {
  expect(await s.call('dataset-list', { eventId })).toEqual([]);
  expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
}

describe('per-row problems go to the quarantine; the rest imports (item 12)', () => {
  const body = ['id,name,ms', '1,a,10', '2,b', '3,c,30,extra', '4,"d"x,40', '5,e,50', ''].join('\n');

  it('ragged rows (too few, too many fields) and text after a closing quote: quarantined with line and reason, with a warning', async () => {
    const r = await imp(write('rows.csv', body));
    expect(r.status).toBe('imported');
    expect(r.rows).toBe(2);
    expect(r.rejected).toBe(3);
    expect(r.rejectedByReason).toEqual([{ reason: 'malformed row', count: 3 }]);
    expect(quarantine(r.versionId!)).toEqual([
      { line: 3, column: '(row)', value: '2,b', reason: 'expected 3 fields (as in the header), found 2', rule: 'malformed row' },
      { line: 4, column: '(row)', value: '3,c,30,extra', reason: 'expected 3 fields (as in the header), found 4', rule: 'malformed row' },
      { line: 5, column: 'name', value: '4,"d"x,40', reason: 'unexpected text after a closing quote ("x…")', rule: 'malformed row' },
    ]);
    const w = r.warnings.find((x) => x.code === 'malformed-rows')!;
    expect(w.count).toBe(3);
    expect(w.message).toMatch(/^3 rows could not be read and were quarantined \(line 3: expected 3 fields \(as in the header\), found 2; line 4: .*found 4; line 5: unexpected text after a closing quote/);
    expect(readColumns(s.ctx, r.datasetId!, ['id', 'name', 'ms'])).toEqual({ id: [1, 5], name: ['a', 'e'], ms: [10, 50] });
    const q = await s.call('dataset-quarantine', { versionId: r.versionId!, limit: 10 });
    expect(q.total).toBe(3);
  });

  it('strict mode (contract option and `kaizen import --strict`) still refuses the file and writes nothing', async () => {
    const file = write('rows.csv', body);
    const e = await refused(imp(file, { strict: true }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/^rows\.csv: line 3: expected 3 fields \(as in the header\), found 2\. Check for a missing or extra delimiter ","/);
    const quote = write('quote.csv', ['id,name,ms', '1,a,10', '4,"d"x,40'].join('\n'));
    expect((await refused(imp(quote, { strict: true }))).message).toMatch(/^quote\.csv: line 3, column 2: unexpected text after a closing quote \("x…"\)/);
    await nothingWritten();
    const out: string[] = [];
    const err: string[] = [];
    s.close();
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await importCommand.run([file, '--strict', '--json', '--data-dir', s.dataDir, '--event', eventId], io)).toBe(2);
    expect(err.join('\n')).toMatch(/rows\.csv: line 3: expected 3 fields/);
    expect(await importCommand.run([file, '--json', '--data-dir', s.dataDir, '--event', eventId], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ rows: 2, rejected: 3 });
    s = await tempServices({ dataDir: s.dataDir });
  });

  it('a bad row in the middle of a big log: the fast reader quarantines it and keeps going', async () => {
    const lines = ['ts,request_id,region,total_ms'];
    for (let i = 0; i < 60_000; i++) {
      const ts = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
      if (i === 30_000) lines.push(`${ts},r${i},EU`); // line 30,002: a field short
      else if (i === 45_000) lines.push(`${ts},r${i},"EU"US,5`); // line 45,002: text after a closing quote
      else lines.push(`${ts},r${i},${['EU', 'US', 'APAC'][i % 3]},${i % 1000}`);
    }
    const r = await imp(write('big.csv', lines.join('\n') + '\n'));
    expect(r.rows).toBe(59_998);
    expect(quarantine(r.versionId!)).toEqual([
      expect.objectContaining({ line: 30_002, column: '(row)', reason: 'expected 4 fields (as in the header), found 3' }),
      expect.objectContaining({ line: 45_002, column: 'region', reason: 'unexpected text after a closing quote ("US…")' }),
    ]);
    const ms = readColumns(s.ctx, r.datasetId!, ['total_ms', 'request_id']);
    expect(ms.request_id![29_999]).toBe('r29999');
    expect(ms.request_id![30_000]).toBe('r30001');
    expect(ms.request_id!.at(-1)).toBe('r59999');
    expect(ms.total_ms!.at(-1)).toBe(999);
  });

  it('empty header cells get generated names (column_<position>), duplicates a suffixed name, each with a warning', async () => {
    const r = await imp(write('headers.csv', 'a,,c,a,\n1,2,3,4,5\n6,7,8,9,10\n'));
    expect(r.columns.map((c) => c.name)).toEqual(['a', 'column_2', 'c', 'a_4', 'column_5']);
    const w = r.warnings.filter((x) => x.code === 'generated-column-name');
    expect(w.map((x) => x.message)).toEqual([
      'line 1, column 2: the header cell is empty; the column is named "column_2".',
      'line 1, column 4: "a" is also the name of column 1; this column is named "a_4".',
      'line 1, column 5: the header cell is empty; the column is named "column_5".',
    ]);
    expect(readColumns(s.ctx, r.datasetId!, ['column_2', 'a_4'])).toEqual({ column_2: [2, 7], a_4: [4, 9] });
    const p = await s.call('dataset-preview', { eventId, source: { kind: 'path', path: path.join(dir, 'headers.csv') } });
    expect(p.headers).toEqual(['a', 'column_2', 'c', 'a_4', 'column_5']);
    expect(p.notes).toContain('line 1, column 2: the header cell is empty; the column is named "column_2".');
  });

  it('the preview says which of the first rows cannot be read', async () => {
    const p = await s.call('dataset-preview', { eventId, source: { kind: 'path', path: write('rows.csv', body) } });
    expect(p.rows).toEqual([['1', 'a', '10'], ['5', 'e', '50']]);
    expect(p.notes.join('\n')).toMatch(/3 of the first 5 rows cannot be read \(line 3: expected 3 fields/);
  });
});

describe('limits before SQLite (item 13, columns)', () => {
  const wide = (n: number) => [Array.from({ length: n }, (_, i) => `c${i}`).join(','), Array.from({ length: n }, (_, i) => String(i)).join(',')].join('\n') + '\n';

  it('more than 2,000 columns is refused by preview and import, naming the count and the limit', async () => {
    const file = write('wide.csv', wide(10_000));
    const t0 = performance.now();
    const e = await refused(imp(file));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toBe('wide.csv: the file has 10,000 columns, over the limit of 2,000 columns per dataset. Import an extract with the columns you need.');
    const p = await refused(s.call('dataset-preview', { eventId, source: { kind: 'path', path: file } }));
    expect(p.message).toBe(e.message);
    await nothingWritten();
  });

  it('exactly 2,000 columns imports', async () => {
    const r = await imp(write('w2000.csv', wide(2000)));
    expect(r.columns).toHaveLength(2000);
    expect(readColumns(s.ctx, r.datasetId!, ['c1999'])).toEqual({ c1999: [1999] });
  });
});

describe('no silent changes of values (item 14)', () => {
  it('integers beyond 2^53 keep every digit: the column is text, with a warning naming column and example', async () => {
    const ids = ['12345678901234567890', '9007199254740993', '-9223372036854775808', '42'];
    const r = await imp(write('ids.csv', ['trace_id,ms', ...ids.map((id, i) => `${id},${i}`)].join('\n') + '\n'));
    expect(r.columns.find((c) => c.name === 'trace_id')!.type).toBe('text');
    expect(readColumns(s.ctx, r.datasetId!, ['trace_id']).trace_id).toEqual(ids);
    const w = r.warnings.find((x) => x.code === 'big-integers')!;
    expect(w.column).toBe('trace_id');
    expect(w.message).toMatch(/^trace_id: integers beyond ±2\^53 \(e\.g\. "12345678901234567890"\) cannot be held exactly/);
  });

  it('a big integer after the inference sample in an integer column is stored as missing and flagged, never rounded', async () => {
    const lines = ['n'];
    for (let i = 0; i < 20_100; i++) lines.push(String(i));
    lines.push('9007199254740993');
    const r = await imp(write('late.csv', lines.join('\n') + '\n'));
    expect(r.columns[0]!.type).toBe('integer');
    expect(readColumns(s.ctx, r.datasetId!, ['n']).n!.at(-1)).toBeNull();
    expect(r.warnings.find((x) => x.code === 'big-integers')!.message).toBe(
      'n: 1 integers beyond ±2^53 (e.g. "9007199254740993" on line 20102) cannot be held exactly as numbers; stored as missing. Set the column\'s type to text to keep them.',
    );
  });

  it('lone surrogates in a UTF-16 file become U+FFFD with a warning; the store holds valid UTF-8', async () => {
    const text = '\ufeffname,ms\ud801\nok,1\nbad\ud800x,2\nalso\udc00,3\n';
    const r = await imp(write('u16.csv', Buffer.from(text, 'utf16le')));
    expect(r.columns.map((c) => c.name)).toEqual(['name', 'ms\ufffd']);
    expect(r.warnings.filter((x) => x.code === 'replaced-characters').map((x) => x.column)).toEqual(['ms\ufffd', 'name']);
    expect(readColumns(s.ctx, r.datasetId!, ['name']).name).toEqual(['ok', 'bad\ufffdx', 'also\ufffd']);
    const blob = s.db.prepare(`SELECT CAST(c0 AS BLOB) FROM ds_${r.versionId!.replace(/[^A-Za-z0-9]/g, '')} WHERE rowid = 2`).pluck().get() as Buffer;
    expect(isUtf8(blob)).toBe(true);
    expect(r.warnings.find((x) => x.code === 'replaced-characters' && x.column === 'name')).toEqual({
      code: 'replaced-characters',
      column: 'name',
      count: 2,
      message: 'name: 2 values held unpaired UTF-16 surrogates (not valid text; lines 3, 4); each was replaced by U+FFFD (�).',
    });
  });

  it('a JSON escape of a lone surrogate (\\ud800) becomes U+FFFD with a warning', async () => {
    const r = await imp(write('lone.json', '[{"name":"a\\ud800b","n":1},{"name":"fine","n":2}]'));
    expect(readColumns(s.ctx, r.datasetId!, ['name']).name).toEqual(['a\ufffdb', 'fine']);
    expect(r.warnings.find((x) => x.code === 'replaced-characters')).toMatchObject({ column: 'name', count: 1 });
  });

  it('a mostly-date column with other values is flagged with the count and 3 examples', async () => {
    const dates = Array.from({ length: 16 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const mostly = [...dates, 'soon', 'n/a2', 'tbd', 'later'];
    const r = await imp(write('mostly.csv', ['due', ...mostly].join('\n') + '\n'));
    expect(r.columns[0]!.type).not.toBe('timestamp');
    expect(r.warnings.find((x) => x.code === 'mixed-dates')).toEqual({
      code: 'mixed-dates',
      column: 'due',
      count: 4,
      message: `due: 80 % of values are dates, but 4 in the first rows are not (e.g. "soon", "n/a2", "tbd"); imported as ${r.columns[0]!.type}. Set the type to timestamp to read the dates (the other values become missing).`,
    });
    // 95 % dates: a timestamp column; the values that do not parse are named with their lines (3 examples).
    const ts = [...dates, ...dates, ...dates.slice(0, 6), 'x1', 'x2'];
    const t = await imp(write('ts.csv', ['when', ...ts, 'x3'].join('\n') + '\n'));
    expect(t.columns[0]!.type).toBe('timestamp');
    expect(t.warnings.find((x) => x.code === 'unparsed-dates')!.message).toBe('when: 3 values did not parse as dates (e.g. "x1" on line 40, "x2" on line 41, "x3" on line 42); stored as missing.');
  });

  it('NaN / Infinity tokens in any spelling are missing values in a number column, with a warning', async () => {
    const r = await imp(write('nan.csv', ['n,x', '1,1.5', 'NAN,2.5', '3,-inf', 'INF,3.5', '5,+Infinity', '-nan,nan', '7,4.5'].join('\n') + '\n'));
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([['n', 'integer'], ['x', 'real']]);
    expect(readColumns(s.ctx, r.datasetId!, ['n', 'x'])).toEqual({ n: [1, null, 3, null, 5, null, 7], x: [1.5, 2.5, null, 3.5, null, null, 4.5] });
    expect(r.warnings.filter((x) => x.code === 'non-finite').map((x) => [x.column, x.count])).toEqual([['n', 3], ['x', 3]]);
    expect(r.warnings.some((x) => x.code === 'mixed-types')).toBe(false);
  });

  it('bytes 0x80–0x9F in a Latin-1 file are read as Windows-1252 (0x80 is €)', async () => {
    const bytes = Buffer.concat([Buffer.from('item,price\n'), Buffer.from([0x93, 0x45, 0x55, 0x52, 0x94, 0x2c, 0x80, 0x35, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x85, 0x0a])]);
    const r = await imp(write('cp1252.csv', bytes), { encoding: 'auto' });
    expect(readColumns(s.ctx, r.datasetId!, ['item', 'price'])).toEqual({ item: ['“EUR”', 'José'], price: ['€5', '…'] });
    expect(r.warnings.find((x) => x.code === 'encoding')!.message).toMatch(/read as Latin-1 \(Windows-1252: 0x80 is €\)/);
    const chosen = await imp(write('cp1252b.csv', bytes), { encoding: 'latin1' });
    expect(readColumns(s.ctx, chosen.datasetId!, ['price']).price).toEqual(['€5', '…']);
  });
});
