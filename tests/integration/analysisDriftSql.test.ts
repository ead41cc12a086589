import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Window } from '../../common/contract/schemas/analysis';
import type { PsiBinning } from '../../common/domain/drift/psi';
import { driftReport } from '../../common/domain/drift/report';
import { categoricalStatsOf, numericColumnStats } from '../../common/domain/drift/columnDrift';
import { isNumericType, load, numbers, subset, windowRows } from '../../main/services/analysis/data';
import type { Cell } from '../../main/services/analysis/data';
import { getDataset } from '../../main/services/datasets/access';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// analysis-drift aggregates inside SQLite (driftSql.ts). These tests compare its result with the in-memory path it
// replaced — read the columns, filter the window's rows, driftReport over the arrays — on the demo's inference log
// and on a small log with awkward values (blanks, ties, text among numbers, few distinct values, small samples).
// Since issue 20 each feature also carries Wasserstein, χ², Jensen–Shannon and Evidently's test (`stats`), compared too.
let s: TestServices;
let eventId: string;
let demoId: string;
let oddId: string;

/** The drift path before issue 15, kept here as the reference: whole columns read into arrays. */
function inMemory(datasetId: string, reference: Window, current: Window, features: string[], binning: PsiBinning, categorical: string[] = [], bins?: number) {
  const ctx = s.ctx;
  const side = (w: Window) => {
    const ds = getDataset(ctx, datasetId, w.kind === 'version' ? w.version : undefined);
    const all = load(ctx, ds, [...features, w.kind === 'version' ? undefined : w.column]);
    return { ds, cols: subset(all, windowRows(all, w, ds.rowCount)) };
  };
  const ref = side(reference);
  const cur = side(current);
  const strings = (col: readonly Cell[]) => col.filter((v): v is string | number => v !== null && v !== '').map(String);
  const out = [];
  for (const column of features) {
    const cat = categorical.includes(column) || !isNumericType(ref.ds, column);
    const r = ref.cols[column]!;
    const c = cur.cols[column]!;
    const rv = cat ? strings(r) : numbers(r);
    const cv = cat ? strings(c) : numbers(c);
    if (rv.length === 0 || cv.length === 0) continue;
    const { psiDetail, ...rest } = driftReport(rv, cv, { column, binning, bins, categorical: cat, threshold: 0.2 });
    const stats = cat ? categoricalStatsOf(rv as string[], cv as string[]) : numericColumnStats(rv as Float64Array, cv as Float64Array);
    out.push({ ...rest, detail: psiDetail, missing: r.length - rv.length + (c.length - cv.length), stats });
  }
  return out.sort((a, b) => b.psi - a.psi);
}

function writeOdd(dir: string): string {
  const rows = ['timestamp,batch,ms,code,flag,note'];
  for (let i = 0; i < 400; i++) {
    const day = String(1 + (i % 20)).padStart(2, '0');
    const ms = i % 17 === 0 ? '' : String(((i * 7919) % 97) + (i % 20 >= 10 ? 12 : 0));
    const code = String(i % 5 === 0 ? 'x' : (i % 7) + (i % 20 >= 10 ? 1 : 0));
    rows.push(`2026-11-${day}T08:00:00Z,${i % 2 ? 'A' : 'B'},${ms},${code},${i % 3 === 0 ? 'true' : 'false'},${i % 11 === 0 ? '' : `n${i % 4}`}`);
  }
  const f = path.join(dir, 'odd.csv');
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  demoId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: writeOdd(tempDir('kaizen-drift-sql-')) }, name: 'odd' });
  oddId = imp.datasetId!;
}, 120_000);
afterAll(() => s.close());

const before = { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' } as const;
const episode = { kind: 'dates', column: 'timestamp', from: '2026-11-14', to: '2026-11-20' } as const;

describe('analysis-drift in SQL equals the in-memory path', () => {
  for (const binning of ['quantile', 'evidently', 'equal-width'] as const) {
    it(`demo inference log, dates windows, ${binning} binning`, async () => {
      const features = ['region', 'model_ms', 'score', 'confidence'];
      const r = await s.call('analysis-drift', { eventId, datasetId: demoId, reference: before, current: episode, features, binning });
      expect(r.features).toEqual(inMemory(demoId, before, episode, features, binning));
    });
  }
  it('demo inference log, value windows, 7 bins', async () => {
    const ref = { kind: 'value', column: 'model_version', value: 'fraud-v3.1' } as const;
    const cur = { kind: 'value', column: 'model_version', value: 'fraud-v3.2' } as const;
    const r = await s.call('analysis-drift', { eventId, datasetId: demoId, reference: ref, current: cur, features: ['model_ms', 'score'], bins: 7 });
    expect(r.features).toEqual(inMemory(demoId, ref, cur, ['model_ms', 'score'], 'quantile', [], 7));
  });
  for (const binning of ['quantile', 'evidently', 'equal-width'] as const) {
    it(`blanks, ties, text among numbers and small samples (exact KS p-value), ${binning}`, async () => {
      const ref = { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' } as const;
      const cur = { kind: 'dates', column: 'timestamp', from: '2026-11-11', to: '2026-11-20' } as const;
      const features = ['ms', 'code', 'flag', 'note', 'batch'];
      const r = await s.call('analysis-drift', { eventId, datasetId: oddId, reference: ref, current: cur, features, binning, categorical: ['batch'] });
      const expected = inMemory(oddId, ref, cur, features, binning, ['batch']);
      expect(r.features).toEqual(expected);
      expect(r.features.find((f) => f.column === 'ms')!.ks!.method).toBe('exact');
      const byValue = await s.call('analysis-drift', { eventId, datasetId: oddId, reference: { kind: 'value', column: 'batch', value: 'A' }, current: { kind: 'value', column: 'batch', value: 'B' }, features: ['ms', 'note'], binning });
      expect(byValue.features).toEqual(inMemory(oddId, { kind: 'value', column: 'batch', value: 'A' }, { kind: 'value', column: 'batch', value: 'B' }, ['ms', 'note'], binning));
    });
  }
});
