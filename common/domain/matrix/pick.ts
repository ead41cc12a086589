/**
 * PICK chart (impact/effort matrix) conventions.
 * Scores run from 0 to 10 on both axes; the quadrant boundary is the midpoint 5, and a score exactly
 * on the boundary counts as high (impact ≥ 5 is high payoff, effort ≥ 5 is hard).
 * Quadrants follow the Lean Six Sigma PICK chart (Possible, Implement, Challenge, Kill):
 * easy + high payoff = Implement, easy + low payoff = Possible, hard + high payoff = Challenge,
 * hard + low payoff = Kill.
 */
export const PICK_QUADRANTS = ['implement', 'possible', 'challenge', 'kill'] as const;
export type PickQuadrant = (typeof PICK_QUADRANTS)[number];

export const PICK_LABELS: Readonly<Record<PickQuadrant, string>> = {
  implement: 'Implement',
  possible: 'Possible',
  challenge: 'Challenge',
  kill: 'Kill',
};

export const PICK_HINTS: Readonly<Record<PickQuadrant, string>> = {
  implement: 'High impact, low effort: do these first',
  possible: 'Low impact, low effort: quick wins if time allows',
  challenge: 'High impact, high effort: plan them as projects',
  kill: 'Low impact, high effort: drop them',
};

export const SCORE_MIN = 0;
export const SCORE_MAX = 10;
export const SCORE_MID = 5;

/** The PICK quadrant of an idea scored impact (0–10) and effort (0–10). */
export function pickQuadrant(impact: number, effort: number): PickQuadrant {
  const high = impact >= SCORE_MID;
  const hard = effort >= SCORE_MID;
  if (high) return hard ? 'challenge' : 'implement';
  return hard ? 'kill' : 'possible';
}

/** Clamps to 0–10 and rounds to one decimal, so dragged positions store tidy scores. */
export function clampScore(v: number): number {
  if (!Number.isFinite(v)) return SCORE_MID;
  return Math.round(Math.min(SCORE_MAX, Math.max(SCORE_MIN, v)) * 10) / 10;
}

/**
 * Converts a pointer position inside the plot (pixels from the plot's left/top edge) to scores.
 * Effort grows to the right; impact grows upwards (so y is inverted).
 */
export function scoresFromPoint(x: number, y: number, width: number, height: number): { impact: number; effort: number } {
  return {
    effort: clampScore((x / width) * SCORE_MAX),
    impact: clampScore(SCORE_MAX - (y / height) * SCORE_MAX),
  };
}

/** A keyboard nudge: moves a score by `step` within 0–10. */
export function nudgeScore(score: number, step: number): number {
  return clampScore(score + step);
}
