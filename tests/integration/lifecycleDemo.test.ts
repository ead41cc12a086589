import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLifecycle } from '../../common/domain/lifecycle/run';
import type { LifecycleSpec } from '../../common/domain/lifecycle/run';
import { logTable } from '../../common/domain/lifecycle/table';
import { traceTable } from '../../common/domain/lifecycle/trace';
import { readTableFile } from '../../main/importers/readTableFile';
import { DEMO_RUNS, LIFECYCLE_DEMO_DATASETS } from '../../main/services/demo/lifecycle';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

const demoDir = path.join(__dirname, '../../resources/demo');
const fileOf: Record<string, string> = {
  ...Object.fromEntries(LIFECYCLE_DEMO_DATASETS.map((d) => [d.name, path.join(demoDir, 'lifecycle', d.file)])),
  'Inference log': path.join(demoDir, 'inference-log.csv'),
  'Pipeline runs': path.join(demoDir, 'pipeline-runs.csv'),
};
const read = async (name: string) => {
  const file = fileOf[name]!;
  if (file.endsWith('.json')) return traceTable(name, JSON.parse(fs.readFileSync(file, 'utf8')));
  const t = await readTableFile(file);
  return logTable(t.fileName, t.columns);
};

let s: TestServices;
let eventId: string;
beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
}, 120_000);
afterAll(() => s.close());

describe('the demo event’s lifecycle logs', () => {
  it('has a saved result for each analysis its logs support, early stopping and quantization pinned', async () => {
    const list = await s.call('lifecycle-result-list', { eventId });
    expect(list.map((r) => r.kind).sort()).toEqual(['batch-schedule', 'cold-start', 'early-stopping', 'gpu', 'load-types', 'quantization', 'search', 'threshold', 'trace']);
    expect(list.filter((r) => r.pinned).map((r) => r.kind).sort()).toEqual(['early-stopping', 'quantization']);
  });

  it('each stored result is what the CLI computes from the sample file itself', async () => {
    const list = await s.call('lifecycle-result-list', { eventId });
    for (const run of DEMO_RUNS) {
      const stored = list.find((r) => r.kind === run.spec.kind)!;
      const direct = runLifecycle(run.spec as LifecycleSpec, { main: await read(run.dataset), second: run.second ? await read(run.second) : undefined });
      expect(stored.result, run.spec.kind).toEqual(JSON.parse(JSON.stringify(direct)));
    }
  });

  it('tells the story the demo is for', async () => {
    const list = await s.call('lifecycle-result-list', { eventId });
    const of = <T>(kind: string) => list.find((r) => r.kind === kind)!.result as T;
    // Quantization: accuracy exactly as generated (round(acc · 150) correct of 150): fp32 0.941 → 141 = 0.94,
    // fp16 0.94 → 141, int8 0.921 → 138 = 0.92, int8-qat 0.936 → 140 = 0.9333….
    const q = of<{ variants: { variant: string; accuracy: number; sizeMb: number }[] }>('quantization');
    expect(Object.fromEntries(q.variants.map((v) => [v.variant, [v.sizeMb, v.accuracy]]))).toEqual({ fp32: [412, 0.94], fp16: [206, 0.94], int8: [104, 0.92], 'int8-qat': [104, 0.933333333333] });
    // Every retraining run over-fits, so early stopping saves GPU hours in each.
    const es = of<{ runs: { triggered: boolean }[]; totalGpuHoursSaved: number }>('early-stopping');
    expect(es.runs.every((r) => r.triggered)).toBe(true);
    expect(es.totalGpuHoursSaved).toBeGreaterThan(0);
    // Incremental loads: 9 full reloads in four weeks.
    expect(of<{ switch: { runs: number } }>('load-types').switch.runs).toBe(9);
    // The readiness checklist has a GPU item for the pool the GPU tab measures (capacity 16 in the saved run).
    const checklist = await s.call('checklist-list', { eventId });
    expect(checklist.filter((c) => /GPU quota/.test(c.title)).map((c) => c.status)).toEqual(['in-progress']);
    expect(of<{ capacity: number }>('gpu').capacity).toBe(16);
  });

  it('the report shows the pinned results with their numbers, and says no DVC outputs are registered yet', async () => {
    const out = tempDir('kaizen-lc-report-');
    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r.html'), sections: ['lifecycle'] })).files[0]!.path, 'utf8');
    const es = (await s.call('lifecycle-result-list', { eventId, pinnedOnly: true })).find((r) => r.kind === 'early-stopping')!;
    const saved = (es.result as { totalGpuHoursSaved: number }).totalGpuHoursSaved;
    expect(html).toContain('Lifecycle analytics');
    expect(html).toContain('GPU hours saved by early stopping');
    expect(html).toContain(`${Number(saved.toPrecision(4))} GPU h`);
    expect(html).toContain('Fastest efficient variant p95');
    expect(html).toContain('No DVC outputs registered');
    fs.rmSync(out, { recursive: true, force: true });
  });
});
