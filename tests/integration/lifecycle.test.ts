import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
const dir = tempDir('kaizen-lifecycle-');
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
const epochsCsv = ['run_id,epoch,val_loss,gpu_h', ...[1.0, 0.8, 0.7, 0.71, 0.69, 0.72, 0.73, 0.6].map((m, i) => `a,${i + 1},${m},0.5`), ...[0.9, 0.85, 0.84, 0.83].map((m, i) => `b,${i + 1},${m},0.5`)].join('\n') + '\n';
let epochsId: string;

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Lifecycle' })).id;
  epochsId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: write('epochs.csv', epochsCsv) }, name: 'Training epochs' })).datasetId!;
});
afterAll(() => {
  s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lifecycle-run on an imported dataset', () => {
  it('gives the same numbers as the CLI, and a saved result can be pinned and deleted', async () => {
    const spec = { kind: 'early-stopping', run: 'run_id', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 2, gpuHoursPerEpoch: 'gpu_h' };
    const r = await s.call('lifecycle-run', { eventId, datasetId: epochsId, spec, save: true });
    // Worked in common/domain/lifecycle/earlyStopping.test.ts: run a stops at epoch 7, saving 1 epoch = 0.5 GPU h.
    expect(r.headline).toEqual({ label: 'GPU hours saved by early stopping', value: 0.5, unit: 'GPU h', direction: 'up' });
    expect(r.summary[0]).toBe('Patience 2, min-delta 0 (min): 1 of 2 runs would stop early; GPU hours saved 0.5 of 6.');
    const cli = JSON.parse((await runKaizen('lifecycle', 'early-stopping', '--input', path.join(dir, 'epochs.csv'), '--run', 'run_id', '--epoch', 'epoch', '--metric', 'val_loss', '--mode', 'min', '--patience', '2', '--gpu-hours-per-epoch', 'gpu_h', '--json')).out);
    expect(r.result).toEqual(cli);
    expect(r.resultId).not.toBeNull();
    const listed = await s.call('lifecycle-result-list', { eventId });
    expect(listed.map((x) => [x.kind, x.title, x.pinned])).toEqual([['early-stopping', 'GPU hours saved by early stopping — Training epochs', false]]);
    expect(listed[0]!.params).toMatchObject({ spec, datasetId: epochsId, version: 1 });
    await s.call('lifecycle-result-pin', { id: r.resultId, pinned: true });
    expect((await s.call('lifecycle-result-list', { eventId, pinnedOnly: true })).map((x) => x.id)).toEqual([r.resultId]);
    await s.call('lifecycle-result-delete', { id: r.resultId });
    expect(await s.call('lifecycle-result-list', { eventId })).toEqual([]);
  });

  it('bad input names the dataset and column; a second log is asked for', async () => {
    await expect(s.call('lifecycle-run', { eventId, datasetId: epochsId, spec: { kind: 'early-stopping', run: 'run', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 2 } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Dataset "Training epochs" has no column "run" (columns: run_id, epoch, val_loss, gpu_h).',
    });
    await expect(s.call('lifecycle-run', { eventId, datasetId: epochsId, spec: { kind: 'search', strategy: 'run_id', trial: 'epoch', metric: 'val_loss', mode: 'max', targetShare: 2 } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('lifecycle-run', { eventId, datasetId: epochsId, spec: { kind: 'batch-schedule', start: 'epoch', end: 'epoch', traffic: 'epoch', everyHours: 24 } })).rejects.toMatchObject({ code: 'VALIDATION', message: 'Choose the traffic log (a dataset with request times).' });
  });
});

describe('DVC lineage', () => {
  it('registers dvc.lock outputs and links the imported file with the same bytes', async () => {
    const prepared = 'id,amount\n1,10\n2,20\n';
    const md5 = crypto.createHash('md5').update(prepared).digest('hex');
    write('repo/data/prepared.csv', prepared);
    fs.mkdirSync(path.join(dir, 'repo/.dvc/cache/files/md5'), { recursive: true });
    // The model is not in the workspace; its bytes are in the DVC 3 cache under its md5.
    const model = 'weights';
    const modelMd5 = crypto.createHash('md5').update(model).digest('hex');
    write(`repo/.dvc/cache/files/md5/${modelMd5.slice(0, 2)}/${modelMd5.slice(2)}`, model);
    const lock = write(
      'repo/dvc.lock',
      `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n    - path: data/raw.csv\n      md5: 0123456789abcdef0123456789abcdef\n    outs:\n    - path: data/prepared.csv\n      hash: md5\n      md5: ${md5}\n      size: ${prepared.length}\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${modelMd5}\n      size: 7\n    - path: stale.csv\n      md5: ffffffffffffffffffffffffffffffff\n`,
    );
    write('repo/stale.csv', 'changed since\n');
    const ds = await s.call('dataset-import', { eventId, source: { kind: 'path', path: path.join(dir, 'repo/data/prepared.csv') }, name: 'Prepared' });
    const r = await s.call('dvc-register', { eventId, path: lock });
    expect(r.registered).toBe(3);
    const byPath = Object.fromEntries(r.outputs.map((o) => [o.path, o]));
    expect(byPath['data/prepared.csv']).toMatchObject({ stage: 'prepare', md5, size: prepared.length, sourceFile: 'dvc.lock' });
    expect(byPath['data/prepared.csv']!.linked).toEqual([{ versionId: expect.any(String), datasetId: ds.datasetId, datasetName: 'Prepared', version: 1, fileName: 'prepared.csv' }]);
    expect(byPath['model.pkl']!.sha256).toBe(crypto.createHash('sha256').update(model).digest('hex'));
    expect(byPath['stale.csv']!.sha256).toBeNull();
    expect(r.warnings).toEqual(['stale.csv: the file differs from the md5 in dvc.lock (changed since DVC recorded it); not linked.']);
    // Registering again adds nothing; the CLI prints the same list.
    const again = await runKaizen('dvc', '--data-dir', s.dataDir, '--event', eventId, lock, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).outputs).toHaveLength(3);
    expect(await s.call('dvc-list', { eventId })).toHaveLength(3);
  });

  it('a .dvc file, and files that are not DVC files', async () => {
    const data = 'x\n1\n';
    const p = write('single/data.csv.dvc', `outs:\n- md5: ${crypto.createHash('md5').update(data).digest('hex')}\n  size: 4\n  hash: md5\n  path: data.csv\n`);
    write('single/data.csv', data);
    const r = await s.call('dvc-register', { eventId, path: p });
    expect(r.outputs.find((o) => o.path === 'data.csv')).toMatchObject({ stage: null, sourceFile: 'data.csv.dvc' });
    await expect(s.call('dvc-register', { eventId, path: write('bad.yaml', 'name: x\n') })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'bad.yaml: expected a dvc.lock (stages:) or a .dvc file (outs:); found keys name.' });
    await expect(s.call('dvc-register', { eventId, path: write('nomd5.dvc', 'outs:\n- path: a.csv\n') })).rejects.toMatchObject({ message: expect.stringContaining('nomd5.dvc: output "a.csv" has no md5') });
    await expect(s.call('dvc-register', { eventId, path: write('broken.lock', 'stages: [\n') })).rejects.toMatchObject({ message: expect.stringContaining('broken.lock: not valid YAML') });
  });
});
