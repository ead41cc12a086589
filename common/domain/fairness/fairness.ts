/** A rate that can be undefined (no rows in its denominator). JSON carries undefined as null. */
export type Rate = number | null;

export type GroupRates = Readonly<{
  group: string;
  count: number;
  /** Rows with y = positive label / negative label (denominators of TPR / FPR). */
  positives: number;
  negatives: number;
  selection_rate: Rate;
  tpr: Rate;
  fpr: Rate;
  precision: Rate;
}>;

export type Disparities = Readonly<{
  demographic_parity_difference: Rate;
  demographic_parity_ratio: Rate;
  equalized_odds_difference: Rate;
  equalized_odds_ratio: Rate;
}>;

export type FairnessReport = Readonly<
  Disparities & {
    groups: readonly GroupRates[];
    overall: GroupRates;
    to_overall: Disparities;
    /** TPR and FPR differences separately (equalized odds takes the worse one). */
    components: Readonly<{ tpr_difference: Rate; fpr_difference: Rate; tpr_ratio: Rate; fpr_ratio: Rate }>;
    warnings: readonly string[];
  }
>;

export type FairnessRow = Readonly<{ label: boolean; prediction: boolean; group: string }>;

/** Groups smaller than this get a "small group" warning: rates from a handful of rows swing widely. */
export const SMALL_GROUP = 30;
/** A group with fewer positives (negatives) than this gets a warning: its TPR (FPR) rests on a handful of rows. */
export const SMALL_CLASS = 5;

/**
 * The sample-size rule, shown beside each group: fewer than SMALL_GROUP (30) rows, or fewer than SMALL_CLASS (5)
 * rows with the positive label (TPR) or with the negative label (FPR). A rate from 4 positives moves in steps of
 * 0.25, so a gap between such groups says little. Empty when the group is large enough.
 */
export function sampleSizeIssues(g: Pick<GroupRates, 'count' | 'positives' | 'negatives'>): string[] {
  const out: string[] = [];
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (g.count < SMALL_GROUP) out.push(`${n(g.count, 'row')} < ${SMALL_GROUP}`);
  if (g.positives < SMALL_CLASS) out.push(`${n(g.positives, 'positive')} < ${SMALL_CLASS}`);
  if (g.negatives < SMALL_CLASS) out.push(`${n(g.negatives, 'negative')} < ${SMALL_CLASS}`);
  return out;
}

/** The group of a row in an intersectional assessment (two group columns): "EU × web". */
export function intersectionGroup(a: string, b: string): string {
  return `${a} × ${b}`;
}

const ratio = (a: number, b: number): number => a / b;

/** What every rate of a set of rows is computed from: rows, predicted positive, label positive/negative, TP, FP. */
export type RateCounts = { n: number; sel: number; pos: number; neg: number; tp: number; fp: number };

export const emptyCounts = (): RateCounts => ({ n: 0, sel: 0, pos: 0, neg: 0, tp: 0, fp: 0 });

/** Adds `k` rows with this label and prediction to the counts. */
export function addRows(c: RateCounts, label: boolean, prediction: boolean, k = 1): void {
  c.n += k;
  if (prediction) c.sel += k;
  if (label) {
    c.pos += k;
    if (prediction) c.tp += k;
  } else {
    c.neg += k;
    if (prediction) c.fp += k;
  }
}

function rates(group: string, rows: readonly FairnessRow[]): GroupRates {
  const c = emptyCounts();
  for (const r of rows) addRows(c, r.label, r.prediction);
  return ratesFromCounts(group, c);
}

function ratesFromCounts(group: string, { n, sel, pos, neg, tp, fp }: RateCounts): GroupRates {
  return {
    group,
    count: n,
    positives: pos,
    negatives: neg,
    selection_rate: n ? ratio(sel, n) : null,
    tpr: pos ? ratio(tp, pos) : null,
    fpr: neg ? ratio(fp, neg) : null,
    precision: sel ? ratio(tp, sel) : null,
  };
}

function defined(xs: readonly Rate[]): number[] {
  return xs.filter((x): x is number => x !== null && Number.isFinite(x));
}

/** Fairlearn MetricFrame.difference(method="between_groups"): max − min over groups with a defined value. */
export function betweenGroupsDifference(xs: readonly Rate[]): Rate {
  const d = defined(xs);
  return d.length < 2 ? null : Math.max(...d) - Math.min(...d);
}

/** Fairlearn MetricFrame.ratio(method="between_groups"): min/max; undefined when max is 0. */
export function betweenGroupsRatio(xs: readonly Rate[]): Rate {
  const d = defined(xs);
  if (d.length < 2) return null;
  const max = Math.max(...d);
  return max === 0 ? null : Math.min(...d) / max;
}

/** MetricFrame.difference(method="to_overall"): maxₐ |m(a) − m(overall)|. */
export function toOverallDifference(xs: readonly Rate[], overall: Rate): Rate {
  const d = defined(xs);
  if (overall === null || d.length === 0) return null;
  return Math.max(...d.map((x) => Math.abs(x - overall)));
}

/** MetricFrame.ratio(method="to_overall"): minₐ min(m(a)/overall, overall/m(a)), with 0/x = 0. */
export function toOverallRatio(xs: readonly Rate[], overall: Rate): Rate {
  const d = defined(xs);
  if (overall === null || overall === 0 || d.length === 0) return null;
  return Math.min(...d.map((x) => (x === 0 ? 0 : Math.min(x / overall, overall / x))));
}

const worst = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : Math.max(a, b));
const least = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : Math.min(a, b));

/**
 * Group fairness metrics with Fairlearn semantics (fairlearn.metrics; STATS.md §6):
 * selection rate = mean(ŷ = 1), TPR = P(ŷ=1 | y=1), FPR = P(ŷ=1 | y=0), precision = P(y=1 | ŷ=1);
 * demographic_parity_difference = maxₐ sel − minₐ sel, ratio = min/max;
 * equalized_odds_difference = max(TPR difference, FPR difference) (agg="worst_case"), ratio = min(TPR ratio, FPR ratio);
 * `to_overall` compares each group with the overall rate instead.
 * An undefined rate (TPR of a group without positives …) is null with a warning, never 0; the group is left out of
 * that metric's aggregate. Reference: Fairlearn user guide, "Common fairness metrics" and MetricFrame.
 */
export function fairnessMetrics(rows: readonly FairnessRow[]): FairnessReport {
  const byGroup = new Map<string, FairnessRow[]>();
  for (const r of rows) {
    const list = byGroup.get(r.group);
    if (list) list.push(r);
    else byGroup.set(r.group, [r]);
  }
  if (byGroup.size < 2) throw new RangeError(`Fairness needs at least 2 groups (found ${byGroup.size}).`);
  const groups = [...byGroup.keys()].sort((a, b) => a.localeCompare(b)).map((g) => rates(g, byGroup.get(g)!));
  return fairnessFromRates(groups, rates('(overall)', rows));
}

/** fairnessMetrics from counts per group (a GROUP BY in SQL): the same report as over the rows. */
export function fairnessFromCounts(byGroup: ReadonlyMap<string, RateCounts>): FairnessReport {
  if (byGroup.size < 2) throw new RangeError(`Fairness needs at least 2 groups (found ${byGroup.size}).`);
  const groups = [...byGroup.keys()].sort((a, b) => a.localeCompare(b)).map((g) => ratesFromCounts(g, byGroup.get(g)!));
  const all = emptyCounts();
  for (const c of byGroup.values()) for (const k of ['n', 'sel', 'pos', 'neg', 'tp', 'fp'] as const) all[k] += c[k];
  return fairnessFromRates(groups, ratesFromCounts('(overall)', all));
}

function fairnessFromRates(groups: GroupRates[], overall: GroupRates): FairnessReport {
  const sel = groups.map((g) => g.selection_rate);
  const tpr = groups.map((g) => g.tpr);
  const fpr = groups.map((g) => g.fpr);
  const warnings: string[] = [];
  for (const g of groups) {
    if (g.count < SMALL_GROUP) warnings.push(`Group "${g.group}" has only ${g.count} rows (fewer than ${SMALL_GROUP}); its rates are unstable.`);
    if (g.positives > 0 && g.positives < SMALL_CLASS) warnings.push(`Group "${g.group}" has only ${g.positives} row${g.positives === 1 ? '' : 's'} with the positive label (fewer than ${SMALL_CLASS}); its TPR is unstable.`);
    if (g.negatives > 0 && g.negatives < SMALL_CLASS) warnings.push(`Group "${g.group}" has only ${g.negatives} row${g.negatives === 1 ? '' : 's'} with the negative label (fewer than ${SMALL_CLASS}); its FPR is unstable.`);
    if (g.tpr === null) warnings.push(`TPR is undefined for group "${g.group}": it has no rows with the positive label. It is left out of equalized odds.`);
    if (g.fpr === null) warnings.push(`FPR is undefined for group "${g.group}": it has no rows with the negative label. It is left out of equalized odds.`);
    if (g.precision === null) warnings.push(`Precision is undefined for group "${g.group}": no row was predicted positive.`);
  }
  const tprDiff = betweenGroupsDifference(tpr);
  const fprDiff = betweenGroupsDifference(fpr);
  const tprRatio = betweenGroupsRatio(tpr);
  const fprRatio = betweenGroupsRatio(fpr);
  const dpr = betweenGroupsRatio(sel);
  if (dpr === null) warnings.push('Demographic parity ratio is undefined: no group has any positive prediction.');
  if (tprRatio === null || fprRatio === null) warnings.push('Equalized odds ratio is undefined: a TPR or FPR ratio has a zero or missing maximum.');
  return {
    groups,
    overall,
    demographic_parity_difference: betweenGroupsDifference(sel),
    demographic_parity_ratio: dpr,
    equalized_odds_difference: worst(tprDiff, fprDiff),
    equalized_odds_ratio: least(tprRatio, fprRatio),
    to_overall: {
      demographic_parity_difference: toOverallDifference(sel, overall.selection_rate),
      demographic_parity_ratio: toOverallRatio(sel, overall.selection_rate),
      equalized_odds_difference: worst(toOverallDifference(tpr, overall.tpr), toOverallDifference(fpr, overall.fpr)),
      equalized_odds_ratio: least(toOverallRatio(tpr, overall.tpr), toOverallRatio(fpr, overall.fpr)),
    },
    components: { tpr_difference: tprDiff, fpr_difference: fprDiff, tpr_ratio: tprRatio, fpr_ratio: fprRatio },
    warnings,
  };
}

/** Turns raw cell values into a boolean "is the positive label": numbers compare numerically ("1.0" = 1). */
export function isPositive(value: unknown, posLabel: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return String(value) === posLabel.toLowerCase() || (value && posLabel === '1');
  // A boolean column is stored as 1/0 and profiled as true/false: "true" picks 1, "false" picks 0.
  const word = posLabel.trim().toLowerCase();
  if (typeof value === 'number' && (word === 'true' || word === 'false')) return value === (word === 'true' ? 1 : 0);
  const s = String(value).trim();
  const a = Number(s);
  const b = Number(posLabel);
  if (s !== '' && posLabel.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a === b;
  return s === posLabel;
}

export type FairnessGate = Readonly<{
  metric: keyof Disparities;
  threshold: number;
  value: Rate;
  /** null: the data cannot decide (see `undecidedReason`); never a pass. */
  pass: boolean | null;
  /** Why the gate could not decide, e.g. the positive label never occurs. Absent when it decided. */
  undecidedReason?: string;
}>;

/**
 * Why a fairness result cannot support a decision, or null when it can: the positive label never occurs (every
 * TPR is undefined, and a classifier that flags nobody looks perfectly fair), or no row in any group was
 * predicted positive (every selection rate is 0, so demographic parity "passes" trivially). Either way a gate
 * reading this result is inconclusive, never a pass.
 */
export function fairnessDegenerate(report: FairnessReport): string | null {
  const o = report.overall;
  if (o.positives === 0) return `the positive label never occurs in the ${o.count} rows`;
  if (o.selection_rate === 0) return `no row in any group was predicted positive (${o.count} rows)`;
  return null;
}

/**
 * Pass/fail against the team's threshold: differences pass when ≤ threshold, ratios when ≥ threshold
 * (e.g. the four-fifths reading of demographic_parity_ratio ≥ 0.8). Undefined metric or a degenerate result
 * (`fairnessDegenerate`) → pass null (cannot decide), with the reason.
 */
export function fairnessGate(report: FairnessReport, metric: keyof Disparities, threshold: number): FairnessGate {
  const value = report[metric];
  const degenerate = fairnessDegenerate(report);
  if (degenerate !== null) return { metric, threshold, value, pass: null, undecidedReason: degenerate };
  if (value === null) return { metric, threshold, value, pass: null, undecidedReason: `${metric} is undefined for this data` };
  const pass = metric.endsWith('ratio') ? value >= threshold : value <= threshold;
  return { metric, threshold, value, pass };
}
