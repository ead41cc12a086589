/**
 * Dot-voting tally and ballot rules. Pure functions: the service calls them only after the facilitator
 * reveals, so running totals never exist while a session is open.
 */
export type BallotDots = Readonly<Record<string, number>>;
export type TallyCandidate = Readonly<{ ideaId: string; text: string }>;
export type Tally = Readonly<{ ideaId: string; text: string; dots: number; voters: number; rank: number }>;

/**
 * Sums dots per idea over all ballots and ranks them by total, highest first, using standard
 * competition ranking ("1224"): tied ideas share the best rank and the next rank skips
 * (e.g. totals 5, 3, 3, 1 → ranks 1, 2, 2, 4). Ties are listed in candidate order.
 * `voters` counts ballots giving the idea at least one dot. Ideas with no dots are included (rank last).
 */
export function tallyVotes(candidates: readonly TallyCandidate[], ballots: readonly BallotDots[]): Tally[] {
  const rows = candidates.map((c, order) => {
    let dots = 0;
    let voters = 0;
    for (const b of ballots) {
      const n = b[c.ideaId] ?? 0;
      dots += n;
      if (n > 0) voters += 1;
    }
    return { ideaId: c.ideaId, text: c.text, dots, voters, order };
  });
  rows.sort((a, b) => b.dots - a.dots || a.order - b.order);
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.dots !== rows[i - 1]!.dots) rank = i + 1;
    return { ideaId: r.ideaId, text: r.text, dots: r.dots, voters: r.voters, rank };
  });
}

/** Why a ballot is not acceptable, or null. Messages name the idea and the limit. */
export function ballotProblem(
  dots: BallotDots,
  rules: Readonly<{ dotsPerVoter: number; maxPerIdea: number | null; candidates: readonly TallyCandidate[] }>,
): string | null {
  const known = new Map(rules.candidates.map((c) => [c.ideaId, c.text]));
  let total = 0;
  for (const [ideaId, n] of Object.entries(dots)) {
    if (!known.has(ideaId)) return `dots: "${ideaId}" is not one of the ideas on this ballot.`;
    if (!Number.isInteger(n) || n < 0) return `dots: the count for "${known.get(ideaId)}" must be a whole number ≥ 0.`;
    if (rules.maxPerIdea !== null && n > rules.maxPerIdea) {
      return `dots: at most ${rules.maxPerIdea} dot${rules.maxPerIdea === 1 ? '' : 's'} per idea ("${known.get(ideaId)}" has ${n}).`;
    }
    total += n;
  }
  if (total > rules.dotsPerVoter) return `dots: ${total} placed but each voter has ${rules.dotsPerVoter}.`;
  return null;
}

/** Drops zero counts so stored ballots only hold placed dots. */
export function compactDots(dots: BallotDots): Record<string, number> {
  return Object.fromEntries(Object.entries(dots).filter(([, n]) => n > 0));
}

/** Total dots on a ballot. */
export function dotsUsed(dots: BallotDots): number {
  return Object.values(dots).reduce((s, n) => s + n, 0);
}
