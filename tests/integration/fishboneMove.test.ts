import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
});
afterEach(() => s.close());

describe('fishbone: a cause moves between categories', () => {
  it('moves with its sub-causes, goes last in the target, moves back (undo) under its old parent, and refuses nonsense', async () => {
    const data = await s.call('fishbone-category-add', { eventId, name: 'Data sources' });
    const infra = await s.call('fishbone-category-add', { eventId, name: 'Serving infrastructure' });
    const stale = await s.call('fishbone-cause-add', { categoryId: data.id, text: 'Stale features' });
    const sub = await s.call('fishbone-cause-add', { categoryId: data.id, parentId: stale.id, text: 'Nightly batch only' });
    await s.call('fishbone-cause-add', { categoryId: infra.id, text: 'Cold starts' });

    const moved = await s.call('fishbone-cause-move', { id: stale.id, categoryId: infra.id });
    expect(moved).toMatchObject({ categoryId: infra.id, parentId: null });
    const fb = await s.call('fishbone-get', { eventId });
    const byId = new Map(fb.categories.map((c) => [c.id, c.causes.map((x) => [x.text, x.parentId])]));
    expect(byId.get(data.id)).toEqual([]);
    expect(byId.get(infra.id)).toEqual([['Cold starts', null], ['Stale features', null], ['Nightly batch only', stale.id]]);
    expect((await s.call('rootcause-list', { eventId })).find((r) => r.id === sub.id)!.context).toBe('Fishbone: Serving infrastructure');

    // A sub-cause can become a top-level cause elsewhere and go back under its parent.
    await s.call('fishbone-cause-move', { id: sub.id, categoryId: data.id });
    await s.call('fishbone-cause-move', { id: sub.id, categoryId: infra.id, parentId: stale.id });
    const after = await s.call('fishbone-get', { eventId });
    expect(after.categories.filter((c) => c.id === data.id || c.id === infra.id).map((c) => c.causes.map((x) => [x.text, x.parentId]))).toEqual([[], [['Cold starts', null], ['Stale features', null], ['Nightly batch only', stale.id]]]);

    await expect(s.call('fishbone-cause-move', { id: stale.id, categoryId: infra.id, parentId: sub.id })).rejects.toThrow(/cannot go under one of its own sub-causes/);
    await expect(s.call('fishbone-cause-move', { id: stale.id, categoryId: data.id, parentId: sub.id })).rejects.toThrow(/is not in category "Data sources"/);
    const other = (await s.call('event-create', { name: 'Other' })).id;
    const elsewhere = await s.call('fishbone-category-add', { eventId: other, name: 'People' });
    await expect(s.call('fishbone-cause-move', { id: stale.id, categoryId: elsewhere.id })).rejects.toThrow(/another event's fishbone/);
    await expect(s.call('fishbone-cause-move', { id: 'nope', categoryId: data.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
