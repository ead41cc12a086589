import { describe, expect, it } from 'vitest';
import { anonymisationUtility } from './anonymisation';
import { logTable } from './table';

const before = logTable('original.csv', [
  { name: 'name', values: ['Ann', 'Bob', 'Cid', 'Dee'] },
  { name: 'age', values: [30, 40, 50, 60] },
  { name: 'region', values: ['N', 'N', 'S', 'S'] },
  { name: 'amount', values: [10, 20, 30, 40] },
]);
// Released: name dropped, age coarsened to bands, region pseudonymised (one token per value), amount kept.
const after = logTable('released.csv', [
  { name: 'age', values: [30, 30, 50, 50] },
  { name: 'region', values: ['r1', 'r1', 'r2', 'r2'] },
  { name: 'amount', values: [10, 20, 30, 40] },
]);

describe('anonymisationUtility', () => {
  it('column changes, distances, the metric and k-anonymity', () => {
    // age: ECDFs at 30: 1/4 vs 2/4 → 0.25; at 40: 2/4 vs 2/4; at 50: 3/4 vs 1 → 0.25 → KS 0.25. Mean 45 → 40.
    // region: frequency profiles [0.5, 0.5] both → distance 0 (a consistent pseudonym keeps the distribution).
    // k-anonymity over (region, age): groups (r1, 30) = 2 and (r2, 50) = 2 → smallest 2; k = 2 holds.
    const r = anonymisationUtility(before, after, { quasiIdentifiers: ['region', 'age'], k: 2, metric: 'amount' });
    expect(r.columns.map((c) => [c.column, c.status, c.kind, c.distance])).toEqual([
      ['name', 'dropped', 'text', null],
      ['age', 'changed', 'number', 0.25],
      ['region', 'changed', 'text', 0],
      ['amount', 'kept', 'number', 0],
    ]);
    expect(r.columns[1]!.before).toEqual({ mean: 45, median: 45 });
    expect(r.columns[1]!.after).toEqual({ mean: 40, median: 40 });
    expect(r.metric).toEqual({ column: 'amount', before: 25, after: 25, change: 0 });
    expect(r.kAnonymity).toEqual({ k: 2, quasiIdentifiers: ['region', 'age'], groups: 2, smallestGroup: 2, rowsBelowK: 0, shareBelowK: 0, satisfied: true });
    // k = 3: every row is in a group of 2 → 4 rows (share 1) below k.
    expect(anonymisationUtility(before, after, { quasiIdentifiers: ['region', 'age'], k: 3 }).kAnonymity).toMatchObject({ rowsBelowK: 4, shareBelowK: 1, satisfied: false });
  });

  it('a quasi-identifier the released log lacks is named', () => {
    expect(() => anonymisationUtility(before, after, { quasiIdentifiers: ['name'], k: 2 })).toThrow('released.csv has no column "name"');
  });
});
