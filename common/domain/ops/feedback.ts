import { quantileSorted } from '../stats/quantile';
import { dayLabel, share } from './records';

export type InferenceSide = Readonly<{
  ids: ArrayLike<string>;
  times: ArrayLike<number>;
  /** The model's label, when logged: a correction to the same label confirms the prediction, it does not correct it. */
  predicted?: ArrayLike<string | null>;
  segments?: ArrayLike<string | null>;
  models?: ArrayLike<string | null>;
}>;
export type CorrectionSide = Readonly<{ ids: ArrayLike<string>; times: ArrayLike<number>; labels: ArrayLike<string | null> }>;

export type RateRow = Readonly<{ key: string; predictions: number; corrected: number; rate: number }>;
export type FeedbackReport = Readonly<{
  predictions: number;
  corrections: number;
  /** Correction rows whose prediction id is in the inference log. */
  matched: number;
  /** Correction rows naming a prediction the log does not hold. */
  unmatched: number;
  /** Second and later corrections of one prediction (the first one counts). */
  duplicates: number;
  /** Predictions whose first correction changed the label (every matched one when no predicted column is given). */
  corrected: number;
  correctionRate: number | null;
  /** Label delay (correction time − prediction time), ms, over matched predictions: type-7 percentiles. */
  labelDelayMs: Readonly<{ p50: number | null; p95: number | null }>;
  /** Corrections dated before their prediction (clock skew or a wrong id): left out of the delay. */
  negativeDelays: number;
  byDay: RateRow[];
  bySegment: RateRow[];
  byModel: RateRow[];
}>;

const key = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '(blank)' : v);

/**
 * Feedback loop: user corrections joined to the inference log by prediction id. For each prediction its first
 * correction (by time) counts; the label delay is that correction's time minus the prediction's; the correction
 * rate is corrected predictions / predictions, by UTC day of the prediction, by segment and by model version.
 */
export function feedbackLoop(inf: InferenceSide, cor: CorrectionSide): FeedbackReport {
  const byId = new Map<string, number>();
  for (let i = 0; i < inf.ids.length; i++) if (!byId.has(inf.ids[i]!)) byId.set(inf.ids[i]!, i);
  const first = new Map<number, number>();
  let unmatched = 0;
  let duplicates = 0;
  for (let j = 0; j < cor.ids.length; j++) {
    const i = byId.get(cor.ids[j]!);
    if (i === undefined) {
      unmatched++;
      continue;
    }
    const prev = first.get(i);
    if (prev === undefined) first.set(i, j);
    else {
      duplicates++;
      if (cor.times[j]! < cor.times[prev]!) first.set(i, j);
    }
  }
  const delays: number[] = [];
  let negative = 0;
  const isCorrected = new Uint8Array(inf.ids.length);
  for (const [i, j] of first) {
    const d = cor.times[j]! - inf.times[i]!;
    if (d < 0) negative++;
    else delays.push(d);
    const p = inf.predicted?.[i];
    isCorrected[i] = !inf.predicted || key(p) !== key(cor.labels[j]) ? 1 : 0;
  }
  delays.sort((a, b) => a - b);
  const group = (keyOf: (i: number) => string): RateRow[] => {
    const m = new Map<string, { predictions: number; corrected: number }>();
    for (let i = 0; i < inf.ids.length; i++) {
      const k = keyOf(i);
      let r = m.get(k);
      if (!r) m.set(k, (r = { predictions: 0, corrected: 0 }));
      r.predictions++;
      r.corrected += isCorrected[i]!;
    }
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, r]) => ({ key: k, ...r, rate: r.corrected / r.predictions }));
  };
  const corrected = isCorrected.reduce((a, b) => a + b, 0);
  return {
    predictions: inf.ids.length,
    corrections: cor.ids.length,
    matched: cor.ids.length - unmatched,
    unmatched,
    duplicates,
    corrected,
    correctionRate: share(corrected, inf.ids.length),
    labelDelayMs: { p50: delays.length ? quantileSorted(delays, 0.5) : null, p95: delays.length ? quantileSorted(delays, 0.95) : null },
    negativeDelays: negative,
    byDay: group((i) => dayLabel(inf.times[i]!)),
    bySegment: inf.segments ? group((i) => key(inf.segments![i])) : [],
    byModel: inf.models ? group((i) => key(inf.models![i])) : [],
  };
}
