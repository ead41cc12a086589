import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * The ops area through dispatch on a real store: what-ifs over an imported gateway log give the CLI's figures, the
 * SLA register computes compliance from a dataset, the checklist diffs request samples, the FMEA sorts by RPN and
 * turns a recommendation into an action; SLA and FMEA changes are in the hash-chained log; archived events refuse edits.
 */
const open: TestServices[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
async function store() {
  const s = await tempServices();
  open.push(s);
  const e = await s.call('event-create', { name: 'Ops event' });
  return { s, eventId: e.id };
}
const dir = tempDir('kaizen-ops-');
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const ROWS: [number, string, string, string, number][] = [
  [0.0, 'A', '/score', '200', 50], [0.1, 'A', '/score', '503', 30], [0.2, 'A', '/score', '503', 30], [0.3, 'A', '/score', '200', 60],
  [0.4, 'A', '/score', '200', 60], [1.5, 'A', '/score', '500', 40], [2.0, 'A', '/score', '504', 40], [2.1, 'A', '/score', '503', 40],
  [2.2, 'A', '/score', '200', 70], [5.0, 'A', '/score', '200', 1200], [5.1, 'A', '/score', '503', 30], [5.2, 'A', '/score', 'timeout', 2000],
  [0.5, 'B', '/features', '200', 20], [1.5, 'B', '/features', '200', 20], [2.5, 'B', '/features', '502', 20], [3.5, 'B', '/features', '200', 20],
  [4.5, 'B', '/features', '404', 20], [5.5, 'B', '/features', '200', 20], [6.5, 'B', '/features', '200', 20], [7.5, 'B', '/features', '200', 20],
];
const file = path.join(dir, 'gateway.csv');
fs.writeFileSync(file, ['ts,client,endpoint,status,latency_ms,upstream', ...ROWS.map((r) => `${new Date(T0 + Math.round(r[0] * 1000)).toISOString()},${r[1]},${r[2]},${r[3]},${r[4]},${r[3] === '200' || r[3] === '404' ? '' : r[2] === '/score' ? 'model' : 'feature-store'}`)].join('\n') + '\n');

async function importLog(s: TestServices, eventId: string) {
  const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Gateway log' });
  expect(r.status).toBe('imported');
  return { id: r.datasetId! };
}

describe('ops what-ifs over a dataset', () => {
  it('rate-limit and retry give the hand-computed figures of the 20-request log', async () => {
    const { s, eventId } = await store();
    const ds = await importLog(s, eventId);
    const rl = await s.call('ops-rate-limit', { datasetId: ds.id, time: 'ts', client: 'client', rate: 1, burst: 2 });
    expect([rl.requests, rl.rejected, rl.rejectedShare]).toEqual([20, 6, 0.3]);
    const rt = await s.call('ops-retry', { datasetId: ds.id, time: 'ts', endpoint: 'endpoint', status: 'status', maxRetries: 3, baseMs: 100, multiplier: 2 });
    expect([rt.failures, rt.recoverable, rt.recoveredShare, rt.extraRequests, rt.addedLatencyMs.p50]).toEqual([8, 5, 0.625, 18, 300]);
    const gw = await s.call('ops-gateway', { datasetId: ds.id, time: 'ts', client: 'client', endpoint: 'endpoint', status: 'status', latency: 'latency_ms' });
    expect(gw.errorRate).toBe(0.4);
    await expect(s.call('ops-retry', { datasetId: ds.id, time: 'ts', endpoint: 'path', status: 'status', maxRetries: 3, baseMs: 100, multiplier: 2 })).rejects.toThrow(/Dataset "Gateway log" has no column "path" \(columns: ts, client, endpoint/);
    await expect(s.call('ops-rate-limit', { datasetId: ds.id, time: 'ts', client: 'client', rate: 0, burst: 2 })).rejects.toThrow(/rate must be above 0/);
  });
});

describe('SLA register', () => {
  it('computes compliance and breach minutes from its dataset; changes are chained; undo re-adds at the same place', async () => {
    const { s, eventId } = await store();
    const ds = await importLog(s, eventId);
    const sla = await s.call('ops-sla-add', {
      eventId,
      entry: { subjectKind: 'endpoint', subject: '/score', metric: 'availability', target: 0.99, window: 'day', signed: true, source: { datasetId: ds.id, time: 'ts', status: 'status', cause: 'upstream', match: { column: 'endpoint', value: '/score' } } },
    });
    // /score: 5 successes, 7 failures that day → 5/12, missed; one breach minute, blamed on "model" (7 failures).
    expect(sla.status?.windows).toEqual([{ start: '2026-03-02', value: 5 / 12, met: false, requests: 12 }]);
    expect(sla.status?.compliance).toBe(0);
    expect(sla.status?.breaches?.pareto).toEqual([{ cause: 'model', minutes: 1, share: 1, cumulativeShare: 1 }]);
    const second = await s.call('ops-sla-add', { eventId, entry: { subjectKind: 'provider', subject: 'Feature store', metric: 'p95', target: 150, unit: 'ms', window: 'week' } });
    expect(second.status).toBeNull();
    await expect(s.call('ops-sla-add', { eventId, entry: { subjectKind: 'provider', subject: 'X', metric: 'availability', target: 99.9, window: 'day' } })).rejects.toThrow('target: an availability target is a share from 0 to 1, e.g. 0.999 for 99.9 % (got 99.9).');
    const updated = await s.call('ops-sla-update', { id: sla.id, patch: { target: 0.4 } });
    expect(updated.status?.windows[0]?.met).toBe(true);
    const removed = await s.call('ops-sla-remove', { id: sla.id });
    const { id, eventId: _e, position, createdAt: _c, updatedAt: _u, status: _s, error: _r, ...entry } = removed;
    await s.call('ops-sla-add', { eventId, id, entry, position });
    expect((await s.call('ops-sla-list', { eventId })).map((x) => x.subject)).toEqual(['/score', 'Feature store']);
    const log = await s.call('governance-log-list', { eventId });
    expect(log.filter((l) => l.area === 'sla').map((l) => l.action)).toEqual(expect.arrayContaining(['create', 'update', 'remove']));
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  });
});

describe('integration checklist', () => {
  it('shows the schema diff of two request samples and says which sample is not JSON', async () => {
    const { s, eventId } = await store();
    const item = await s.call('ops-checklist-add', { eventId, item: { title: 'Formats agreed', owner: 'Priya', evidence: [{ label: 'API spec', url: 'https://wiki.example/score-v2' }], sampleBefore: '{"amount": 1, "currency": "EUR"}', sampleAfter: '{"amount": "1.00"}' } });
    expect(item.diff).toEqual([
      { path: 'amount', change: 'changed-type', before: 'number', after: 'string' },
      { path: 'currency', change: 'removed', before: 'string', after: null },
    ]);
    const broken = await s.call('ops-checklist-update', { id: item.id, patch: { sampleAfter: '{"amount": ' } });
    expect(broken.diff).toBeNull();
    expect(broken.diffError).toMatch(/^The second sample is not valid JSON/);
    expect(broken.owner).toBe('Priya');
    await expect(s.call('ops-checklist-update', { id: item.id, patch: { evidence: [{ label: 'x', url: 'file:///etc/passwd' }] } })).rejects.toThrow(/must start with http:\/\/, https:\/\/ or kaizen:/);
    await expect(s.call('ops-schema-diff', { before: '[1', after: '{}' })).rejects.toThrow(/The first sample is not valid JSON/);
  });
});

describe('FMEA', () => {
  it('adds rows from the AI template, sorts by RPN, turns a recommendation into an action, re-scores', async () => {
    const { s, eventId } = await store();
    const templates = await s.call('ops-fmea-templates', {});
    expect(templates).toHaveLength(6);
    for (const t of templates) await s.call('ops-fmea-add', { eventId, row: t });
    let rows = await s.call('ops-fmea-list', { eventId });
    // Template RPNs: drift 252, outage 96, timeout 160, lag 210, deploy 135, label delay 240.
    expect(rows.map((r) => [r.failureMode, r.rpn])).toEqual([['Data drift', 252], ['Label delay', 240], ['Feature store lag', 210], ['Model timeout', 160], ['Bad deploy', 135], ['Upstream outage', 96]]);
    const timeout = rows.find((r) => r.failureMode === 'Model timeout')!;
    await expect(s.call('ops-fmea-update', { id: timeout.id, patch: { scores: { severity: 11, occurrence: 5, detection: 4 } } })).rejects.toThrow(/scores run from 1 to 10/);
    const { row, actionId } = await s.call('ops-fmea-action', { id: timeout.id });
    expect(row.action).toEqual({ id: actionId, title: 'Timeout budget per stage and a p95 latency SLA', status: 'planned' });
    const actions = await s.call('action-list', { eventId });
    expect(actions.find((a) => a.id === actionId)?.description).toMatch(/From the FMEA: failure mode "Model timeout" \(RPN 160 = S 8 × O 5 × D 4\)/);
    await expect(s.call('ops-fmea-action', { id: timeout.id })).rejects.toThrow(/already has its action/);
    // Re-scored after the action: occurrence 2, detection 2 → 32, now last.
    await s.call('ops-fmea-update', { id: timeout.id, patch: { rescored: { severity: 8, occurrence: 2, detection: 2 } } });
    rows = await s.call('ops-fmea-list', { eventId });
    expect(rows.at(-1)).toMatchObject({ failureMode: 'Model timeout', rpn: 160, rescoredRpn: 32 });
    // Undo of "make it an action" removes the action; the link clears itself and redo restores it with the same id.
    await s.call('action-remove', { id: actionId });
    expect((await s.call('ops-fmea-list', { eventId })).find((r) => r.id === timeout.id)?.action).toBeNull();
    const redo = await s.call('ops-fmea-action', { id: timeout.id, actionId });
    expect(redo.actionId).toBe(actionId);
    const noRec = await s.call('ops-fmea-add', { eventId, row: { failureMode: 'Cache stampede', scores: { severity: 3, occurrence: 3, detection: 3 } } });
    await expect(s.call('ops-fmea-action', { id: noRec.id })).rejects.toThrow('"Cache stampede" has no recommended action yet; write one first.');
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  });
  it('an archived event refuses FMEA, SLA and checklist edits but still lists them', async () => {
    const { s, eventId } = await store();
    const f = await s.call('ops-fmea-add', { eventId, row: { failureMode: 'Data drift', scores: { severity: 7, occurrence: 6, detection: 6 } } });
    await s.call('event-archive', { id: eventId });
    await expect(s.call('ops-fmea-update', { id: f.id, patch: { effect: 'x' } })).rejects.toThrow(/archived/i);
    await expect(s.call('ops-checklist-add', { eventId, item: { title: 'Rate limits' } })).rejects.toThrow(/archived/i);
    expect(await s.call('ops-fmea-list', { eventId })).toHaveLength(1);
  });
});
