import { ksFromStatistic } from './ks';
import type { KsMethod } from './ks';
import { evidentlyChiSquare, jensenShannonDistance, normedWasserstein, proportionZTest } from './distances';
import type { ChiSquareResult } from './distances';

/**
 * Per-column drift as Evidently's DataDriftPreset decides it (legacy `stattests/registry.py`,
 * `_get_default_stattest`, and `calculations/data_drift.py`, `get_dataset_drift`), plus the statistics the app shows
 * for every column: numeric — KS, Wasserstein distance normalised by the reference SD; categorical — χ² test,
 * Jensen–Shannon distance (base 2). PSI is computed beside these (psi.ts).
 *
 * Evidently's default test per column (n = non-missing reference values, u = distinct values of both windows):
 * - n ≤ 1000: numeric with u > 5 → KS p-value; numeric with u ≤ 5 and categorical → χ² p-value when u > 2, else
 *   the two-proportion z-test p-value; drift when p < 0.05.
 * - n > 1000: numeric with u > 5 → Wasserstein distance normed by the reference SD (drift when ≥ 0.1); numeric
 *   with u ≤ 5 and categorical → Jensen–Shannon distance, natural log as Evidently calls scipy (drift when ≥ 0.1).
 * Dataset drift: share of drifted columns ≥ drift_share (default 0.5).
 */

export type EvidentlyTest = 'ks' | 'wasserstein' | 'chisquare' | 'z' | 'jensenshannon';

/** Evidently's display names and default thresholds (StatTest.default_threshold; 0.05 unless set). */
export const EVIDENTLY_TESTS: Readonly<Record<EvidentlyTest, { label: string; threshold: number; score: 'p-value' | 'distance' }>> = {
  ks: { label: 'K-S p-value', threshold: 0.05, score: 'p-value' },
  chisquare: { label: 'chi-square p-value', threshold: 0.05, score: 'p-value' },
  z: { label: 'Z-test p-value', threshold: 0.05, score: 'p-value' },
  wasserstein: { label: 'Wasserstein distance (normed)', threshold: 0.1, score: 'distance' },
  jensenshannon: { label: 'Jensen-Shannon distance', threshold: 0.1, score: 'distance' },
};

/** Evidently's default share of drifted columns for dataset drift (DataDriftOptions.drift_share). */
export const DEFAULT_DRIFT_SHARE = 0.5;
/** Reference size at or below which Evidently uses p-value tests (registry.py). */
export const EVIDENTLY_SMALL_N = 1000;

export type ColumnTestResult = Readonly<{ name: EvidentlyTest; label: string; score: number; threshold: number; drift: boolean; why: string }>;

export type ColumnStats = Readonly<{
  kind: 'numeric' | 'categorical';
  referenceCount: number;
  currentCount: number;
  /** Distinct values over both windows. */
  distinct: number;
  ks?: Readonly<{ statistic: number; pvalue: number; method: KsMethod }>;
  /** W₁ in the column's unit, the reference population SD and W₁/max(SD, 0.001). */
  wasserstein?: Readonly<{ distance: number; referenceSd: number; normed: number }>;
  /** Evidently's χ² (current counts vs reference shares); null with a single category (no degrees of freedom). */
  chiSquare?: ChiSquareResult | null;
  /** Jensen–Shannon distance in base 2 (0 … 1), as scipy's jensenshannon(p, q, base=2). */
  jensenShannon?: number;
  /** Evidently's default test for this column, its score, threshold and verdict. */
  test: ColumnTestResult;
}>;

/** Evidently's default test for a column (registry.py `_get_default_stattest`). */
export function evidentlyDefaultTest(kind: 'numeric' | 'categorical', referenceCount: number, distinct: number): EvidentlyTest {
  const fewValues = kind === 'categorical' || distinct <= 5;
  if (referenceCount <= EVIDENTLY_SMALL_N) return fewValues ? (distinct > 2 ? 'chisquare' : 'z') : 'ks';
  return fewValues ? 'jensenshannon' : 'wasserstein';
}

function whyOf(name: EvidentlyTest, kind: 'numeric' | 'categorical', n: number, distinct: number): string {
  const count = (x: number) => x.toLocaleString('en-US');
  const size = `${count(n)} reference values (${n <= EVIDENTLY_SMALL_N ? '≤' : '>'} ${count(EVIDENTLY_SMALL_N)})`;
  const values = kind === 'categorical' ? 'Categorical' : distinct <= 5 ? `Numeric with ${distinct} distinct values (≤ 5)` : `Numeric with ${count(distinct)} distinct values`;
  const rule = EVIDENTLY_TESTS[name].score === 'p-value' ? `drift when p < ${EVIDENTLY_TESTS[name].threshold}` : `drift when ≥ ${EVIDENTLY_TESTS[name].threshold}`;
  return `${values}, ${size}: Evidently's default test is the ${EVIDENTLY_TESTS[name].label}; ${rule}`;
}

function testResult(name: EvidentlyTest, score: number, kind: 'numeric' | 'categorical', n: number, distinct: number): ColumnTestResult {
  const t = EVIDENTLY_TESTS[name];
  const drift = t.score === 'p-value' ? score < t.threshold : score >= t.threshold;
  return { name, label: t.label, score, threshold: t.threshold, drift, why: whyOf(name, kind, n, distinct) };
}

/** χ², z-test and Jensen–Shannon from category counts (the union's keys; either map may lack a key). */
function fromCounts(rc: ReadonlyMap<string, number>, cc: ReadonlyMap<string, number>) {
  // Sorted, so sums run in one order whichever way the counts were gathered (SQL GROUP BY or a Map in row order).
  const keys = [...new Set([...rc.keys(), ...cc.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const r = keys.map((k) => rc.get(k) ?? 0);
  const c = keys.map((k) => cc.get(k) ?? 0);
  const n = r.reduce((a, b) => a + b, 0);
  const m = c.reduce((a, b) => a + b, 0);
  const chi = keys.length > 1 ? evidentlyChiSquare(r, c) : null;
  // z-test on "not the first key" (its sign depends on which key is first; its two-sided p does not).
  const z = keys.length === 1 ? { z: 0, pvalue: 1 } : proportionZTest(n - r[0]!, n, m - c[0]!, m);
  return { keys, n, m, chi, z, jsE: jensenShannonDistance(r, c), js2: jensenShannonDistance(r, c, 2) };
}

function scoreFromCounts(name: EvidentlyTest, f: ReturnType<typeof fromCounts>): number {
  if (name === 'chisquare') return f.chi?.pvalue ?? 1;
  if (name === 'z') return f.z.pvalue;
  return f.jsE;
}

/** Drift statistics of a categorical column from its counts per category in each window. */
export function categoricalColumnStats(rc: ReadonlyMap<string, number>, cc: ReadonlyMap<string, number>): ColumnStats {
  const f = fromCounts(rc, cc);
  if (f.n === 0 || f.m === 0) throw new RangeError(`A column needs values in both windows (reference ${f.n}, current ${f.m}).`);
  const name = evidentlyDefaultTest('categorical', f.n, f.keys.length);
  return {
    kind: 'categorical',
    referenceCount: f.n,
    currentCount: f.m,
    distinct: f.keys.length,
    chiSquare: f.chi,
    jensenShannon: f.js2,
    test: testResult(name, scoreFromCounts(name, f), 'categorical', f.n, f.keys.length),
  };
}

/**
 * One pass over a numeric column's pooled distinct values in ascending order, each with its count in the reference
 * and in the current window (a merge of two sorted arrays, or SQL's GROUP BY value ORDER BY value): the KS
 * statistic, W₁, the reference's mean and population SD (weighted Welford), the number of distinct values and the
 * counts of the first six (enough for Evidently's "≤ 5 distinct values" rule). Fixed-size state.
 */
export class NumericPass {
  private i = 0;
  private j = 0;
  private prev = Number.NaN;
  private gap = 0;
  private w1 = 0;
  private mean = 0;
  private m2 = 0;
  private best = 0;
  private location = Number.NaN;
  private sign: 1 | -1 = 1;
  distinct = 0;
  readonly few: [number, number, number][] = [];

  constructor(
    readonly n: number,
    readonly m: number,
  ) {}

  add(x: number, refCount: number, curCount: number): void {
    if (!Number.isNaN(this.prev)) this.w1 += this.gap * (x - this.prev);
    if (Number.isNaN(this.location)) this.location = x;
    if (refCount > 0) {
      const total = this.i + refCount;
      const d = x - this.mean;
      this.mean += (d * refCount) / total;
      this.m2 += d * refCount * (x - this.mean);
    }
    this.i += refCount;
    this.j += curCount;
    const diff = this.i / this.n - this.j / this.m;
    if (Math.abs(diff) > this.best) {
      this.best = Math.abs(diff);
      this.location = x;
      this.sign = diff >= 0 ? 1 : -1;
    }
    this.gap = Math.abs(diff);
    this.prev = x;
    if (this.distinct < 6) this.few.push([x, refCount, curCount]);
    this.distinct++;
  }

  /** The KS statistic, where it is reached and its sign (reference ECDF minus current). */
  get ks(): { statistic: number; location: number; sign: 1 | -1 } {
    return { statistic: this.best, location: this.location, sign: this.sign };
  }

  /** The column's statistics; `ks` may be passed when already computed (same statistic). */
  finish(): ColumnStats {
    const { n, m } = this;
    if (n === 0 || m === 0) throw new RangeError(`A column needs values in both windows (reference ${n}, current ${m}).`);
    const ks = ksFromStatistic(n, m, this.best, this.location, this.sign);
    const sd = Math.sqrt(this.m2 / n);
    const wasserstein = { distance: this.w1, referenceSd: sd, normed: normedWasserstein(this.w1, sd) };
    const name = evidentlyDefaultTest('numeric', n, this.distinct);
    let score: number;
    if (name === 'ks') score = ks.pvalue;
    else if (name === 'wasserstein') score = wasserstein.normed;
    else {
      const rc = new Map(this.few.map(([x, r]) => [String(x), r]));
      const cc = new Map(this.few.map(([x, , c]) => [String(x), c]));
      score = scoreFromCounts(name, fromCounts(rc, cc));
    }
    return {
      kind: 'numeric',
      referenceCount: n,
      currentCount: m,
      distinct: this.distinct,
      ks: { statistic: ks.statistic, pvalue: ks.pvalue, method: ks.method },
      wasserstein,
      test: testResult(name, score, 'numeric', n, this.distinct),
    };
  }
}

/** Numeric column statistics from two samples (finite values only; each sorted here). */
export function numericColumnStats(reference: ArrayLike<number>, current: ArrayLike<number>): ColumnStats {
  const a = Float64Array.from(reference).filter(Number.isFinite).sort();
  const b = Float64Array.from(current).filter(Number.isFinite).sort();
  const pass = new NumericPass(a.length, b.length);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length && (j >= b.length || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    let r = 0;
    let c = 0;
    while (i < a.length && a[i] === x) {
      i++;
      r++;
    }
    while (j < b.length && b[j] === x) {
      j++;
      c++;
    }
    pass.add(x, r, c);
  }
  return pass.finish();
}

/** Categorical column statistics from two lists of values (empty values already removed). */
export function categoricalStatsOf(reference: readonly string[], current: readonly string[]): ColumnStats {
  const count = (xs: readonly string[]) => {
    const mp = new Map<string, number>();
    for (const x of xs) mp.set(x, (mp.get(x) ?? 0) + 1);
    return mp;
  };
  return categoricalColumnStats(count(reference), count(current));
}

export type DatasetDrift = Readonly<{ columns: number; drifted: number; share: number; threshold: number; drift: boolean }>;

/**
 * Dataset-level drift as Evidently's get_dataset_drift: share = drifted columns / columns tested, dataset drift when
 * share ≥ drift_share (default 0.5). No columns: share 0, no drift.
 */
export function datasetDrift(verdicts: readonly boolean[], threshold = DEFAULT_DRIFT_SHARE): DatasetDrift {
  const drifted = verdicts.filter(Boolean).length;
  const share = verdicts.length ? drifted / verdicts.length : 0;
  return { columns: verdicts.length, drifted, share, threshold, drift: verdicts.length > 0 && share >= threshold };
}
