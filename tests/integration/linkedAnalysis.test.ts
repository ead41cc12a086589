import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLinkedResult } from '../../main/db/repositories/sources';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * The latency profile and the fairness group table of a LINKED dataset (DuckDB over a CSV and over Parquet) equal the
 * imported dataset's on the same generated log, the result records its source, fingerprint and exactness, options
 * not pushed down are refused clearly, and a file changed since linking answers the re-link message, writing nothing.
 */

let s: TestServices;
let eventId: string;
let dir: string;

/** A generated log: two latency stages and their total (some missing, ties), endpoint/model groups, label, prediction, score. */
function writeLog(file: string, rows: number, seed = 11): void {
  let r = seed >>> 0 || 1;
  const rnd = () => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    return r / 4294967296;
  };
  const lines = ['timestamp,endpoint,model,queue_ms,infer_ms,total_ms,label,pred,score,status'];
  const start = Date.UTC(2026, 10, 2);
  for (let i = 0; i < rows; i++) {
    const endpoint = rnd() < 0.6 ? '/score' : rnd() < 0.5 ? '/explain' : '/batch';
    const model = i % 3 === 0 ? 'v2' : 'v1';
    const queue = Math.round(10 * 30 * -Math.log(1 - rnd())) / 10;
    const infer = Math.round(10 * (80 + (endpoint === '/explain' ? 60 : 0) + 40 * rnd())) / 10;
    const total = Math.round(10 * (queue + infer + 5 * rnd())) / 10;
    const score = rnd();
    const label = rnd() < (model === 'v2' ? 0.35 : 0.5) ? 1 : 0;
    const pred = score >= 0.5 ? 1 : 0;
    const status = rnd() < 0.05 ? 'failed' : 'ok';
    lines.push(
      [
        new Date(start + i * 1000).toISOString(),
        i % 41 === 4 ? '' : endpoint,
        model,
        i % 37 === 2 ? '' : queue.toFixed(1),
        i % 43 === 9 ? '' : infer.toFixed(1),
        i % 31 === 6 ? '' : total.toFixed(1),
        i % 29 === 3 ? '' : String(label),
        i % 47 === 8 ? '' : String(pred),
        i % 53 === 1 ? '' : score.toFixed(4),
        status,
      ].join(','),
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

async function toParquet(csv: string, out: string): Promise<void> {
  const r = new DuckRunner();
  try {
    await r.query(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${out}' (FORMAT parquet)`);
  } finally {
    await r.close();
  }
}

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Linked analysis' })).id;
  dir = fs.mkdtempSync(path.join(s.dataDir, 'files-'));
});
afterEach(() => s.close());

const close = (a: number, b: number) => (Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

describe('latency profile and fairness on a linked dataset', () => {
  it('equal the imported dataset’s (exact) over CSV and Parquet, recorded with source, fingerprint and exactness', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLog(csv, 6000);
    const pq = path.join(dir, 'log.parquet');
    await toParquet(csv, pq);
    const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv }, name: 'imported' });
    const latencyIn = (datasetId: string) => ({ eventId, datasetId, stages: ['queue_ms', 'infer_ms'], total: 'total_ms', groupBy: 'endpoint' });
    const want = await s.call('analysis-latency', latencyIn(imp.datasetId!));
    const fairPred = (datasetId: string) => ({ eventId, datasetId, label: 'label', prediction: 'pred', group: 'model', gate: { metric: 'demographic_parity_difference' as const, threshold: 0.1 } });
    const fairScore = (datasetId: string) => ({ eventId, datasetId, label: 'status', posLabel: 'failed', score: 'score', threshold: 0.7, group: 'endpoint' });
    const wantPred = await s.call('analysis-fairness', fairPred(imp.datasetId!));
    const wantScore = await s.call('analysis-fairness', fairScore(imp.datasetId!));
    expect(want.linked).toBeUndefined();

    for (const [file, name] of [[csv, 'csv'], [pq, 'parquet']] as const) {
      const link = await s.call('source-link', { eventId, path: file, name });
      const got = await s.call('analysis-latency', { ...latencyIn(link.datasetId), save: true });
      expect(got.linked).toMatchObject({ kind: 'duckdb', fingerprint: link.fingerprint.value, quantileMethod: 'type7', exact: true });
      expect(got.rowCount).toBe(want.rowCount);
      // Percentiles by stage (and the total): count and type-7 p50/p90/p95/p99 equal; means up to summation order.
      const stages = (p: typeof want.profile) => [...p.stages].sort((a, b) => a.stage.localeCompare(b.stage));
      expect(stages(got.profile).map((x) => x.stage)).toEqual(stages(want.profile).map((x) => x.stage));
      stages(got.profile).forEach((x, i) => {
        const w = stages(want.profile)[i]!;
        expect(x.count).toBe(w.count);
        for (const k of ['p50', 'p90', 'p95', 'p99', 'mean', 'share'] as const) expect(close(x[k], w[k]), `${name} ${x.stage} ${k}: ${x[k]} vs ${w[k]}`).toBe(true);
      });
      for (const k of ['count', 'p50', 'p90', 'p95', 'p99', 'mean'] as const) expect(close(got.profile.total[k], want.profile.total[k])).toBe(true);
      const groups = (g: typeof want.byGroup) => [...(g ?? [])].sort((a, b) => a.group.localeCompare(b.group));
      expect(groups(got.byGroup).map((g) => g.group)).toEqual(['(blank)', '/batch', '/explain', '/score']);
      expect(groups(got.byGroup).map((g) => g.group)).toEqual(groups(want.byGroup).map((g) => g.group));
      groups(got.byGroup).forEach((g, i) => {
        const w = groups(want.byGroup)[i]!;
        expect(g.total.count).toBe(w.total.count);
        for (const k of ['p50', 'p95', 'p99', 'mean'] as const) expect(close(g.total[k], w.total[k])).toBe(true);
        expect(g.slowestStage).toBe(w.slowestStage);
      });
      expect(got.resultId).not.toBeNull();
      const kept = findLinkedResult(s.db, link.datasetId, 'latency:{"stages":["queue_ms","infer_ms"],"total":"total_ms","groupBy":"endpoint"}');
      expect(kept).toMatchObject({ fingerprint: link.fingerprint.value, quantileMethod: 'type7', exact: true });
      expect(kept!.query).toMatch(/quantile_cont/);

      // The fairness group table: every group's counts and rates, the disparities and the gate.
      for (const [input, ref] of [[fairPred, wantPred], [fairScore, wantScore]] as const) {
        const f = await s.call('analysis-fairness', input(link.datasetId));
        expect(f.linked).toMatchObject({ kind: 'duckdb', fingerprint: link.fingerprint.value });
        const byName = (r: typeof f.report) => [...r.groups].sort((a, b) => a.group.localeCompare(b.group));
        expect(byName(f.report)).toEqual(byName(ref.report));
        expect(f.report.overall).toEqual(ref.report.overall);
        expect(f.report.demographic_parity_difference).toEqual(ref.report.demographic_parity_difference);
        expect(f.report.equalized_odds_difference).toEqual(ref.report.equalized_odds_difference);
        expect(f.skipped).toBe(ref.skipped);
        expect(f.gate).toEqual(ref.gate);
      }
    }
    expect(wantPred.report.groups.map((g) => g.group).sort()).toEqual(['v1', 'v2']);
    expect(wantScore.skipped).toBeGreaterThan(0);
  }, 120_000);

  it('refuses what is not pushed down yet (bootstrap, sweep, second group, heatmap) with a clear message', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLog(csv, 500);
    const link = await s.call('source-link', { eventId, path: csv });
    const base = { eventId, datasetId: link.datasetId, label: 'label', prediction: 'pred', group: 'model' };
    await expect(s.call('analysis-fairness', { ...base, bootstrap: { resamples: 200, seed: 1 } })).rejects.toThrow(/bootstrap.*not available for a linked dataset/);
    await expect(s.call('analysis-fairness', { ...base, score: 'score', sweep: { steps: 11 } })).rejects.toThrow(/threshold sweep is not available for a linked dataset/);
    await expect(s.call('analysis-fairness', { ...base, group2: 'endpoint' })).rejects.toThrow(/second group column.*not available for a linked dataset/);
    await expect(s.call('analysis-latency', { eventId, datasetId: link.datasetId, stages: ['queue_ms'], total: 'total_ms', timestamp: 'timestamp' })).rejects.toThrow(/heatmap.*not available for a linked dataset/);
    await expect(s.call('analysis-latency', { eventId, datasetId: link.datasetId, stages: ['queue_ms'] })).rejects.toThrow(/needs a total column/);
    await expect(s.call('analysis-latency', { eventId, datasetId: link.datasetId, stages: ['nope'], total: 'total_ms' })).rejects.toThrow(/has no column "nope"/);
  }, 60_000);

  it('a file changed since linking: the re-link message, and nothing written', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLog(csv, 800);
    const pq = path.join(dir, 'log.parquet');
    await toParquet(csv, pq);
    const link = await s.call('source-link', { eventId, path: pq });
    writeLog(csv, 400, 5);
    await toParquet(csv, pq);
    await expect(s.call('analysis-latency', { eventId, datasetId: link.datasetId, stages: ['queue_ms'], total: 'total_ms', save: true })).rejects.toThrow(/changed since it was linked.*re-link/s);
    await expect(s.call('analysis-fairness', { eventId, datasetId: link.datasetId, label: 'label', prediction: 'pred', group: 'model', save: true, gate: { metric: 'demographic_parity_difference', threshold: 0.1 } })).rejects.toThrow(/changed since it was linked.*re-link/s);
    expect(await s.call('analysis-result-list', { eventId })).toEqual([]);
    expect(s.db.prepare('SELECT count(*) AS n FROM linked_results WHERE dataset_id = ?').get(link.datasetId)).toEqual({ n: 0 });
  }, 60_000);
});
