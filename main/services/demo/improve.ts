import { addDays, format } from 'date-fns';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as acts from '../../db/repositories/improve';
import * as rc from '../../db/repositories/rootcause';
import * as team from '../../db/repositories/team';
import { loadFishbone } from '../rootcause/fishbone';

/** Causes of the demo's p95 problem, by AI category; a nested list is a cause's sub-causes. */
const FISHBONE: Readonly<Record<string, readonly (readonly [string, readonly string[]])[]>> = {
  Data: [['Feature lookups made one by one', ['Feature store has no batch read in v3 client', 'Merchant history fetched twice']]],
  Model: [['Model v3 is 3× larger than v2', ['Gradient-boosted trees grew to 1 200', 'No distilled variant for the online path']]],
  Infrastructure: [['Scoring pods throttled at peak', ['CPU limit 1 core since August', 'Autoscaler reacts after 90 s']]],
  Process: [['No latency budget in the model release checklist', []]],
  People: [['Only one engineer knows the serving stack', []]],
  Measurement: [['p95 measured per hour hides 5-minute peaks', []]],
};

/**
 * Adds part B's workshop artefacts to the demo event: a two-level fishbone on the p95 problem, a 5 Whys
 * chain, a parking-lot item, actions owned by demo team members (one overdue) and two decisions, the
 * second a correction of the first.
 */
export function addImproveDemo(ctx: ServiceContext, eventId: string): void {
  const { db } = ctx;
  const today = ctx.clock.now();
  const day = (n: number) => format(addDays(today, n), 'yyyy-MM-dd');
  const members = new Map(team.listMembers(db, eventId).map((m) => [m.name, m.id]));
  const who = (name: string) => members.get(name) ?? null;
  db.transaction(() => {
    const fb = loadFishbone(ctx, eventId);
    rc.upsertEffect(db, eventId, 'p95 of the fraud-scoring API is over 400 ms at peak (SLA 250 ms)');
    const causeIds: string[] = [];
    for (const cat of fb.categories) {
      for (const [text, subs] of FISHBONE[cat.name] ?? []) {
        const id = ctx.newId();
        causeIds.push(id);
        rc.insertCause(db, { id, categoryId: cat.id, parentId: null, text });
        for (const s of subs) rc.insertCause(db, { id: ctx.newId(), categoryId: cat.id, parentId: id, text: s });
      }
    }

    const chain = ctx.newId();
    rc.insertChain(db, chain, eventId, 'p95 of the fraud-scoring API is over 400 ms at peak', ctx.nowIso());
    const whys = ['Each request waits for 40 feature lookups', 'The v3 client reads features one at a time', 'The batch endpoint was not ported when the client was rewritten', 'The release checklist has no latency budget'];
    let parent: string | null = null;
    whys.forEach((text, i) => {
      const id = ctx.newId();
      rc.insertNode(db, { id, chainId: chain, parentId: parent, text, isRootCause: i === whys.length - 1 });
      if (i === 1) rc.insertNode(db, { id: ctx.newId(), chainId: chain, parentId: id, text: 'Network round trip to the feature store is 4 ms', isRootCause: false });
      parent = id;
    });
    const rootWhy = parent!;

    acts.insertParking(db, ctx.newId(), eventId, ctx.nowIso(), { text: 'Should we move scoring to GPUs?', raisedBy: 'Luis García', status: 'deferred', outcome: 'Out of scope: platform roadmap review in Q1.' });

    const batch = ctx.newId();
    const at = ctx.nowIso();
    acts.insertAction(db, batch, eventId, at, {
      title: 'Restore batched feature reads in the v3 client', description: 'Port the batch endpoint; one call per request.', ownerId: who('Aisha Bello'),
      dueDate: day(7), status: 'in-progress', effort: 'medium', expectedEffect: { kpi: 'p95 latency', change: -150, unit: 'ms' },
      links: [{ kind: 'root-cause', id: causeIds[0]! }],
    });
    acts.insertAction(db, ctx.newId(), eventId, at, {
      title: 'Add a latency budget to the model release checklist', description: '', ownerId: who('Mei Lin'),
      dueDate: day(-2), status: 'planned', effort: 'low', expectedEffect: null, links: [{ kind: 'root-cause', id: rootWhy }],
    });
    acts.insertAction(db, ctx.newId(), eventId, at, {
      title: 'Raise scoring pod CPU limit to 2 cores', description: 'Staging first, then production with a canary.', ownerId: who('Luis García'),
      dueDate: day(3), status: 'planned', effort: 'low', expectedEffect: { kpi: 'p95 latency', change: -60, unit: 'ms' }, links: [],
    });

    const d1 = ctx.newId();
    const first = { decision: 'Fix the feature reads before touching the model', rationale: 'Lookups are two thirds of the p95 budget; cheapest fix.', alternatives: 'Distil model v3; roll back to v2.', decidedBy: 'Priya Raman', decidedOn: day(0), actionIds: [batch], correctsId: null };
    acts.appendDecision(db, d1, eventId, at, first);
    appendChange(db, at, { actor: ctx.actor, entity: 'decision', entityId: d1, action: 'record', reason: first.rationale, payload: { eventId, ...first }, eventId, record: { table: 'decisions', id: d1 } });
    const d2 = ctx.newId();
    const second = { ...first, decision: 'Fix the feature reads and raise the CPU limit before touching the model', rationale: 'Throttling adds 60 ms at peak; the change is low risk.', correctsId: d1 };
    acts.appendDecision(db, d2, eventId, at, second);
    appendChange(db, at, { actor: ctx.actor, entity: 'decision', entityId: d2, action: 'correct', reason: second.rationale, payload: { eventId, ...second }, eventId, record: { table: 'decisions', id: d2 } });
  })();
}
