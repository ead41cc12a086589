import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { runKaizen } from '../helpers/cli';

let s: TestServices;
let demoId: string;

beforeAll(async () => {
  s = await tempServices();
  demoId = (await s.call('demo-create', {})).id;
}, 120_000);
afterAll(() => s.close());

const plain = (parts: { text: string; hit: boolean }[]) => parts.map((p) => p.text).join('');
const hits = (parts: { text: string; hit: boolean }[]) => parts.filter((p) => p.hit).map((p) => p.text.toLowerCase());

describe('search across events (FTS5)', () => {
  it('finds the demo’s root causes, actions and decisions by word prefix, best match first, with the match marked', async () => {
    const r = await s.call('knowledge-search', { query: 'batch' });
    expect(r.query).toBe('"batch"*');
    const kinds = r.results.map((x) => x.kind);
    expect(kinds).toContain('action');
    const action = r.results.find((x) => x.kind === 'action')!;
    expect(action).toMatchObject({ eventId: demoId, section: 'actions', title: 'Restore batched feature reads in the v3 client', eventArchived: false });
    expect(hits(action.snippet).some((h) => h.startsWith('batch'))).toBe(true);
    // bm25: ascending scores (lower is better), the title-weighted action first.
    const scores = r.results.map((x) => x.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    const rationale = await s.call('knowledge-search', { query: 'two thirds budget' });
    expect(rationale.results[0]).toMatchObject({ kind: 'decision', section: 'decisions' });
  });

  it('keeps the index current: an edited idea is found by its new text and no longer by the old', async () => {
    const idea = (await s.call('idea-list', { eventId: demoId }))[0]!;
    const before = await s.call('knowledge-search', { query: 'zeppelin' });
    expect(before.total).toBe(0);
    await s.call('idea-update', { id: idea.id, patch: { text: 'Pre-warm the zeppelin cache before the morning peak' } });
    const after = await s.call('knowledge-search', { query: 'zeppel' });
    expect(after.results.map((x) => [x.kind, x.itemId])).toEqual([['idea', idea.id]]);
    expect(plain(after.results[0]!.snippet)).toContain('Pre-warm the zeppelin cache');
    expect(hits(after.results[0]!.snippet)).toEqual(['zeppelin']);
    const old = idea.text.split(/\s+/).find((w) => w.length > 6 && /^[A-Za-z]+$/.test(w));
    if (old) expect((await s.call('knowledge-search', { query: old })).results.map((x) => x.itemId)).not.toContain(idea.id);
  });

  it('treats FTS5 syntax typed by the user as words, and refuses a query with no words with a clear message', async () => {
    for (const q of ['"unbalanced', 'cache AND (', 'NEAR(cache', 'title:cache', '*', 'feature-store ^cache', 'AND OR NOT']) {
      const r = await s.dispatch('knowledge-search', { query: q });
      if (!r.ok) expect(r.error.code, q).toBe('BAD_INPUT');
    }
    const r = await s.dispatch('knowledge-search', { query: '"() * ^' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_INPUT', message: 'Search needs a word or a number; ""() * ^" has none.' });
    expect((await s.call('knowledge-search', { query: 'cache AND (' })).total).toBeGreaterThan(0);
  });

  it('covers every event: archived ones are found and flagged; deleted ones are left out', async () => {
    const other = await s.call('event-create', { name: 'Retraining kaizen', problemStatement: 'Nightly retraining overruns its window by three hours' });
    expect((await s.call('knowledge-search', { query: 'overrun' })).results.map((x) => x.eventId)).toEqual([other.id]);
    await s.call('event-archive', { id: other.id });
    const archived = await s.call('knowledge-search', { query: 'overrun' });
    expect(archived.results[0]).toMatchObject({ kind: 'charter', eventId: other.id, eventArchived: true, section: 'charter', title: 'Retraining kaizen' });
    await s.call('event-delete', { id: other.id, confirmArchived: true });
    expect((await s.call('knowledge-search', { query: 'overrun' })).total).toBe(0);
  });

  it('lessons learned: add, edit, remove (undo adds it back), listed by kind and searchable', async () => {
    const a = await s.call('lesson-add', { eventId: demoId, kind: 'worked', text: 'Shadow traffic caught the regression before users did' });
    const b = await s.call('lesson-add', { eventId: demoId, kind: 'next-time', text: 'Book the load-test cluster a week ahead' });
    expect((await s.call('lesson-list', { eventId: demoId })).map((l) => [l.kind, l.position])).toEqual([['next-time', 0], ['worked', 0]]);
    expect((await s.call('knowledge-search', { query: 'shadow regression' })).results[0]).toMatchObject({ kind: 'lesson', itemId: a.id, title: 'What worked', section: 'lessons' });
    await s.call('lesson-update', { id: b.id, patch: { text: 'Book the soak-test cluster a week ahead' } });
    expect((await s.call('knowledge-search', { query: 'soak' })).results.map((x) => x.itemId)).toEqual([b.id]);
    const removed = await s.call('lesson-remove', { id: b.id });
    expect((await s.call('knowledge-search', { query: 'soak' })).total).toBe(0);
    await s.call('lesson-add', { eventId: demoId, id: removed.id, kind: removed.kind, text: removed.text, position: removed.position });
    expect((await s.call('lesson-list', { eventId: demoId })).map((l) => l.id).sort()).toEqual([a.id, b.id].sort());
    expect((await s.call('report-sections', { eventId: demoId })).available.map((x) => x.id)).toContain('lessons');
    const empty = await s.dispatch('lesson-add', { eventId: demoId, kind: 'worked', text: '  ' });
    expect(empty.ok).toBe(false);
    // In the event report, escaped like every other text.
    await s.call('lesson-add', { eventId: demoId, kind: 'did-not-work', text: '<b>Manual</b> canary checks at 2 am' });
    const { files } = await s.call('report-download', { eventId: demoId, format: 'html', sections: ['lessons'] });
    const html = Buffer.from(files[0]!.base64, 'base64').toString('utf8');
    expect(html).toContain('Lessons learned');
    expect(html).toContain('Shadow traffic caught the regression before users did');
    expect(html).toContain('What did not work');
    expect(html).toContain('&lt;b&gt;Manual&lt;/b&gt; canary checks at 2 am');
  });

  it('similar countermeasures: other events’ actions like the text typed, with the KPI change they achieved', async () => {
    const next = await s.call('event-create', { name: 'Checkout latency kaizen' });
    const actions = await s.call('action-list', { eventId: demoId });
    const batch = actions.find((a) => a.title.startsWith('Restore batched'))!;
    const p95 = (await s.call('kpi-list', { eventId: demoId })).find((k) => /p95/i.test(k.name))!;
    const reason = 'p95 fell 160 ms in the canary; KPI log arrives next week';
    const verified = await s.call('action-update', {
      id: batch.id,
      patch: { status: 'verified', doneDate: '2026-11-18', expectedEffect: { kpi: 'p95 latency', change: -150, unit: 'ms', kpiId: p95.id } },
      verifyOverride: { reason },
    });
    expect(verified.verification?.evidence).toBeTruthy();
    const similar = await s.call('knowledge-similar', { eventId: next.id, text: 'batch the feature reads in the client' });
    expect(similar[0]).toMatchObject({ actionId: batch.id, eventId: demoId, verified: true, expected: 'p95 latency down by ≥ 150 ms' });
    const v = verified.verification!;
    // The change the KPI showed (stored with the verification), and the override's reason when it did not show enough.
    expect(similar[0]!.achieved).toBe(v.by === 'override' ? `${v.evidence!.actual ? `${v.evidence!.actual}; ` : ''}verified by override: ${reason}` : v.evidence!.actual);
    expect(similar[0]!.percentChange).toBe(v.evidence!.percentChange);
    // Never the event's own actions; nothing for text without a word of three letters.
    expect((await s.call('knowledge-similar', { eventId: demoId, text: 'batch the feature reads' })).map((x) => x.eventId)).not.toContain(demoId);
    expect(await s.call('knowledge-similar', { eventId: next.id, text: 'a b ' })).toEqual([]);
    // A done action without stored evidence shows what its evidence says now (action-evidence).
    const cpu = actions.find((a) => a.title.startsWith('Raise scoring pod'))!;
    await s.call('action-update', { id: cpu.id, patch: { status: 'done', doneDate: '2026-11-20' } });
    const hit = (await s.call('knowledge-similar', { eventId: next.id, text: 'scoring pod CPU limit' })).find((x) => x.actionId === cpu.id)!;
    expect(hit.achieved).toBe((await s.call('action-evidence', { id: cpu.id }))?.actual ?? null);
  });

  it('kaizen search "query" --json prints the documented fields; a query with no words exits 2 with the message', async () => {
    const r = await runKaizen('search', 'batched feature', '--data-dir', s.dataDir, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { query: string; total: number; results: Record<string, unknown>[] };
    expect(out.query).toBe('"batched"* "feature"*');
    expect(Object.keys(out.results[0]!).sort()).toEqual(['eventArchived', 'eventId', 'eventName', 'itemId', 'kind', 'score', 'section', 'snippet', 'text', 'title']);
    expect(out.results[0]!.text).toContain('batched feature');
    const bad = await runKaizen('search', '"()', '--data-dir', s.dataDir, '--json');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Search needs a word or a number');
    const text = await runKaizen('search', 'batched', '--data-dir', s.dataDir);
    expect(text.out).toContain('[batched]');
  });
});
