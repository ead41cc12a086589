import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vsmCommand } from '../../main/cli/commands/vsm';
import { tempServices } from '../helpers/tempServices';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await vsmCommand.run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kaizen vsm', () => {
  it('lists a map filled from the demo pipeline log with its constraint, refills it at p90 and writes the SVG', async () => {
    const s = await tempServices();
    const ev = await s.call('event-create', { name: 'Retraining latency', targetArea: 'retraining-latency' });
    const log = path.resolve(__dirname, '..', '..', 'resources', 'demo', 'pipeline-runs.csv');
    const runs = (await s.call('dataset-import', { eventId: ev.id, source: { kind: 'path', path: log }, name: 'Pipeline runs' })) as { datasetId: string };
    const created = await s.call('vsm-create', { eventId: ev.id, template: 'ai-workflow' });
    for (const st of created.stages) if (st.name === 'Inference' || st.name === 'Decision output') await s.call('vsm-stage-remove', { id: st.id });
    await s.call('vsm-fill', { mapId: created.id, datasetId: runs.datasetId, percentile: 50, mapping: {} });
    s.close();
    const dd = ['--data-dir', s.dataDir];
    const list = await run(['--event', ev.id, '--json', ...dd]);
    expect(list.code).toBe(0);
    const [map] = JSON.parse(list.out) as { id: string; kind: string; constraint: { name: string } | null; leadTimeMs: number }[];
    expect(map).toMatchObject({ kind: 'current', constraint: { name: expect.any(String) } });
    const file = path.join(s.dataDir, 'map.svg');
    const one = await run(['--event', ev.id, '--map', map!.id, '--fill', runs.datasetId, '--percentile', '90', '--svg', file, ...dd]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/Constraint: .* \(largest-pt/);
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Lead time');
    const json = JSON.parse((await run(['--event', ev.id, '--map', map!.id, '--json', ...dd])).out) as { map: { stages: { filled: { pt: { percentile: number } } }[] }; metrics: { leadTimeMs: number } };
    expect(json.map.stages[0]!.filled.pt.percentile).toBe(90);
    expect(json.metrics.leadTimeMs).toBeGreaterThan(map!.leadTimeMs);
  });

  it('explains bad flags with exit 2', async () => {
    const s = await tempServices();
    const e = await s.call('event-create', { name: 'x' });
    s.close();
    const dd = ['--data-dir', s.dataDir];
    expect(await run([...dd])).toMatchObject({ code: 2, err: 'kaizen: --event is required.' });
    expect((await run(['--event', e.id, '--svg', 'a.svg', ...dd])).err).toMatch(/need --map ID/);
    expect((await run(['--event', e.id, '--map', 'nope', ...dd])).err).toMatch(/no map "nope"/);
    expect((await run(['--event', e.id, '--map', 'x', '--percentile', '120', ...dd])).err).toMatch(/from 1 to 99/);
  });
});
