import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import type { VsmMetrics } from '../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../common/domain/vsm/renderSvg';

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency event' })).id;
});
afterEach(() => s.close());

const H = { unit: 'h' as const };

describe('value-stream maps', () => {
  it('builds the current state from the AI workflow template with 9 stages and supplier/customer', async () => {
    const map = await s.call('vsm-create', { eventId });
    expect(map.kind).toBe('current');
    expect(map.stages.map((x) => x.name)).toEqual(['Data ingestion', 'Validation', 'Feature engineering', 'Training', 'Evaluation', 'Approval / registry', 'Deployment', 'Inference', 'Decision output']);
    expect(map.externals.map((e) => e.kind)).toEqual(['supplier', 'customer']);
    expect(await s.call('vsm-list', { eventId })).toMatchObject([{ id: map.id, kind: 'current', stageCount: 9 }]);
  });

  it('offers the three target-area templates', async () => {
    for (const template of ['retraining-latency', 'inference-latency', 'data-pipeline'] as const) {
      const e = (await s.call('event-create', { name: template })).id;
      const m = await s.call('vsm-create', { eventId: e, template });
      expect(m.stages.length).toBeGreaterThanOrEqual(7);
    }
  });

  it('refuses a second current state with a message that says what to do', async () => {
    await s.call('vsm-create', { eventId });
    await expect(s.call('vsm-create', { eventId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/future state/) });
  });

  it('computes live metrics after edits and copies the map into a future state with deltas-ready metrics', async () => {
    const cur = await s.call('vsm-create', { eventId, template: 'blank' });
    const a = await s.call('vsm-stage-add', { mapId: cur.id, stage: { name: 'Train', pt: { value: 2, ...H }, wt: { value: 6, ...H }, ca: 80 } });
    const b = await s.call('vsm-stage-add', { mapId: cur.id, stage: { name: 'Deploy', pt: { value: 30, unit: 'min' }, wt: { value: 1, unit: 'd' }, reworkToId: a.id, reworkShare: 0.5 } });
    await s.call('vsm-burst-add', { mapId: cur.id, stageId: b.id, title: 'Automate approval' });
    const got = await s.call('vsm-get', { mapId: cur.id });
    const m = got.metrics as VsmMetrics;
    // (6 + 2) × 2 + (24 + 0.5) × 2 = 65 h
    expect(m.leadTimeMs).toBe(65 * 3_600_000);
    expect(m.constraint).toMatchObject({ name: 'Train', criterion: 'largest-pt' });

    const fut = await s.call('vsm-create', { eventId, copyFromId: cur.id });
    expect(fut).toMatchObject({ kind: 'future', basedOnId: cur.id, name: 'Future state 1' });
    expect(fut.stages.map((x) => x.name)).toEqual(['Train', 'Deploy']);
    expect(fut.stages[0]!.id).not.toBe(a.id);
    expect(fut.stages[1]!.reworkToId).toBe(fut.stages[0]!.id);
    expect(fut.bursts[0]).toMatchObject({ title: 'Automate approval', stageId: fut.stages[1]!.id });
    await s.call('vsm-stage-update', { id: fut.stages[1]!.id, patch: { wt: { value: 1, ...H }, reworkShare: 0 } });
    const fm = (await s.call('vsm-get', { mapId: fut.id })).metrics as VsmMetrics;
    expect(fm.leadTimeMs).toBe((8 + 1.5) * 3_600_000);
    // the current state is untouched
    expect(((await s.call('vsm-get', { mapId: cur.id })).metrics as VsmMetrics).leadTimeMs).toBe(65 * 3_600_000);
  });

  it('reorders, removes and restores stages (the undo path) and clears loops to a removed stage', async () => {
    const map = await s.call('vsm-create', { eventId });
    const [first, second, third] = map.stages;
    const moved = await s.call('vsm-stage-move', { id: first!.id, toIndex: 2 });
    expect(moved.map((x) => x.name).slice(0, 3)).toEqual(['Validation', 'Feature engineering', 'Data ingestion']);
    await s.call('vsm-stage-update', { id: third!.id, patch: { reworkToId: second!.id, reworkShare: 0.1 } });
    const burst = await s.call('vsm-burst-add', { mapId: map.id, stageId: second!.id, title: 'Automate checks' });
    const removed = await s.call('vsm-stage-remove', { id: second!.id });
    expect(removed.index).toBe(0);
    expect((await s.call('vsm-get', { mapId: map.id })).map.stages.find((x) => x.id === third!.id)!.reworkToId).toBeNull();
    expect(removed.clearedLoops).toEqual([{ id: third!.id, reworkShare: 0.1 }]);
    expect(removed.unpinnedBursts).toEqual([burst.id]);
    expect((await s.call('vsm-get', { mapId: map.id })).map.bursts[0]!.stageId).toBeNull();
    const { id, mapId: _m, position: _p, index, clearedLoops: _c, unpinnedBursts: _u, ...fields } = removed;
    await s.call('vsm-stage-add', { mapId: map.id, id, index, stage: fields });
    expect((await s.call('vsm-get', { mapId: map.id })).map.stages[0]!.name).toBe('Validation');
  });

  it('removes a whole map and restores it from its snapshot with the same ids', async () => {
    const map = await s.call('vsm-create', { eventId });
    await s.call('vsm-burst-add', { mapId: map.id, stageId: map.stages[3]!.id, title: 'Cache features' });
    const gone = await s.call('vsm-remove', { mapId: map.id });
    await expect(s.call('vsm-get', { mapId: map.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const back = await s.call('vsm-create', { eventId, snapshot: gone });
    expect(back.stages.map((x) => x.id)).toEqual(gone.stages.map((x) => x.id));
    expect(back.bursts[0]!.id).toBe(gone.bursts[0]!.id);
  });

  it('validates input and names the field', async () => {
    const map = await s.call('vsm-create', { eventId });
    const id = map.stages[0]!.id;
    await expect(s.call('vsm-stage-update', { id, patch: { ca: 140 } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('vsm-stage-update', { id, patch: { pt: { value: 3, unit: 'weeks' } } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('vsm-stage-update', { id, patch: { ownerId: 'nobody' } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/ownerId/) });
    await expect(s.call('vsm-stage-update', { id, patch: { reworkToId: 'x' } })).rejects.toMatchObject({ message: expect.stringMatching(/reworkToId/) });
    await expect(s.call('vsm-stage-add', { mapId: map.id, stage: { name: '  ' } })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await s.call('vsm-get', { mapId: map.id })).map.stages).toHaveLength(9);
  });

  it('accepts a team member as owner and takt inputs on the map', async () => {
    const map = await s.call('vsm-create', { eventId });
    const member = await s.call('team-add', { eventId, member: { name: 'Aisha' } });
    const st = await s.call('vsm-stage-update', { id: map.stages[0]!.id, patch: { ownerId: member.id, pt: { value: 3, ...H } } });
    expect(st.ownerId).toBe(member.id);
    await s.call('vsm-update', { mapId: map.id, patch: { demand: 4, availableTime: { value: 8, ...H } } });
    const m = (await s.call('vsm-get', { mapId: map.id })).metrics as VsmMetrics;
    expect(m.taktMs).toBe(2 * 3_600_000);
    expect(m.constraint).toMatchObject({ name: 'Data ingestion', criterion: 'above-takt' });
  });

  it('keeps suppliers and customers with SLAs and draws them in the exported SVG', async () => {
    const map = await s.call('vsm-create', { eventId });
    const externals = [
      { id: 'x1', kind: 'supplier', name: 'Card network feed', sla: 'data by 06:00' },
      { id: 'x2', kind: 'customer', name: 'Fraud decision API', sla: 'p95 < 150 ms' },
    ];
    const updated = await s.call('vsm-update', { mapId: map.id, patch: { externals } });
    expect(updated.externals).toEqual(externals);
    await expect(s.call('vsm-update', { mapId: map.id, patch: { externals: [externals[0], externals[0]] } })).rejects.toMatchObject({ code: 'VALIDATION' });
    const { map: got, metrics } = await s.call('vsm-get', { mapId: map.id });
    const svg = renderVsmSvg(got, metrics as VsmMetrics);
    expect(svg).toContain('▷ Supplier: Card network feed — SLA data by 06:00');
    expect(svg).toContain('Customer ▷: Fraud decision API — SLA p95 &lt; 150 ms');
  });
});
