import type { BucketPoint } from '../kpi/aggregate';
import { crosses } from '../kpi/status';
import { psiFromFractions } from '../drift/psi';
import { buildChart } from '../spc/buildChart';
import { describeTest } from '../spc/runRules';
import type { TestNumber } from '../spc/runRules';
import type { SpcPanel, SpcPoint, Subgroup } from '../spc/types';
import type { DriftGuardrail, KpiGuardrail } from './guardrails';

export type CheckStatus = 'pass' | 'fail' | 'no-data';
export type CheckKind = 'limits' | 'special-cause' | 'threshold' | 'drift' | 'fairness';

/** One line of `kaizen guardrails check --json`. */
export type GuardrailCheck = Readonly<{
  name: string;
  kind: CheckKind;
  status: CheckStatus;
  value: number | null;
  limit: number | null;
  detail: string;
}>;

const num = (x: number, unit = ''): string => `${Number(x.toPrecision(5))}${unit ? ` ${unit}` : ''}`;

function bucketLabel(t: number, bucket: KpiGuardrail['definition']['bucket']): string {
  const iso = new Date(t).toISOString();
  return bucket === 'hour' ? `${iso.slice(0, 13)}:00Z` : bucket === 'week' ? `week of ${iso.slice(0, 10)}` : iso.slice(0, 10);
}

/**
 * Subgroups of the new log's buckets for the KPI's chart, as the KPI service forms them: one value per bucket (I-MR,
 * EWMA, CUSUM), the bucket's rows as a subgroup (X̄-R, X̄-S: `raw`), defectives and rows (P, NP, U), a count (C).
 */
function subgroupsOf(g: KpiGuardrail, points: readonly BucketPoint[], raw?: ReadonlyMap<number, readonly number[]>): Subgroup[] {
  const label = (p: BucketPoint) => bucketLabel(p.start, g.definition.bucket);
  switch (g.limits.chart) {
    case 'xbar-r':
    case 'xbar-s':
      return points.map((p) => ({ label: label(p), values: raw?.get(p.start) ?? [], time: p.start }));
    case 'p':
    case 'np':
    case 'u':
      return points.map((p) => ({ label: label(p), values: [Math.round(p.value * p.n)], size: p.n, time: p.start }));
    default:
      return points.map((p) => ({ label: label(p), values: [p.value], time: p.start }));
  }
}

type Side = 'up' | 'down' | 'both' | 'none';

/**
 * Which side a special-cause signal points to. Tests 1, 2, 5, 6: the flagged point's side of the centre line;
 * test 3 (trend): up when the run rose; test 8: the side of the K points if they are all on one, else both;
 * test 4 (alternating, over-adjustment): both; test 7 (hugging the centre line: less variation): none.
 */
function signalSide(panel: SpcPanel, at: number, test: TestNumber, k: number): Side {
  const p = panel.points[at]!;
  const side = (q: SpcPoint): Side => (q.value > q.center ? 'up' : q.value < q.center ? 'down' : 'none');
  switch (test) {
    case 3: {
      const first = panel.points[Math.max(0, at - k + 1)]!;
      return p.value > first.value ? 'up' : 'down';
    }
    case 4:
      return 'both';
    case 7:
      return 'none';
    case 8: {
      const sides = new Set(panel.points.slice(Math.max(0, at - k + 1), at + 1).map(side));
      return sides.size === 1 ? [...sides][0]! : 'both';
    }
    default:
      return side(p);
  }
}

/** The side that is bad for the KPI: up when lower is better, down when higher is better. */
const badSide = (g: KpiGuardrail): Side => (g.direction === 'lower' ? 'up' : 'down');
const isBad = (g: KpiGuardrail, s: Side) => s === 'both' || s === badSide(g);

/**
 * The KPI's checks on a new log's buckets, with the same chart code as the app (buildChart) and the event's held
 * limits given as known standards (Phase II: centre and σ are not re-estimated). Checks:
 * - `limits`: points beyond the held limits (test 1). Fails only on the bad side; beyond on the good side passes
 *   with "an improvement" in the detail (a latency KPI below its LCL).
 * - `special-cause`: the other tests in force (2–8) on the location panel; a signal fails when it points to the bad
 *   side, or to neither side in particular (test 4 alternation, test 8 on both sides); test 7 (less variation) and
 *   good-side runs pass with a note. Not for EWMA and CUSUM, whose one rule is their limit.
 * - `threshold`: any bucket beyond the KPI's alert threshold on the bad side.
 */
export function kpiChecks(g: KpiGuardrail, points: readonly BucketPoint[], raw?: ReadonlyMap<number, readonly number[]>): GuardrailCheck[] {
  const L = g.limits;
  const unit = g.unit;
  const name = (what: string) => `${g.name}: ${what}`;
  const hasTests = L.chart !== 'ewma' && L.chart !== 'cusum' && g.tests.enabled.some((t) => t !== 1);
  const kinds: [CheckKind, string][] = [['limits', 'held control limits'], ...(hasTests ? [['special-cause', 'special-cause tests'] as [CheckKind, string]] : []), ...(g.alertThreshold !== null ? [['threshold', 'alert threshold'] as [CheckKind, string]] : [])];
  const minPoints = 2;
  if (points.length < minPoints) {
    const detail = `${points.length} ${g.definition.bucket}${points.length === 1 ? '' : 's'} of data in the log; the check needs at least ${minPoints}.`;
    return kinds.map(([kind, what]) => ({ name: name(what), kind, status: 'no-data', value: null, limit: null, detail }));
  }
  const subgroups = subgroupsOf(g, points, raw);
  const meanN = points.reduce((s, p) => s + p.n, 0) / points.length;
  // buildChart's known centre for NP is n·p̄ (it divides by the mean n again).
  const center = L.chart === 'np' ? L.center * meanN : L.center;
  const chart = buildChart({
    chart: L.chart,
    subgroups,
    known: { center, sigma: L.chart === 'p' || L.chart === 'np' || L.chart === 'c' || L.chart === 'u' ? undefined : L.sigma },
    tests: { enabled: g.tests.enabled as TestNumber[], k: g.tests.k },
    nsigmas: L.nsigmas,
    lambda: L.lambda,
    cusumK: L.cusumK,
    cusumH: L.cusumH,
  });
  const located = chart.panels.filter((p, i) => i === 0 || p.statistic === 'cusum-lower');
  const out: GuardrailCheck[] = [];
  const held = `held from "${L.stage}" (${L.from} – ${L.to}, ${L.points} points)`;
  const last = points[points.length - 1]!;

  // Limits (test 1): which points are beyond, on which side.
  const bad: SpcPoint[] = [];
  const good: SpcPoint[] = [];
  for (const panel of located) {
    for (const q of panel.points) {
      const up = q.value > q.ucl;
      const down = q.value < q.lcl;
      if (!up && !down) continue;
      // The lower CUSUM sum below −H is a downward shift of the process.
      const side: Side = panel.statistic === 'cusum-lower' ? 'down' : up ? 'up' : 'down';
      (isBad(g, side) ? bad : good).push(q);
    }
  }
  const badLimit = (q: SpcPoint | undefined) => (q ? (g.direction === 'lower' ? q.ucl : q.lcl) : null);
  const lastPt = located[0]!.points[located[0]!.points.length - 1]!;
  const limitWord = g.direction === 'lower' ? 'UCL' : 'LCL';
  const outside = g.direction === 'lower' ? 'above' : 'below';
  const cusum = L.chart === 'cusum';
  if (bad.length > 0) {
    const worst = bad.reduce((a, b) => (Math.abs(b.value - b.center) > Math.abs(a.value - a.center) ? b : a));
    out.push({
      name: name('held control limits'),
      kind: 'limits',
      status: 'fail',
      value: worst.value,
      limit: badLimit(worst),
      detail: `${bad.length} of ${lastPt.index} points ${cusum ? `show a ${badSide(g) === 'up' ? 'rise' : 'fall'} (CUSUM beyond H)` : `${outside} the ${limitWord}`} — the bad side for a KPI where ${g.direction} is better; first ${bad[0]!.subgroup} (${num(bad[0]!.value, unit)}), worst ${worst.subgroup} (${num(worst.value, unit)} against ${num(badLimit(worst)!, unit)}); limits ${held}.`,
    });
  } else {
    const note = good.length > 0 ? ` ${good.length} point${good.length === 1 ? '' : 's'} beyond the limit on the good side (${good[0]!.subgroup}: ${num(good[0]!.value, unit)}) — an improvement, not a failure.` : '';
    out.push({ name: name('held control limits'), kind: 'limits', status: 'pass', value: lastPt.value, limit: badLimit(lastPt), detail: `All ${lastPt.index} points within the ${limitWord} on the bad side; limits ${held}.${note}` });
  }

  if (hasTests) {
    const panel = located[0]!;
    const failing: string[] = [];
    const noted: string[] = [];
    panel.points.forEach((q, at) => {
      for (const t of q.tests) {
        if (t === 1) continue;
        const side = signalSide(panel, at, t, g.tests.k[t]);
        const text = `${q.subgroup} (${num(q.value, unit)}): ${describeTest(t, g.tests.k[t])}`;
        if (isBad(g, side)) failing.push(text);
        else noted.push(`${text}${side === 'none' ? ' — less variation' : ' — on the good side'}`);
      }
    });
    const enabled = g.tests.enabled.filter((t) => t !== 1).join(', ');
    out.push(
      failing.length > 0
        ? { name: name('special-cause tests'), kind: 'special-cause', status: 'fail', value: failing.length, limit: 0, detail: `${failing.length} signal${failing.length === 1 ? '' : 's'} on the bad side (tests ${enabled} in force): ${failing.slice(0, 3).join('; ')}${failing.length > 3 ? ` … and ${failing.length - 3} more` : ''}.` }
        : { name: name('special-cause tests'), kind: 'special-cause', status: 'pass', value: 0, limit: 0, detail: `No signal on the bad side (tests ${enabled} in force).${noted.length ? ` Noted: ${noted.slice(0, 2).join('; ')}${noted.length > 2 ? ` … and ${noted.length - 2} more` : ''}.` : ''}` },
    );
  }

  if (g.alertThreshold !== null) {
    const th = g.alertThreshold;
    const over = points.filter((p) => crosses(p.value, th, g.direction));
    const worst = over.reduce<BucketPoint | null>((a, b) => (a === null || Math.abs(b.value - th) > Math.abs(a.value - th) ? b : a), null);
    out.push(
      worst
        ? { name: name('alert threshold'), kind: 'threshold', status: 'fail', value: worst.value, limit: th, detail: `${over.length} of ${points.length} ${g.definition.bucket}s ${outside} the alert threshold ${num(th, unit)}; first ${bucketLabel(over[0]!.start, g.definition.bucket)} (${num(over[0]!.value, unit)}), worst ${bucketLabel(worst.start, g.definition.bucket)} (${num(worst.value, unit)}).` }
        : { name: name('alert threshold'), kind: 'threshold', status: 'pass', value: last.value, limit: th, detail: `No ${g.definition.bucket} ${outside} the alert threshold ${num(th, unit)}; latest ${bucketLabel(last.start, g.definition.bucket)}: ${num(last.value, unit)}.` },
    );
  }
  return out;
}

/** The bin of x among the inner edges: the number of edges ≤ x (bins (−∞, e₁), [e₁, e₂) … [e_k, +∞)). */
function binOf(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * PSI of a new sample against the reference bins in the guardrails file: the current fractions are counted into
 * the same bins, empty bins get the file's fill (ε), and PSI = Σ (cur − ref)·ln(cur/ref) — the numbers the drift
 * analysis gives with the reference data itself (its reference fractions are stored after the same fill).
 * Categorical: a category the reference never had gets a bin with the fill as its reference fraction.
 */
export function psiAgainstReference(d: DriftGuardrail, sample: Readonly<{ numbers?: ArrayLike<number>; categories?: ReadonlyMap<string, number> }>): { psi: number; n: number } {
  let counts: number[];
  let ref = [...d.reference];
  if (d.kind === 'numeric') {
    counts = new Array<number>(d.edges.length + 1).fill(0);
    const xs = sample.numbers ?? [];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (Number.isFinite(x)) counts[binOf(x, d.edges)]!++;
    }
  } else {
    const cats = sample.categories ?? new Map<string, number>();
    counts = d.categories.map((c) => cats.get(c) ?? 0);
    for (const [c, k] of cats) {
      if (d.categories.includes(c)) continue;
      counts.push(k);
      ref.push(d.fill);
    }
  }
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { psi: Number.NaN, n };
  const cur = counts.map((c) => (c === 0 ? d.fill : c / n));
  ref = ref.map((r) => (r === 0 ? d.fill : r));
  return { psi: psiFromFractions(ref, cur), n };
}

/** The drift check: fails when PSI ≥ the threshold (drift has no good side). */
export function driftCheck(d: DriftGuardrail, sample: Readonly<{ numbers?: ArrayLike<number>; categories?: ReadonlyMap<string, number> }>): GuardrailCheck {
  const { psi, n } = psiAgainstReference(d, sample);
  const name = `${d.name}: drift`;
  if (n === 0) return { name, kind: 'drift', status: 'no-data', value: null, limit: d.threshold, detail: `Column "${d.column}" has no ${d.kind === 'numeric' ? 'numeric ' : ''}values in the log.` };
  const band = psi < 0.1 ? 'stable' : psi <= 0.25 ? 'moderate' : 'significant';
  const bins = d.kind === 'numeric' ? `${d.edges.length + 1} reference-${d.binning === 'quantile' ? 'quantile' : 'range'} bins` : `${d.categories.length} reference categories`;
  return {
    name,
    kind: 'drift',
    status: psi >= d.threshold ? 'fail' : 'pass',
    value: psi,
    limit: d.threshold,
    detail: `PSI ${psi.toFixed(4)} (${band}) over ${n} values against ${d.reference_window} (${bins}); ${psi >= d.threshold ? 'at or above' : 'below'} the alert threshold ${d.threshold}.`,
  };
}
