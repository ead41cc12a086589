import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AI_FISHBONE_CATEGORIES } from '../../common/contract/schemas/rootcause';
import { verifyChangeLog } from '../../main/db/changeLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency kaizen', problemStatement: 'p95 is 900 ms' })).id;
});
afterEach(() => s.close());

describe('5 Whys', () => {
  it('keeps branching answers per problem and marks the root cause', async () => {
    const chain = await s.call('whys-chain-add', { eventId, problem: 'Scoring p95 is 900 ms' });
    const w1 = await s.call('whys-node-add', { chainId: chain.id, text: 'Feature lookups are slow' });
    const w2a = await s.call('whys-node-add', { chainId: chain.id, parentId: w1.id, text: 'One call per feature' });
    const w2b = await s.call('whys-node-add', { chainId: chain.id, parentId: w1.id, text: 'Store in another region' });
    await s.call('whys-node-update', { id: w2a.id, patch: { isRootCause: true } });
    const [got] = await s.call('whys-list', { eventId });
    expect(got!.nodes.map((n) => [n.text, n.parentId, n.isRootCause])).toEqual([
      ['Feature lookups are slow', null, false],
      ['One call per feature', w1.id, true],
      ['Store in another region', w1.id, false],
    ]);
    const roots = await s.call('rootcause-list', { eventId });
    expect(roots.filter((r) => r.kind === 'why')).toEqual([{ id: w2a.id, kind: 'why', text: 'One call per feature', context: '5 Whys: Scoring p95 is 900 ms' }]);
    expect(w2b.parentId).toBe(w1.id);
  });

  it('removes an answer with its sub-answers and restores them parents first (undo)', async () => {
    const chain = await s.call('whys-chain-add', { eventId, problem: 'p' });
    const a = await s.call('whys-node-add', { chainId: chain.id, text: 'a' });
    const b = await s.call('whys-node-add', { chainId: chain.id, parentId: a.id, text: 'b', isRootCause: true });
    await s.call('whys-node-add', { chainId: chain.id, parentId: b.id, text: 'c' });
    const removed = await s.call('whys-node-remove', { id: a.id });
    expect(removed.map((n) => n.text)).toEqual(['a', 'b', 'c']);
    expect((await s.call('whys-list', { eventId }))[0]!.nodes).toEqual([]);
    for (const n of removed) await s.call('whys-node-add', { chainId: chain.id, id: n.id, parentId: n.parentId, text: n.text, isRootCause: n.isRootCause });
    expect((await s.call('whys-list', { eventId }))[0]!.nodes.map((n) => [n.text, n.isRootCause])).toEqual([['a', false], ['b', true], ['c', false]]);
  });

  it('restores a removed chain with all its answers, and refuses a parent from another chain', async () => {
    const chain = await s.call('whys-chain-add', { eventId, problem: 'p' });
    const a = await s.call('whys-node-add', { chainId: chain.id, text: 'a' });
    await s.call('whys-node-add', { chainId: chain.id, parentId: a.id, text: 'b' });
    const gone = await s.call('whys-chain-remove', { id: chain.id });
    const other = await s.call('whys-chain-add', { eventId, problem: 'q' });
    const back = await s.call('whys-chain-add', { eventId, id: gone.id, problem: gone.problem, position: gone.position, nodes: gone.nodes });
    expect(back.nodes.map((n) => n.text)).toEqual(['a', 'b']);
    expect((await s.call('whys-list', { eventId })).map((c) => c.problem)).toEqual(['p', 'q']);
    await expect(s.call('whys-node-add', { chainId: other.id, parentId: a.id, text: 'x' })).rejects.toThrow(/parentId: answer .* is not in this 5 Whys chain/);
  });
});

describe('fishbone', () => {
  it('starts with the six AI categories and the charter problem as the effect, and keeps deletions', async () => {
    const fb = await s.call('fishbone-get', { eventId });
    expect(fb.effect).toBe('p95 is 900 ms');
    expect(fb.categories.map((c) => c.name)).toEqual([...AI_FISHBONE_CATEGORIES]);
    await s.call('fishbone-category-remove', { id: fb.categories[5]!.id });
    await s.call('fishbone-category-update', { id: fb.categories[4]!.id, patch: { name: 'Team & vendors' } });
    const again = await s.call('fishbone-get', { eventId });
    expect(again.categories.map((c) => c.name)).toEqual(['Data', 'Model', 'Infrastructure', 'Process', 'Team & vendors']);
  });

  it('holds causes and sub-causes two levels deep and refuses a third level', async () => {
    const fb = await s.call('fishbone-get', { eventId });
    const data = fb.categories[0]!;
    const cause = await s.call('fishbone-cause-add', { categoryId: data.id, text: 'Lookups one by one' });
    const sub = await s.call('fishbone-cause-add', { categoryId: data.id, parentId: cause.id, text: 'No batch API' });
    await expect(s.call('fishbone-cause-add', { categoryId: data.id, parentId: sub.id, text: 'deeper' })).rejects.toThrow(/sub-causes go one level deep/);
    const got = (await s.call('fishbone-get', { eventId })).categories[0]!;
    expect(got.causes.map((c) => [c.text, c.parentId])).toEqual([['Lookups one by one', null], ['No batch API', cause.id]]);
  });

  it('restores a removed category with its causes (undo)', async () => {
    const fb = await s.call('fishbone-get', { eventId });
    const model = fb.categories[1]!;
    const c = await s.call('fishbone-cause-add', { categoryId: model.id, text: 'Model too large' });
    await s.call('fishbone-cause-add', { categoryId: model.id, parentId: c.id, text: 'No distillation' });
    const gone = await s.call('fishbone-category-remove', { id: model.id });
    const back = await s.call('fishbone-category-add', { eventId, id: gone.id, name: gone.name, position: gone.position, causes: gone.causes });
    expect(back.causes.map((x) => x.text)).toEqual(['Model too large', 'No distillation']);
    expect((await s.call('fishbone-get', { eventId })).categories[1]!.name).toBe('Model');
  });
});

describe('affinity groups and the PICK chart', () => {
  it('groups ideas, and re-adding a removed group brings its ideas back (undo)', async () => {
    const idea = await s.call('idea-add', { eventId, idea: { text: 'Cache features' } });
    const g = await s.call('affinity-group-add', { eventId, name: 'Caching' });
    await s.call('idea-update', { id: idea.id, patch: { groupId: g.id } });
    await s.call('affinity-group-remove', { id: g.id });
    expect(await s.call('affinity-group-list', { eventId })).toEqual([]);
    await s.call('affinity-group-add', { eventId, id: g.id, name: g.name, position: g.position });
    const [i] = await s.call('idea-list', { eventId });
    expect(i!.groupId).toBe(g.id);
  });

  it('saves a placement, moves it, and refuses scores outside 0–10 or an unknown idea', async () => {
    const idea = await s.call('idea-add', { eventId, idea: { text: 'Cache features' } });
    await s.call('matrix-place', { eventId, ideaId: idea.id, impact: 8, effort: 2 });
    const moved = await s.call('matrix-place', { eventId, ideaId: idea.id, impact: 3, effort: 7.5, source: 'drag' });
    expect(moved).toMatchObject({ impact: 3, effort: 7.5, source: 'drag' });
    expect(await s.call('matrix-list', { eventId })).toHaveLength(1);
    await expect(s.call('matrix-place', { eventId, ideaId: idea.id, impact: 11, effort: 2 })).rejects.toThrow(/impact: must be between 0 and 10/);
    await expect(s.call('matrix-place', { eventId, ideaId: 'ghost', impact: 1, effort: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await s.call('matrix-unplace', { eventId, ideaId: idea.id })).toMatchObject({ impact: 3 });
    expect(await s.call('matrix-list', { eventId })).toEqual([]);
  });
});

describe('demo content', () => {
  it('adds a two-level fishbone, a 5 Whys chain with a root cause, owned actions and a corrected decision', async () => {
    const demo = await s.call('demo-create', {});
    const fb = await s.call('fishbone-get', { eventId: demo.id });
    const data = fb.categories.find((c) => c.name === 'Data')!;
    expect(data.causes.some((c) => c.parentId !== null)).toBe(true);
    const [chain] = await s.call('whys-list', { eventId: demo.id });
    expect(chain!.nodes.some((n) => n.isRootCause)).toBe(true);
    const actions = await s.call('action-list', { eventId: demo.id });
    expect(actions.length).toBeGreaterThanOrEqual(3);
    expect(actions.every((a) => a.ownerId !== null)).toBe(true);
    expect(actions.filter((a) => a.overdue)).toHaveLength(1);
    const decisions = await s.call('decision-list', { eventId: demo.id });
    expect(decisions).toHaveLength(2);
    expect(decisions[1]!.correctsId).toBe(decisions[0]!.id);
    expect(verifyChangeLog(s.db)).toBeNull();
  });
});
