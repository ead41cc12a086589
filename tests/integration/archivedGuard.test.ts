import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, METHODS } from '../../common/contract/api';
import type { Method } from '../../common/contract/api';
import { ALLOWED_ON_ARCHIVED, READ_METHODS, UNSCOPED_WRITES, isWriteCall } from '../../common/contract/access';
import { createArchivedGuard } from '../../main/services/knowledge/guard';
import { demoPassphrase } from '../../main/services/demo/governanceLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  await s.call('event-archive', { id: eventId, reason: 'Event closed; kept for the knowledge base' });
}, 120_000);
afterAll(() => s.close());

/** The top-level input fields of a method (through defaults, optionals and refinements). */
function fieldsOf(schema: z.ZodType): string[] {
  let t: unknown = schema;
  for (let i = 0; i < 6; i++) {
    const def = (t as { def?: { type?: string; innerType?: unknown; in?: unknown; schema?: unknown; shape?: Record<string, unknown> } }).def;
    if (!def) break;
    if (def.shape) return Object.keys(def.shape);
    t = def.innerType ?? def.in ?? def.schema;
    if (!t) break;
  }
  return [];
}
const idField = (f: string) => f === 'id' || f === 'eventId' || /Ids?$/.test(f);

const refused = (m: Method, input: unknown) => {
  try {
    createArchivedGuard(s.db)(m, input);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('archived events are read-only, whatever the method', () => {
  it('every contract method is either a read, a change tied to an event, or listed as touching no event', () => {
    const untied: string[] = [];
    for (const m of METHODS) {
      if (!isWriteCall(m, { save: true }) || m in UNSCOPED_WRITES || ALLOWED_ON_ARCHIVED.has(m)) continue;
      if (!fieldsOf(api[m].input).some(idField)) untied.push(m);
    }
    // A new method that changes data must name what it changes (an id the guard can trace to its event), or be
    // listed in UNSCOPED_WRITES (common/contract/access.ts) with the reason it cannot touch an archived event.
    expect(untied).toEqual([]);
    for (const m of Object.keys(UNSCOPED_WRITES)) if (m in api) expect(fieldsOf(api[m as Method].input)).not.toContain('eventId');
    expect(READ_METHODS.has('idea-list') && !READ_METHODS.has('idea-add')).toBe(true);
  });

  it('refuses every changing method that names anything of the archived event, with the event named', () => {
    const ideaId = s.db.prepare('SELECT id FROM ideas WHERE event_id = ? LIMIT 1').pluck().get(eventId) as string;
    const walked: string[] = [];
    for (const m of METHODS) {
      if (!isWriteCall(m, { save: true }) || m in UNSCOPED_WRITES || ALLOWED_ON_ARCHIVED.has(m)) continue;
      const fields = fieldsOf(api[m].input).filter(idField);
      // Each id field alone is enough to find the event: the event's own id for eventId, an item of it otherwise.
      for (const f of fields) {
        if (f === 'copyFromId') continue;
        const value = f === 'eventId' ? eventId : f.endsWith('Ids') ? [ideaId] : ideaId;
        expect(refused(m, { save: true, [f]: value }), `${m} with ${f}`).toBe(`Event "${eventName()}" is archived; reopen it to change it.`);
      }
      walked.push(m);
    }
    expect(walked.length).toBeGreaterThan(120);
  });

  it('traces every stored id of the archived event to it, through child tables (whys nodes, model cards, ballots …)', () => {
    // The store holds only the archived demo event, so every row id in every table must be refused.
    const tables = s.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'ds\\_%' ESCAPE '\\' AND name NOT LIKE 'search\\_%' ESCAPE '\\'")
      .pluck()
      .all() as string[];
    const checked: string[] = [];
    const missed: string[] = [];
    for (const t of tables) {
      const cols = (s.db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
      if (!cols.includes('id')) continue;
      const ids = s.db.prepare(`SELECT id FROM "${t}" LIMIT 20`).pluck().all() as string[];
      for (const id of ids) if (!/is archived; reopen it to change it/.test(refused('idea-update', { id }) ?? '')) missed.push(`${t} ${id}`);
      if (ids.length > 0) checked.push(t);
    }
    expect(missed).toEqual([]);
    expect(checked).toEqual(expect.arrayContaining(['ideas', 'whys_nodes', 'fishbone_causes', 'actions', 'kpi_entries', 'vsm_stages', 'model_versions', 'model_cards', 'dataset_versions', 'runbook_versions']));
  });

  it('refuses real changes through dispatch, keeps reads working and leaves the data as it was', async () => {
    const ideas = await s.call('idea-list', { eventId });
    const idea = ideas[0]!;
    const attempts: [Method, unknown][] = [
      ['event-update', { id: eventId, patch: { name: 'Renamed' } }],
      ['idea-add', { eventId, idea: { text: 'One more idea' } }],
      ['idea-update', { id: idea.id, patch: { text: 'Changed text' } }],
      ['idea-remove', { id: idea.id }],
      ['vote-cast', { id: s.db.prepare('SELECT id FROM vote_sessions LIMIT 1').pluck().get(), voterIndex: 0, dots: {} }],
      ['round-open', { eventId, prompt: 'More ideas?' }],
      ['lesson-add', { eventId, kind: 'worked', text: 'Shadow traffic' }],
      ['action-create', { eventId, title: 'New action' }],
    ];
    for (const [m, input] of attempts) {
      const r = await s.dispatch(m, input);
      expect(r.ok, m).toBe(false);
      if (!r.ok) expect(r.error, m).toMatchObject({ code: 'CONFLICT', message: `Event "${eventName()}" is archived; reopen it to change it.` });
    }
    expect(await s.call('idea-list', { eventId })).toEqual(ideas);
    // Analyses that only compute still run; asking to save one is a change.
    expect(isWriteCall('analysis-drift', { save: false })).toBe(false);
    expect(isWriteCall('analysis-drift', { save: true })).toBe(true);
  });

  it('hides the archived event from Home, lists it under Archived, deletes it only when confirmed (logged)', async () => {
    expect((await s.call('event-list', {})).map((e) => e.id)).not.toContain(eventId);
    expect((await s.call('event-list', { archived: true })).map((e) => e.id)).toEqual([eventId]);
    const unconfirmed = await s.dispatch('event-delete', { id: eventId });
    expect(unconfirmed.ok).toBe(false);
    if (!unconfirmed.ok) expect(unconfirmed.error.message).toBe(`Event "${eventName()}" is archived; deleting it needs confirmation.`);
    await s.call('event-delete', { id: eventId, confirmArchived: true });
    const log = s.db.prepare("SELECT action, payload FROM change_log WHERE entity = 'event' AND entity_id = ? ORDER BY seq").all(eventId) as { action: string; payload: string }[];
    expect(log.map((l) => l.action)).toEqual(['archive', 'delete']);
    expect(JSON.parse(log[1]!.payload)).toMatchObject({ archived: true });
    await s.call('event-restore', { id: eventId });
    expect((await s.call('event-get', { id: eventId })).archivedAt).not.toBeNull();
  });

  it('reopens only with the facilitator’s passphrase; then changes go through again', async () => {
    const { people } = await s.call('governance-people-list', { eventId });
    const fac = await s.call('governance-facilitator-get', { eventId });
    expect(fac.memberId).not.toBeNull();
    const other = people.find((p) => p.id !== fac.memberId)!;
    const noPass = await s.dispatch('event-reopen', { id: eventId });
    expect(noPass.ok).toBe(false);
    if (!noPass.ok) expect(noPass.error.message).toContain("needs the facilitator's passphrase");
    const wrongPerson = await s.dispatch('event-reopen', { id: eventId, acting: { memberId: other.id, passphrase: demoPassphrase(other.name) } });
    expect(wrongPerson.ok).toBe(false);
    if (!wrongPerson.ok) expect(wrongPerson.error.message).toContain(`Only the event's facilitator, ${fac.name}`);
    const wrong = await s.dispatch('event-reopen', { id: eventId, acting: { memberId: fac.memberId, passphrase: 'not-it' } });
    expect(wrong.ok).toBe(false);
    expect((await s.call('event-get', { id: eventId })).archivedAt).not.toBeNull();
    const reopened = await s.call('event-reopen', { id: eventId, acting: { memberId: fac.memberId, passphrase: demoPassphrase(fac.name) } });
    expect(reopened.archivedAt).toBeNull();
    const added = await s.call('lesson-add', { eventId, kind: 'next-time', text: 'Book the GPU box before day 1' });
    expect(added.text).toBe('Book the GPU box before day 1');
    const log = s.db.prepare("SELECT action, actor FROM change_log WHERE entity = 'event' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(eventId);
    expect(log).toEqual({ action: 'reopen', actor: fac.name });
  });
});

function eventName(): string {
  return s.db.prepare('SELECT name FROM events WHERE id = ?').pluck().get(eventId) as string;
}
