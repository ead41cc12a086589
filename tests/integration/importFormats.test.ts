import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { readTableFile } from '../../main/importers/readTableFile';
import { importCommand } from '../../main/cli/commands/import';
import { readColumns } from '../../main/services/datasets/access';

const fx = (name: string) => path.resolve('tests/fixtures/import', name);

describe('readTableFile (the analysis CLIs’ --input)', () => {
  it('JSON array of objects: typed columns, nested values as JSON text', async () => {
    const t = await readTableFile(fx('rows.json'));
    expect(t.rowCount).toBe(2);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['ts', 'timestamp'], ['model', 'text'], ['score', 'real'], ['ok', 'boolean'], ['meta', 'text']]);
    expect(t.columns[0]!.values).toEqual([Date.UTC(2026, 10, 1, 10), Date.UTC(2026, 10, 2, 10)]);
    expect(t.columns[3]!.values).toEqual([true, false]);
    expect(t.columns[4]!.values).toEqual(['{"k":1}', null]);
  });
  it('JSON Lines: blank lines skipped, keys first seen later become columns', async () => {
    const t = await readTableFile(fx('rows.jsonl'));
    expect(t.columns.map((c) => c.name)).toEqual(['ts', 'latency_ms', 'extra']);
    expect(t.columns[2]!.values).toEqual([null, 'x']);
  });
  it('XLSX: chosen sheet, dates and formula results', async () => {
    const t = await readTableFile(fx('runs.xlsx'), { sheet: 'Runs' });
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['run_id', 'text'], ['stage', 'category'], ['started_at', 'timestamp'], ['minutes', 'real'], ['ok', 'boolean']]);
    expect(t.columns[2]!.values[0]).toBe(Date.UTC(2026, 10, 1, 2));
    expect(t.columns[3]!.values).toEqual([62.5, 14, 65]);
    await expect(readTableFile(fx('runs.xlsx'), { sheet: 'Nope' })).rejects.toThrow(/has no sheet named "Nope" \(sheets: Notes, Runs\)/);
  });
  it('TSV, UTF-16 with BOM, Latin-1, and UTF-8 BOM + CRLF + semicolons + decimal commas', async () => {
    expect((await readTableFile(fx('tabs.tsv'))).columns[1]!.values).toEqual([1, 2]);
    const u16 = await readTableFile(fx('utf16le-bom.csv'));
    expect(u16.columns[0]!.values).toEqual(['Aé', 'B']);
    expect(u16.columns[1]!.values).toEqual([1.5, 2.5]);
    const l1 = await readTableFile(fx('latin1.csv'));
    expect(l1.columns[1]!.values).toEqual(['München', 'Zürich']);
    const eu = await readTableFile(fx('utf8-bom-crlf.csv'));
    expect(eu.columns.map((c) => c.name)).toEqual(['id', 'amount', 'when']);
    expect(eu.columns[1]!.values).toEqual([1234.5, 2.25, 10]);
    expect(eu.columns[2]!.type).toBe('text'); // 03/04/2026 … could be either order: not guessed
    expect((await readTableFile(fx('cr-only.csv'))).columns[1]!.values).toEqual([2, 4]);
  });
});

describe('kaizen import (flags, JSON fields, exit codes)', () => {
  let s: TestServices;
  let eventId: string;
  let out: string[];
  let err: string[];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  beforeEach(async () => {
    s = await tempServices();
    eventId = (await s.call('event-create', { name: 'CLI' })).id;
    s.close();
    out = [];
    err = [];
  });
  afterEach(() => s.close());
  const run = (args: string[]) => importCommand.run([...args, '--data-dir', s.dataDir, '--event', eventId], io);

  it('prints the issue’s JSON fields; exit 0; identical file → unchanged', async () => {
    expect(await run([fx('small.csv'), '--json', '--name', 'Small'])).toBe(0);
    const j = JSON.parse(out.join('\n'));
    expect(Object.keys(j)).toEqual(['datasetId', 'version', 'rows', 'rejected', 'sha256', 'unchanged', 'columns', 'warnings']);
    expect(j).toMatchObject({ version: 1, rows: 4, rejected: 0, unchanged: false });
    expect(j.columns[3]).toEqual({ name: 'total_ms', type: 'real', missing: 1 });
    out = [];
    expect(await run([fx('small.csv'), '--json', '--name', 'Small'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ unchanged: true, version: 1 });
  });

  it('--rules with rejections: exit 0 normally, 1 with --strict', async () => {
    const dir = tempDir();
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(rules, JSON.stringify([{ column: 'region', kind: 'allowed', values: ['EU', 'US'] }]));
    expect(await run([fx('small.csv'), '--json', '--rules', rules])).toBe(0);
    expect(JSON.parse(out.join('\n')).rejected).toBe(1);
    out = [];
    fs.copyFileSync(fx('small.csv'), path.join(dir, 'small2.csv'));
    fs.appendFileSync(path.join(dir, 'small2.csv'), '2026-11-01T10:04:00Z,r5,/score,99,false,MARS\n');
    expect(await run([path.join(dir, 'small2.csv'), '--json', '--rules', rules, '--strict', '--name', 'small'])).toBe(1);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ version: 2, rejected: 2 });
  });

  it('unreadable file (a ragged row with --strict) → exit 2 with the reason; bad rules file → exit 2', async () => {
    expect(await run([fx('unbalanced-quote.csv'), '--json'])).toBe(2);
    expect(err.join('\n')).toMatch(/unbalanced-quote\.csv: line 2, column 2: unbalanced quote/);
    err = [];
    expect(await run([fx('ragged.csv'), '--json', '--strict'])).toBe(2);
    expect(err.join('\n')).toMatch(/ragged\.csv: line 3: expected 3 fields/);
    err = [];
    const bad = path.join(tempDir(), 'r.json');
    fs.writeFileSync(bad, '[{"column":"x","kind":"nope"}]');
    expect(await run([fx('small.csv'), '--rules', bad])).toBe(2);
    expect(err.join('\n')).toMatch(/--rules .*r\.json: 0(\.kind)?: /);
  });

  it('--append adds only newer rows', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'log.csv');
    fs.copyFileSync(fx('small.csv'), a);
    expect(await run([a, '--json'])).toBe(0);
    fs.appendFileSync(a, '2026-11-01T10:09:00Z,r9,/score,77,false,EU\n');
    out = [];
    expect(await run([a, '--json', '--append'])).toBe(0);
    const j = JSON.parse(out.join('\n'));
    expect(j).toMatchObject({ version: 2, rows: 5 });
    const s2 = await tempServices({ dataDir: s.dataDir });
    expect(readColumns(s2.ctx, j.datasetId, ['request_id']).request_id).toEqual(['r1', 'r2', 'r3', 'r4', 'r9']);
    s2.close();
  });
});
