import { quantileSelect, quantileSorted, sortedFinite } from '../stats/quantile';

export type QualityMetric = 'precision' | 'recall' | 'accuracy' | 'auc';

export type ModelRow = Readonly<{ latencyMs: number; label: boolean | null; prediction: boolean | null; score: number | null }>;

export type ModelSummary = Readonly<{
  version: string;
  count: number;
  p50: number;
  p95: number;
  labelled: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  auc: number | null;
}>;

export type Difference = Readonly<{ metric: string; unit: 'ms' | 'ratio'; baseline: number | null; candidate: number | null; difference: number | null; low: number | null; high: number | null }>;

const Z95 = 1.959963984540054;

/**
 * Area under the ROC curve by the Mann–Whitney statistic with average ranks for ties:
 * AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋). Undefined (null) without both classes.
 * Reference: Hanley & McNeil (1982), Radiology 143, 29–36.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = avg;
    i = j + 1;
  }
  let rPos = 0;
  let nPos = 0;
  labels.forEach((l, i) => {
    if (l) {
      rPos += ranks[i]!;
      nPos++;
    }
  });
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

function proportion(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/** Latency percentiles and quality metrics of one model version's rows. */
export function summarizeModel(version: string, rows: readonly ModelRow[]): ModelSummary {
  const lat = sortedFinite(rows.map((r) => r.latencyMs));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  let labelled = 0;
  const scores: number[] = [];
  const scoreLabels: boolean[] = [];
  for (const r of rows) {
    if (r.label === null) continue;
    if (r.prediction !== null) {
      labelled++;
      if (r.prediction === r.label) correct++;
      if (r.prediction && r.label) tp++;
      if (r.prediction && !r.label) fp++;
      if (!r.prediction && r.label) fn++;
    }
    if (r.score !== null && Number.isFinite(r.score)) {
      scores.push(r.score);
      scoreLabels.push(r.label);
    }
  }
  return {
    version,
    count: rows.length,
    p50: lat.length ? quantileSorted(lat, 0.5) : Number.NaN,
    p95: lat.length ? quantileSorted(lat, 0.95) : Number.NaN,
    labelled,
    accuracy: proportion(correct, labelled),
    precision: proportion(tp, tp + fp),
    recall: proportion(tp, tp + fn),
    auc: scores.length ? rocAuc(scores, scoreLabels) : null,
  };
}

/** Deterministic PRNG (mulberry32) so the bootstrap interval is reproducible run to run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile-bootstrap 95% interval of a difference of quantiles q(candidate) − q(baseline): 300 resamples of each
 * whole sample (seeded, so reruns agree), interval = 2.5th and 97.5th percentiles of the resampled differences.
 * Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13.
 */
export function bootstrapQuantileDiff(base: readonly number[], cand: readonly number[], p: number, resamples = 300, seed = 42): [number, number] | null {
  if (base.length < 2 || cand.length < 2) return null;
  const next = rng(seed);
  const b = base;
  const c = cand;
  const diffs = new Float64Array(resamples);
  const draw = (a: readonly number[]) => {
    const s = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) s[i] = a[Math.floor(next() * a.length)]!;
    return quantileSelect(s, p);
  };
  for (let r = 0; r < resamples; r++) diffs[r] = draw(c) - draw(b);
  diffs.sort();
  return [quantileSorted(diffs, 0.025), quantileSorted(diffs, 0.975)];
}

/**
 * Wald 95% interval for a difference of two independent proportions: d ± 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂).
 * Reference: Agresti (2013), Categorical Data Analysis 3rd ed., §1.4 / §3.1.
 */
export function proportionDiffInterval(p1: number, n1: number, p2: number, n2: number): [number, number] {
  const d = p2 - p1;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return [d - Z95 * se, d + Z95 * se];
}

const denominators = (s: ModelSummary, rows: readonly ModelRow[], metric: QualityMetric): number => {
  if (metric === 'accuracy') return s.labelled;
  if (metric === 'precision') return rows.filter((r) => r.prediction === true && r.label !== null).length;
  return rows.filter((r) => r.label === true && r.prediction !== null).length;
};

/** Differences candidate − baseline for p50/p95 latency (bootstrap CI) and the quality metrics (Wald CI; AUC without CI). */
export function compareModels(baseline: ModelSummary, baseRows: readonly ModelRow[], candidate: ModelSummary, candRows: readonly ModelRow[]): Difference[] {
  const bl = baseRows.map((r) => r.latencyMs).filter(Number.isFinite);
  const cl = candRows.map((r) => r.latencyMs).filter(Number.isFinite);
  const out: Difference[] = [];
  for (const [name, p] of [['p50', 0.5], ['p95', 0.95]] as const) {
    const ci = bootstrapQuantileDiff(bl, cl, p);
    const b = baseline[name];
    const c = candidate[name];
    out.push({ metric: `${name} latency`, unit: 'ms', baseline: b, candidate: c, difference: c - b, low: ci?.[0] ?? null, high: ci?.[1] ?? null });
  }
  for (const m of ['accuracy', 'precision', 'recall', 'auc'] as const) {
    const b = baseline[m];
    const c = candidate[m];
    if (b === null || c === null) {
      out.push({ metric: m, unit: 'ratio', baseline: b, candidate: c, difference: null, low: null, high: null });
      continue;
    }
    const ci = m === 'auc' ? null : proportionDiffInterval(b, denominators(baseline, baseRows, m), c, denominators(candidate, candRows, m));
    out.push({ metric: m, unit: 'ratio', baseline: b, candidate: c, difference: c - b, low: ci?.[0] ?? null, high: ci?.[1] ?? null });
  }
  return out;
}

/** A plain-words verdict on latency p95 and the chosen business metric, from the intervals. */
export function verdict(diffs: readonly Difference[], metric: QualityMetric, baselineName: string, candidateName: string): string {
  const lat = diffs.find((d) => d.metric === 'p95 latency');
  const q = diffs.find((d) => d.metric === metric);
  const parts: string[] = [];
  if (lat && lat.difference !== null && lat.low !== null && lat.high !== null) {
    const ms = Math.abs(lat.difference).toFixed(0);
    const ci = `95% CI ${lat.low.toFixed(0)} to ${lat.high.toFixed(0)} ms`;
    if (lat.high < 0) parts.push(`${candidateName} is faster than ${baselineName} at p95 by ${ms} ms (${ci})`);
    else if (lat.low > 0) parts.push(`${candidateName} is slower than ${baselineName} at p95 by ${ms} ms (${ci})`);
    else parts.push(`p95 latency shows no clear difference (${ci})`);
  }
  if (q && q.difference !== null) {
    const pts = (x: number) => `${(x * 100).toFixed(1)} percentage points`;
    if (q.low === null || q.high === null) parts.push(`${metric} changes by ${pts(q.difference)} (no interval for ${metric})`);
    else if (q.low > 0) parts.push(`${metric} is better by ${pts(q.difference)}`);
    else if (q.high < 0) parts.push(`${metric} is worse by ${pts(-q.difference)}`);
    else parts.push(`${metric} shows no clear difference (${pts(q.low)} to ${pts(q.high)})`);
  } else parts.push(`${metric} cannot be compared: labels or predictions are missing`);
  return parts.join('; ') + '.';
}
