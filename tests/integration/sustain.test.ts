import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../main/db/changeLog';
import { fixedClock, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let ownerId: string;
let kpiId: string;

const logOf = (entity: string) =>
  s.db.prepare('SELECT action, record_table, record_json FROM change_log WHERE entity = ? ORDER BY seq').all(entity) as { action: string; record_table: string; record_json: string | null }[];

beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-12-03T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
  ownerId = (await s.call('team-add', { eventId, member: { name: 'Priya', role: 'ml-engineer' } })).id;
  kpiId = (await s.call('kpi-create', { eventId, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } })).id;
});
afterEach(() => s.close());

describe('control plan', () => {
  it('creates, edits and removes a KPI row, each change in the hash-chained log with the row', async () => {
    const rb = await s.call('runbook-create', { eventId, kind: 'rollback' });
    const row = await s.call('control-create', {
      eventId,
      kpiId,
      fields: {
        ownerId,
        frequency: 'weekly',
        reactions: [
          { signal: { kind: 'special-cause', test: 1 }, action: 'Check the feature cache hit rate' },
          { signal: { kind: 'threshold', op: 'above', value: 450 }, action: 'Roll back to v3.1' },
        ],
        escalations: [{ incident: 'infrastructure', who: 'Platform on-call', responseHours: 0.5 }],
        runbookId: rb.runbook.id,
      },
    });
    expect(row).toMatchObject({ kpiName: 'p95 latency', kpiUnit: 'ms', ownerName: 'Priya', frequency: 'weekly', sourceKind: 'manual', runbookTitle: 'Rollback runbook' });
    expect(await s.call('control-list', { eventId })).toEqual([row]);
    expect((await s.call('runbook-list', { eventId }))[0]!.linkedKpis).toEqual(['p95 latency']);

    const edited = await s.call('control-update', { id: row.id, patch: { frequency: 'daily', reactions: [{ signal: { kind: 'drift', psiAbove: 0.2 }, action: 'Retrain on the last 30 days' }] } });
    expect(edited.frequency).toBe('daily');
    expect(edited.reactions).toEqual([{ signal: { kind: 'drift', psiAbove: 0.2 }, action: 'Retrain on the last 30 days' }]);
    expect(edited.escalations).toHaveLength(1);

    const removed = await s.call('control-remove', { id: row.id });
    expect(removed.id).toBe(row.id);
    expect(await s.call('control-list', { eventId })).toEqual([]);

    const log = logOf('control-plan');
    expect(log.map((l) => l.action)).toEqual(['create', 'update', 'remove']);
    expect(log.every((l) => l.record_table === 'control_plan_items')).toBe(true);
    expect(JSON.parse(log[1]!.record_json!)).toMatchObject({ frequency: 'daily' });
    expect(log[2]!.record_json).toBeNull();
    expect(checkChain(s.db).breaks).toEqual([]);

    // Undo of the removal: the same id and fields come back.
    const { id, eventId: _e, kpiId: _k, kpiName: _n, kpiUnit: _u, kpiSource: _s, ownerName: _o, runbookTitle: _r, position, createdAt: _c, updatedAt: _d, ...fields } = removed;
    const back = await s.call('control-create', { eventId, kpiId, id, fields, position });
    expect(back).toMatchObject({ id: row.id, frequency: 'daily', ownerName: 'Priya', runbookTitle: 'Rollback runbook' });
  });

  it('catches a control-plan row rewritten behind the app', async () => {
    const row = await s.call('control-create', { eventId, kpiId, fields: { ownerId } });
    s.db.prepare("UPDATE control_plan_items SET frequency = 'monthly' WHERE id = ?").run(row.id);
    expect(checkChain(s.db).breaks.map((b) => b.kind)).toEqual(['row-changed']);
  });

  it('refuses a second row for a KPI, a stranger as owner, a runbook of another event and a dataset source for a manual KPI', async () => {
    await s.call('control-create', { eventId, kpiId });
    await expect(s.call('control-create', { eventId, kpiId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('p95 latency') });
    const other = (await s.call('event-create', { name: 'Other' })).id;
    const stranger = (await s.call('team-add', { eventId: other, member: { name: 'Bo', role: 'participant' } })).id;
    const otherRb = await s.call('runbook-create', { eventId: other, kind: 'monitoring' });
    const [row] = await s.call('control-list', { eventId });
    await expect(s.call('control-update', { id: row!.id, patch: { ownerId: stranger } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^ownerId:/) });
    await expect(s.call('control-update', { id: row!.id, patch: { runbookId: otherRb.runbook.id } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^runbookId:/) });
    await expect(s.call('control-update', { id: row!.id, patch: { sourceKind: 'dataset' } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('entered by hand') });
    await expect(
      s.call('control-update', { id: row!.id, patch: { reactions: [{ signal: { kind: 'special-cause', test: 9 }, action: 'x' }] } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('control-update', { id: row!.id, patch: { escalations: [{ incident: 'data', who: '', responseHours: 1 }] } })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await s.call('control-list', { eventId }))[0]).toMatchObject({ ownerId: null, runbookId: null, reactions: [], escalations: [] });
  });

  it('shows a removed owner as no name without rewriting the row', async () => {
    const row = await s.call('control-create', { eventId, kpiId, fields: { ownerId } });
    await s.call('team-remove', { id: ownerId });
    expect((await s.call('control-list', { eventId }))[0]).toMatchObject({ id: row.id, ownerId, ownerName: null });
    expect(checkChain(s.db).breaks).toEqual([]);
  });
});

describe('runbooks', () => {
  it('creates from the template, saves versions, lists them newest first and diffs two of them', async () => {
    const templates = await s.call('runbook-templates', {});
    expect(templates.map((t) => t.kind)).toEqual(['monitoring', 'incident-response', 'rollback']);
    const created = await s.call('runbook-create', { eventId, kind: 'incident-response' });
    expect(created.version).toMatchObject({ version: 1, title: 'Incident response runbook', body: templates[1]!.body, note: 'Created from the template' });

    const v2 = await s.call('runbook-save', { id: created.runbook.id, baseVersion: 1, title: 'Scoring incidents', body: '# Scoring\n1. Page on-call\n2. Freeze deploys\n', note: 'our steps' });
    expect(v2).toMatchObject({ created: true, version: { version: 2, title: 'Scoring incidents', note: 'our steps', lines: 3 }, runbook: { latestVersion: 2, title: 'Scoring incidents' } });
    const v3 = await s.call('runbook-save', { id: created.runbook.id, baseVersion: 2, title: 'Scoring incidents', body: '# Scoring\r\n1. Page on-call\r\n2. Roll back\r\n3. Freeze deploys' });
    expect(v3.version.version).toBe(3);
    expect(v3.version.body).toBe('# Scoring\n1. Page on-call\n2. Roll back\n3. Freeze deploys');

    // Saving the same text again makes no version.
    const same = await s.call('runbook-save', { id: created.runbook.id, baseVersion: 3, title: 'Scoring incidents', body: v3.version.body });
    expect(same.created).toBe(false);
    expect(same.version.version).toBe(3);

    const versions = await s.call('runbook-versions', { id: created.runbook.id });
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[0]).toMatchObject({ lines: 4, author: expect.any(String) });
    expect(versions[0]).not.toHaveProperty('body');

    const diff = await s.call('runbook-diff', { id: created.runbook.id, from: 2, to: 3 });
    expect(diff.lines).toEqual([
      { kind: 'same', text: '# Scoring', oldLine: 1, newLine: 1 },
      { kind: 'same', text: '1. Page on-call', oldLine: 2, newLine: 2 },
      { kind: 'removed', text: '2. Freeze deploys', oldLine: 3, newLine: null },
      { kind: 'added', text: '2. Roll back', oldLine: null, newLine: 3 },
      { kind: 'added', text: '3. Freeze deploys', oldLine: null, newLine: 4 },
    ]);
    expect(diff).toMatchObject({ added: 2, removed: 1, from: { version: 2 }, to: { version: 3 } });
    const back = await s.call('runbook-diff', { id: created.runbook.id, from: 3, to: 2 });
    expect([back.added, back.removed]).toEqual([1, 2]);
  });

  it('restores an old version as a new one, keeping the history', async () => {
    const { runbook } = await s.call('runbook-create', { eventId, kind: 'rollback', title: 'Roll back scoring', body: 'one\n' });
    await s.call('runbook-save', { id: runbook.id, baseVersion: 1, title: 'Roll back scoring', body: 'two\n' });
    const restored = await s.call('runbook-restore', { id: runbook.id, version: 1 });
    expect(restored.version).toMatchObject({ version: 3, body: 'one\n', restoredFrom: 1, note: 'Restored version 1' });
    expect((await s.call('runbook-get', { id: runbook.id, version: 2 })).version.body).toBe('two\n');
    expect((await s.call('runbook-diff', { id: runbook.id, from: 1, to: 3 })).lines.every((l) => l.kind === 'same')).toBe(true);
    expect(logOf('runbook').map((l) => l.action)).toEqual(['create', 'save', 'restore']);
    expect(checkChain(s.db).breaks).toEqual([]);
  });

  it('refuses a save based on an older version, and unknown versions, without writing anything', async () => {
    const { runbook } = await s.call('runbook-create', { eventId, kind: 'monitoring' });
    await s.call('runbook-save', { id: runbook.id, baseVersion: 1, title: 'Mine', body: 'a' });
    await expect(s.call('runbook-save', { id: runbook.id, baseVersion: 1, title: 'Theirs', body: 'b' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Nothing was overwritten'),
    });
    await expect(s.call('runbook-diff', { id: runbook.id, from: 1, to: 7 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('version 7') });
    await expect(s.call('runbook-restore', { id: runbook.id, version: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.call('runbook-save', { id: runbook.id, baseVersion: 2, title: ' ', body: 'b' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('runbook-save', { id: runbook.id, baseVersion: 2, title: 'Big', body: 'x'.repeat(100_001) })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await s.call('runbook-versions', { id: runbook.id })).map((v) => v.version)).toEqual([2, 1]);
    expect(() => s.db.prepare('UPDATE runbook_versions SET body = ? WHERE runbook_id = ?').run('evil', runbook.id)).toThrow(/append-only/);
  });
});
