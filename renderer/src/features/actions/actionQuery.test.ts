import { describe, expect, it } from 'vitest';
import type { KaizenAction } from '../../../../common/contract/schemas/actions';
import { ALL_ACTIONS, daysLate, effectText, filterActions, groupByOwner, sortActions } from './actionQuery';

const base: KaizenAction = {
  id: 'x', eventId: 'e', title: '', description: '', ownerId: null, dueDate: null, status: 'planned', effort: null,
  expectedEffect: null, links: [], createdAt: '2026-11-20T09:00:00Z', updatedAt: '2026-11-20T09:00:00Z', overdue: false,
};
const a = (over: Partial<KaizenAction>): KaizenAction => ({ ...base, ...over });
const list = [
  a({ id: '1', title: 'Warm cache', ownerId: 'm2', dueDate: '2026-12-01' }),
  a({ id: '2', title: 'Batch lookups', ownerId: 'm1', dueDate: '2026-11-10', overdue: true }),
  a({ id: '3', title: 'Drop GPU idea', status: 'dropped' }),
  a({ id: '4', title: 'Verify p95', ownerId: 'm1', status: 'verified', dueDate: '2026-11-01' }),
];
const names: Record<string, string> = { m1: 'Zoe', m2: 'Ann' };

describe('action list queries', () => {
  it('filters by owner, open status, overdue and text', () => {
    expect(filterActions(list, { ...ALL_ACTIONS, ownerId: 'm1' }).map((x) => x.id)).toEqual(['2', '4']);
    expect(filterActions(list, { ...ALL_ACTIONS, ownerId: 'none' }).map((x) => x.id)).toEqual(['3']);
    expect(filterActions(list, { ...ALL_ACTIONS, status: 'open' }).map((x) => x.id)).toEqual(['1', '2']);
    expect(filterActions(list, { ...ALL_ACTIONS, overdueOnly: true }).map((x) => x.id)).toEqual(['2']);
    expect(filterActions(list, { ...ALL_ACTIONS, text: 'CACHE' }).map((x) => x.id)).toEqual(['1']);
  });

  it('sorts by due date (undated last), by owner name and by status order', () => {
    const owner = (id: string | null) => (id ? names[id]! : '');
    expect(sortActions(list, 'due', owner).map((x) => x.id)).toEqual(['4', '2', '1', '3']);
    expect(sortActions(list, 'owner', owner).map((x) => x.id)).toEqual(['1', '2', '4', '3']);
    expect(sortActions(list, 'status', owner).map((x) => x.id)).toEqual(['1', '2', '4', '3']);
  });

  it('groups by owner with unowned actions last', () => {
    expect(groupByOwner(list).map((g) => [g.ownerId, g.actions.map((x) => x.id)])).toEqual([
      ['m2', ['1']], ['m1', ['2', '4']], [null, ['3']],
    ]);
  });

  it('counts days late and writes an expected effect with sign and unit', () => {
    expect(daysLate('2026-11-10', '2026-11-20')).toBe(10);
    expect(effectText({ kpi: 'p95 latency', change: -300, unit: 'ms' })).toBe('p95 latency: −300 ms');
    expect(effectText({ kpi: 'Throughput', change: 15, unit: '%' })).toBe('Throughput: +15 %');
  });
});
