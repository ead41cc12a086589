import { DomainInputError } from '../errors';
import { isPositive } from '../fairness/fairness';
import { column, numberColumn, requireRows, tidy } from './table';
import type { LogTable } from './table';

export type ThresholdSpec = Readonly<{ score: string; label: string; positive: string; costFp: number; costFn: number }>;

export type Confusion = Readonly<{ tp: number; fp: number; tn: number; fn: number }>;

export type ThresholdResult = Readonly<{
  threshold: number;
  cost: number;
  confusion: Confusion;
  curve: readonly { threshold: number; cost: number }[];
  rows: number;
  positives: number;
  /** Rows left out because the score or the label was blank. */
  skippedRows: number;
  costFp: number;
  costFn: number;
}>;

/**
 * Business-aligned threshold: for each candidate threshold t (the distinct scores, ascending) a row is predicted
 * positive when score ≥ t; cost(t) = FP(t)·costFp + FN(t)·costFn. The threshold with the least cost is chosen,
 * ties going to the lower threshold. One sort and one sweep: with rows sorted by score, the rows at or above t
 * are predicted positive, so FP(t) = negatives with score ≥ t and FN(t) = positives with score < t.
 */
export function businessThreshold(t: LogTable, spec: ThresholdSpec): ThresholdResult {
  if (!(spec.costFp >= 0) || !(spec.costFn >= 0)) throw new DomainInputError(`Costs must be numbers ≥ 0 (false positive ${spec.costFp}, false negative ${spec.costFn}).`);
  requireRows(t, 'the threshold analysis');
  const scores = numberColumn(t, spec.score);
  const labels = column(t, spec.label);
  const rows: { s: number; y: boolean }[] = [];
  let skippedRows = 0;
  const judged = new Map<unknown, boolean>();
  for (let i = 0; i < t.rowCount; i++) {
    const s = scores[i];
    const l = labels[i];
    if (s === null || s === undefined || l === null || l === '') {
      skippedRows++;
      continue;
    }
    // Labels are a handful of values: judge each distinct one once.
    let y = judged.get(l);
    if (y === undefined) judged.set(l, (y = isPositive(l, spec.positive)));
    rows.push({ s, y });
  }
  if (rows.length === 0) throw new DomainInputError(`${t.source}: no row has both a score ("${spec.score}") and a label ("${spec.label}").`);
  const positives = rows.filter((r) => r.y).length;
  if (positives === 0) {
    const seen = [...new Set(labels.filter((v) => v !== null).map(String))].slice(0, 6).join(', ');
    throw new DomainInputError(`${t.source}: no value of "${spec.label}" equals the positive label "${spec.positive}" (values seen: ${seen}).`);
  }
  rows.sort((a, b) => a.s - b.s);
  const negatives = rows.length - positives;
  // Walk thresholds from the lowest: at t = the lowest score everything is predicted positive.
  let posBelow = 0;
  let negBelow = 0;
  const curve: { threshold: number; cost: number }[] = [];
  let best = { threshold: 0, cost: Number.POSITIVE_INFINITY, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 } };
  for (let i = 0; i < rows.length; ) {
    const th = rows[i]!.s;
    const fp = negatives - negBelow;
    const fn = posBelow;
    const cost = tidy(fp * spec.costFp + fn * spec.costFn);
    curve.push({ threshold: th, cost });
    if (cost < best.cost) best = { threshold: th, cost, confusion: { tp: positives - posBelow, fp, tn: negBelow, fn } };
    for (; i < rows.length && rows[i]!.s === th; i++) {
      if (rows[i]!.y) posBelow++;
      else negBelow++;
    }
  }
  return { ...best, curve, rows: rows.length, positives, skippedRows, costFp: spec.costFp, costFn: spec.costFn };
}
