import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ballotProblem, tallyVotes } from './tally';

const C = [{ ideaId: 'a', text: 'A' }, { ideaId: 'b', text: 'B' }, { ideaId: 'c', text: 'C' }, { ideaId: 'd', text: 'D' }];

describe('tallyVotes', () => {
  it('uses standard competition ranking: totals 5, 3, 3, 1 rank 1, 2, 2, 4', () => {
    const t = tallyVotes(C, [{ a: 3, b: 2 }, { a: 2, c: 3 }, { b: 1, d: 1 }]);
    expect(t.map((r) => [r.ideaId, r.dots, r.rank])).toEqual([['a', 5, 1], ['b', 3, 2], ['c', 3, 2], ['d', 1, 4]]);
    expect(t.find((r) => r.ideaId === 'a')!.voters).toBe(2);
  });

  it('lists unvoted ideas last with zero dots', () => {
    expect(tallyVotes(C, [])).toEqual(C.map((c) => ({ ideaId: c.ideaId, text: c.text, dots: 0, voters: 0, rank: 1 })));
  });

  it('conserves dots: the total equals the sum over ballots', () => {
    fc.assert(fc.property(fc.array(fc.record({ a: fc.nat(5), b: fc.nat(5), c: fc.nat(5), d: fc.nat(5) })), (ballots) => {
      const t = tallyVotes(C, ballots);
      const sum = ballots.reduce((s, b) => s + b.a + b.b + b.c + b.d, 0);
      expect(t.reduce((s, r) => s + r.dots, 0)).toBe(sum);
      for (let i = 1; i < t.length; i++) expect(t[i]!.rank).toBeGreaterThanOrEqual(t[i - 1]!.rank);
    }));
  });
});

describe('ballotProblem', () => {
  const rules = { dotsPerVoter: 3, maxPerIdea: 2, candidates: C };
  it('accepts a ballot within the limits, including fewer dots than allowed', () => {
    expect(ballotProblem({ a: 2, b: 1 }, rules)).toBeNull();
    expect(ballotProblem({ a: 1 }, rules)).toBeNull();
  });
  it('names the idea and the limit when a rule is broken', () => {
    expect(ballotProblem({ a: 3 }, rules)).toMatch(/at most 2 dots per idea \("A" has 3\)/);
    expect(ballotProblem({ a: 2, b: 2 }, rules)).toMatch(/4 placed but each voter has 3/);
    expect(ballotProblem({ z: 1 }, rules)).toMatch(/"z" is not one of the ideas/);
  });
});
