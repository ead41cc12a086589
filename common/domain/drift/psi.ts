import { finiteCopy, quantilesSelect } from '../stats/quantile';

/** Binning conventions for PSI, as named in STATS.md §4. */
export type PsiBinning = 'quantile' | 'evidently' | 'equal-width';

/** One PSI bin: numeric [lower, upper) (±Infinity for open outer bins) or one category. */
export type PsiBin = Readonly<{
  lower: number | null;
  upper: number | null;
  label: string;
  /** Fractions after any empty-bin fill. */
  reference: number;
  current: number;
  referenceCount: number;
  currentCount: number;
  /** This bin's term (cur − ref)·ln(cur/ref). */
  contribution: number;
}>;

export type PsiResult = Readonly<{
  binning: PsiBinning;
  /** 'categorical' when one bin per distinct value was used. */
  kind: 'numeric' | 'categorical';
  bins: readonly PsiBin[];
  psi: number;
  /** The ε or min_nonzero/1e6 used to fill empty bins (per side), or null when none were empty. */
  fill: Readonly<{ reference: number | null; current: number | null }>;
  referenceCount: number;
  currentCount: number;
}>;

/** ε for empty bins in quantile and equal-width modes (STATS.md §4). */
export const PSI_EPSILON = 0.0001;

/** PSI bands (Yurdakul & Naranjo): < 0.10 stable, 0.10–0.25 moderate, > 0.25 significant. */
export type PsiBand = 'stable' | 'moderate' | 'significant';
export function psiBand(psi: number): PsiBand {
  if (psi < 0.1) return 'stable';
  return psi <= 0.25 ? 'moderate' : 'significant';
}

/**
 * Population stability index from two fraction vectors: PSI = Σᵢ (curᵢ − refᵢ)·ln(curᵢ/refᵢ).
 * Symmetric in sign; each term is ≥ 0. Reference: Yurdakul, B. & Naranjo, J. (2020) "Statistical
 * properties of the population stability index", J. Risk Model Validation 14(4).
 */
export function psiFromFractions(ref: readonly number[], cur: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < ref.length; i++) s += (cur[i]! - ref[i]!) * Math.log(cur[i]! / ref[i]!);
  return s;
}

/**
 * Counts values into bins [e₀,e₁), [e₁,e₂)… by binary search over the edges (no sort); with `closeLast` the last bin
 * also takes values equal to the last edge (numpy.histogram). Values outside every bin are not counted.
 */
function countBinned(values: Float64Array, edges: readonly number[], closeLast: boolean): number[] {
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  const last = edges[k]!;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    const bin = lo - 1;
    if (bin >= 0 && bin < k) counts[bin]!++;
    else if (closeLast && x === last) counts[k - 1]!++;
  }
  return counts;
}

/**
 * Counts the finite values of `values` into the open-ended bins (−∞, e₀), [e₀, e₁), …, [e_last, +∞) given by the
 * strictly increasing inner edges: bin = number of inner edges ≤ x, the same bin countBinned gives for the edges
 * [−∞, …inner, +∞]. Branch-free over the few edges, and it reads the input directly (no copy). Non-finite
 * values are skipped; `n` is the number counted.
 */
function countOpenBins(values: ArrayLike<number>, inner: readonly number[]): { counts: number[]; n: number } {
  const e = Float64Array.from(inner);
  const m = e.length;
  const c = new Float64Array(m + 1);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    let b = 0;
    for (let j = 0; j < m; j++) b += x >= e[j]! ? 1 : 0;
    c[b]!++;
    n++;
  }
  return { counts: Array.from(c), n };
}

function minMax(a: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function fmt(x: number): string {
  if (x === Number.NEGATIVE_INFINITY) return '−∞';
  if (x === Number.POSITIVE_INFINITY) return '+∞';
  return Number(x.toPrecision(6)).toString();
}

/** Fills zero fractions with a constant; returns the filled array and the constant (null if unused). */
function fillZeros(f: number[], mode: 'epsilon' | 'evidently'): { f: number[]; fill: number | null } {
  if (!f.some((v) => v === 0)) return { f, fill: null };
  let fill = PSI_EPSILON;
  if (mode === 'evidently') {
    const nonzero = f.filter((v) => v > 0);
    const minNonzero = nonzero.length ? Math.min(...nonzero) : Number.POSITIVE_INFINITY;
    fill = minNonzero <= 0.0001 ? minNonzero / 1e6 : 0.0001;
  }
  return { f: f.map((v) => (v === 0 ? fill : v)), fill };
}

function build(
  binning: PsiBinning,
  kind: 'numeric' | 'categorical',
  edgesOrLabels: { lower: number | null; upper: number | null; label: string }[],
  refCounts: number[],
  curCounts: number[],
  nRef: number,
  nCur: number,
  fillMode: 'epsilon' | 'evidently',
): PsiResult {
  const r = fillZeros(refCounts.map((c) => c / nRef), fillMode);
  const c = fillZeros(curCounts.map((k) => k / nCur), fillMode);
  const bins = edgesOrLabels.map((b, i) => ({
    ...b,
    reference: r.f[i]!,
    current: c.f[i]!,
    referenceCount: refCounts[i]!,
    currentCount: curCounts[i]!,
    contribution: (c.f[i]! - r.f[i]!) * Math.log(c.f[i]! / r.f[i]!),
  }));
  return {
    binning,
    kind,
    bins,
    psi: psiFromFractions(r.f, c.f),
    fill: { reference: r.fill, current: c.fill },
    referenceCount: nRef,
    currentCount: nCur,
  };
}

function numericBins(edges: number[]): { lower: number; upper: number; label: string }[] {
  return edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1]!;
    const closed = i + 2 === edges.length && Number.isFinite(hi);
    return { lower: lo, upper: hi, label: `[${fmt(lo)}, ${fmt(hi)}${closed ? ']' : ')'}` };
  });
}

function requireData(ref: ArrayLike<unknown>, cur: ArrayLike<unknown>): void {
  if (ref.length === 0) throw new RangeError('The reference sample has no values.');
  if (cur.length === 0) throw new RangeError('The current sample has no values.');
}

/**
 * PSI with reference-quantile bins (the credit-scoring convention; STATS.md §4 `quantile`): inner edges are the
 * reference's type-7 quantiles at k/N (k = 1…N−1, N = 10 by default), bins [a, b), outer bins open to ±∞,
 * tied edges merged, empty bins filled with ε = 0.0001 (fractions are not renormalised).
 */
export function psiQuantile(reference: ArrayLike<number>, current: ArrayLike<number>, nBins = 10): PsiResult {
  const ref = finiteCopy(reference);
  if (ref.length === 0) requireData(ref, [0]);
  const ps = Array.from({ length: nBins - 1 }, (_, k) => (k + 1) / nBins);
  const inner: number[] = [];
  // Counting below does not depend on order, so the reference copy is partitioned in place.
  for (const q of quantilesSelect(ref, ps)) if (inner.length === 0 || q > inner[inner.length - 1]!) inner.push(q);
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  // The current sample is only counted, so its finite values are counted in place rather than copied.
  const cur = countOpenBins(current, inner);
  if (cur.n === 0) requireData(ref, []);
  return build('quantile', 'numeric', numericBins(edges), countOpenBins(ref, inner).counts, cur.counts, ref.length, cur.n, 'epsilon');
}

/**
 * The 0-based order statistics psiQuantile's inner edges read from the sorted reference of n values: for
 * p = k/N (k = 1…N−1), h = (n − 1)·p, positions ⌊h⌋ and ⌊h⌋ + 1 (capped at n − 1).
 */
export function quantileEdgePositions(n: number, nBins = 10): number[] {
  const out = new Set<number>();
  for (let k = 1; k < nBins; k++) {
    const h = (n - 1) * (k / nBins);
    out.add(Math.floor(h));
    out.add(Math.min(Math.floor(h) + 1, n - 1));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * psiQuantile's inner edges from order statistics of the reference (`at(pos)` = the pos-th smallest, 0-based):
 * type 7, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋), tied edges merged — the same numbers quantilesSelect gives, so a
 * caller that reads the order statistics elsewhere (SQL) gets the same bins.
 */
export function quantileInnerEdges(n: number, at: (pos: number) => number, nBins = 10): number[] {
  const inner: number[] = [];
  for (let k = 1; k < nBins; k++) {
    const h = (n - 1) * (k / nBins);
    const lo = Math.floor(h);
    const x = at(lo);
    const q = h === lo || lo + 1 >= n ? x : x + (h - lo) * (at(lo + 1) - x);
    if (inner.length === 0 || q > inner[inner.length - 1]!) inner.push(q);
  }
  return inner;
}

/** Equal-width inner edges over the reference range [min, max] (none when max = min), as psiEqualWidth uses. */
export function equalWidthInnerEdges(min: number, max: number, nBins = 10): number[] {
  const inner: number[] = [];
  if (max > min) for (let k = 1; k < nBins; k++) inner.push(min + ((max - min) * k) / nBins);
  return inner;
}

/**
 * PSI from bin counts made elsewhere (e.g. by SQL) over `edges` ([−∞, …inner, +∞] for quantile and equal-width,
 * the Sturges edges for evidently): the same bins, labels and empty-bin fill as the array forms.
 */
export function psiFromBinCounts(binning: PsiBinning, edges: readonly number[], refCounts: number[], curCounts: number[], nRef: number, nCur: number): PsiResult {
  if (nRef === 0 || nCur === 0) requireData(nRef === 0 ? [] : [0], nCur === 0 ? [] : [0]);
  return build(binning, 'numeric', numericBins([...edges]), refCounts, curCounts, nRef, nCur, binning === 'evidently' ? 'evidently' : 'epsilon');
}

/**
 * PSI with N equal-width bins over the reference range [min, max]; the outer bins are open to ±∞ so current
 * values outside the reference range are counted; bins [a, b); empty bins filled with ε = 0.0001.
 */
export function psiEqualWidth(reference: ArrayLike<number>, current: ArrayLike<number>, nBins = 10): PsiResult {
  const ref = finiteCopy(reference);
  const cur = finiteCopy(current);
  requireData(ref, cur);
  const [min, max] = minMax(ref);
  const inner = equalWidthInnerEdges(min, max, nBins);
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  return build('equal-width', 'numeric', numericBins(edges), countBinned(ref, edges, false), countBinned(cur, edges, false), ref.length, cur.length, 'epsilon');
}

/**
 * numpy.histogram_bin_edges(data, bins="sturges"): width = ptp/(log2(n) + 1), k = ceil(ptp/width) equal bins from
 * min to max, edges = linspace(min, max, k + 1) (edge i = min + i·(ptp/k), last edge exactly max).
 */
export function sturgesEdges(min: number, max: number, n: number): number[] {
  if (!(max > min)) return [min - 0.5, max + 0.5];
  const ptp = max - min;
  const width = ptp / (Math.log2(n) + 1);
  const k = Math.max(1, Math.ceil(ptp / width));
  const step = ptp / k;
  const edges: number[] = [];
  for (let i = 0; i < k; i++) edges.push(i * step + min);
  edges.push(max);
  return edges;
}

/**
 * PSI exactly as Evidently's `psi_stat_test` (legacy stattests/psi.py + utils.get_binned_data):
 * numeric with more than 20 unique reference values → Sturges edges over the concatenated data, [a, b) with the
 * last bin closed; otherwise one bin per distinct value of the union. Zero fractions become min_nonzero/1e6 when
 * min_nonzero ≤ 0.0001, else 0.0001, per side. Drift when PSI ≥ threshold (Evidently default 0.1).
 */
export function psiEvidently(reference: ArrayLike<number>, current: ArrayLike<number>): PsiResult {
  const ref = finiteCopy(reference);
  const cur = finiteCopy(current);
  requireData(ref, cur);
  const seen = new Set<number>();
  for (let i = 0; i < ref.length && seen.size <= 20; i++) seen.add(ref[i]!);
  if (seen.size <= 20) {
    return psiCategorical(Array.from(ref, String), Array.from(cur, String), 'evidently', (a, b) => Number(a) - Number(b));
  }
  const [rmin, rmax] = minMax(ref);
  const [cmin, cmax] = minMax(cur);
  const edges = sturgesEdges(Math.min(rmin, cmin), Math.max(rmax, cmax), ref.length + cur.length);
  return build('evidently', 'numeric', numericBins(edges), countBinned(ref, edges, true), countBinned(cur, edges, true), ref.length, cur.length, 'evidently');
}

/**
 * PSI over categories: one bin per distinct value in the union of reference and current, fraction =
 * count/len. Empty categories are filled per `binning`'s rule (Evidently's min_nonzero/1e6, else ε = 0.0001).
 */
export function psiCategorical(
  reference: readonly string[],
  current: readonly string[],
  binning: PsiBinning = 'evidently',
  order: (a: string, b: string) => number = (a, b) => a.localeCompare(b),
): PsiResult {
  requireData(reference, current);
  const rc = new Map<string, number>();
  const cc = new Map<string, number>();
  for (const v of reference) rc.set(v, (rc.get(v) ?? 0) + 1);
  for (const v of current) cc.set(v, (cc.get(v) ?? 0) + 1);
  return psiCategoricalCounts(rc, cc, binning, order);
}

/** psiCategorical from counts per category (e.g. a SQL GROUP BY): one bin per key of the union, fraction = count/total. */
export function psiCategoricalCounts(
  rc: ReadonlyMap<string, number>,
  cc: ReadonlyMap<string, number>,
  binning: PsiBinning = 'evidently',
  order: (a: string, b: string) => number = (a, b) => a.localeCompare(b),
): PsiResult {
  let nRef = 0;
  let nCur = 0;
  for (const c of rc.values()) nRef += c;
  for (const c of cc.values()) nCur += c;
  if (nRef === 0 || nCur === 0) requireData(nRef === 0 ? [] : [0], nCur === 0 ? [] : [0]);
  const keys = [...new Set([...rc.keys(), ...cc.keys()])].sort(order);
  return build(
    binning,
    'categorical',
    keys.map((k) => ({ lower: null, upper: null, label: k })),
    keys.map((k) => rc.get(k) ?? 0),
    keys.map((k) => cc.get(k) ?? 0),
    nRef,
    nCur,
    binning === 'evidently' ? 'evidently' : 'epsilon',
  );
}

export type PsiOptions = Readonly<{ binning: PsiBinning; bins?: number }>;

/** Dispatches to the named numeric binning mode. */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>, o: PsiOptions): PsiResult {
  if (o.binning === 'evidently') return psiEvidently(reference, current);
  if (o.binning === 'equal-width') return psiEqualWidth(reference, current, o.bins ?? 10);
  return psiQuantile(reference, current, o.bins ?? 10);
}
