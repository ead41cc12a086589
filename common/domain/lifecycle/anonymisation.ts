import { DomainInputError } from '../errors';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { column, requireRows, tidy, toNumber } from './table';
import type { Cell, LogTable } from './table';

export type AnonymisationSpec = Readonly<{
  /** Columns that together could single a person out (age band, postcode, region …), checked on the released log. */
  quasiIdentifiers: readonly string[];
  k: number;
  /** A numeric column whose mean is the metric the team cares about, compared before/after. */
  metric?: string;
}>;

export type ColumnUtility = Readonly<{
  column: string;
  status: 'kept' | 'dropped' | 'changed';
  kind: 'number' | 'text';
  /** number: mean and median before/after; text: distinct values before/after. */
  before: Readonly<{ mean?: number | null; median?: number | null; distinct?: number }>;
  after: Readonly<{ mean?: number | null; median?: number | null; distinct?: number }> | null;
  /**
   * Distribution distance, 0 = the same. Numbers: the KS statistic (largest gap between the two ECDFs). Text: the
   * total variation distance ½ Σ|p − q| between the frequency profiles sorted by frequency, which ignores the
   * labels themselves, so a consistent pseudonym (one token per value) scores 0.
   */
  distance: number | null;
}>;

export type AnonymisationResult = Readonly<{
  rowsBefore: number;
  rowsAfter: number;
  columns: readonly ColumnUtility[];
  metric: Readonly<{ column: string; before: number | null; after: number | null; change: number | null }> | null;
  kAnonymity: Readonly<{ k: number; quasiIdentifiers: readonly string[]; groups: number; smallestGroup: number; rowsBelowK: number; shareBelowK: number; satisfied: boolean }>;
}>;

const isNumberCol = (xs: readonly Cell[]) => xs.some((v) => v !== null && v !== '') && xs.every((v) => v === null || v === '' || typeof toNumber(v) === 'number');
const nums = (xs: readonly Cell[]) => xs.map(toNumber).filter((x): x is number => typeof x === 'number');
const mean = (xs: number[]) => (xs.length ? tidy(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** Largest |F₁(x) − F₂(x)| over the pooled values (two-sample KS statistic). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0, j = 0, d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return tidy(d);
}

function profileDistance(a: readonly Cell[], b: readonly Cell[]): number {
  const prof = (xs: readonly Cell[]) => {
    const m = new Map<string, number>();
    for (const v of xs) if (v !== null && v !== '') m.set(String(v), (m.get(String(v)) ?? 0) + 1);
    const n = [...m.values()].reduce((s, c) => s + c, 0);
    return [...m.values()].sort((x, y) => y - x).map((c) => c / Math.max(n, 1));
  };
  const p = prof(a), q = prof(b);
  let s = 0;
  for (let i = 0; i < Math.max(p.length, q.length); i++) s += Math.abs((p[i] ?? 0) - (q[i] ?? 0));
  return tidy(s / 2);
}

/**
 * Utility after anonymisation: each column of the original log is *dropped* (absent after), *changed* (same name,
 * different values: pseudonymised) or *kept*; numbers are compared by mean, median and KS statistic, text by
 * distinct count and the frequency-profile distance. A chosen metric (a column's mean) before/after. k-anonymity
 * on the released log over the quasi-identifiers: rows grouped by their QI values; the smallest group, and the
 * share of rows in groups smaller than k (Sweeney 2002: the release is k-anonymous when every group has ≥ k rows).
 */
export function anonymisationUtility(before: LogTable, after: LogTable, spec: AnonymisationSpec): AnonymisationResult {
  requireRows(before, 'the anonymisation check');
  requireRows(after, 'the anonymisation check');
  if (!Number.isInteger(spec.k) || spec.k < 2) throw new DomainInputError(`k must be a whole number ≥ 2 (got ${spec.k}).`);
  if (spec.quasiIdentifiers.length === 0) throw new DomainInputError('Choose at least one quasi-identifier column for the k-anonymity check.');
  const columns = Object.keys(before.columns).map((name): ColumnUtility => {
    const b = before.columns[name]!;
    const a = after.columns[name];
    const numeric = isNumberCol(b);
    const describe = (xs: readonly Cell[]) => {
      if (!numeric) return { distinct: new Set(xs.filter((v) => v !== null && v !== '').map(String)).size };
      const s = sortedFinite(nums(xs));
      return { mean: mean([...s]), median: s.length ? tidy(quantileSorted(s, 0.5)) : null };
    };
    if (!a) return { column: name, status: 'dropped', kind: numeric ? 'number' : 'text', before: describe(b), after: null, distance: null };
    const same = a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
    const distance = numeric && isNumberCol(a) ? ksStatistic(sortedFinite(nums(b)), sortedFinite(nums(a))) : profileDistance(b, a);
    return { column: name, status: same ? 'kept' : 'changed', kind: numeric ? 'number' : 'text', before: describe(b), after: describe(a), distance };
  });
  let metric: AnonymisationResult['metric'] = null;
  if (spec.metric) {
    const mb = mean(nums(column(before, spec.metric)));
    const ma = after.columns[spec.metric] ? mean(nums(after.columns[spec.metric]!)) : null;
    metric = { column: spec.metric, before: mb, after: ma, change: mb !== null && ma !== null ? tidy(ma - mb) : null };
  }
  const qi = spec.quasiIdentifiers.map((c) => column(after, c));
  const groups = new Map<string, number>();
  for (let i = 0; i < after.rowCount; i++) {
    const key = JSON.stringify(qi.map((c) => c[i] ?? null));
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const sizes = [...groups.values()];
  const below = sizes.filter((s) => s < spec.k).reduce((a, s) => a + s, 0);
  const smallest = Math.min(...sizes);
  return {
    rowsBefore: before.rowCount,
    rowsAfter: after.rowCount,
    columns,
    metric,
    kAnonymity: { k: spec.k, quasiIdentifiers: spec.quasiIdentifiers, groups: sizes.length, smallestGroup: smallest, rowsBelowK: below, shareBelowK: tidy(below / after.rowCount), satisfied: smallest >= spec.k },
  };
}
