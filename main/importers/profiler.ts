import type { ColumnProfile } from '../../common/contract/schemas/datasets';
import { histogramSorted, PROFILE_QUANTILES } from '../../common/domain/profile/numericSummary';
import { PSI_ALERT, profileWarnings } from '../../common/domain/profile/profileWarnings';
import { psiCategoricalCounts, psiQuantile } from '../../common/domain/drift/psi';
import { quantilesSelect } from '../../common/domain/stats/quantile';
import type { ColumnType } from './columnTypes';
import type { Cell } from './convert';

/**
 * Distinct values tracked exactly up to this many per column; past it counting stops (the count is a
 * lower bound and top values are not reported): identifiers would otherwise cost most of the import.
 */
export const DISTINCT_CAP = 50_000;

/**
 * Numeric values kept per column for quantiles, histogram and PSI. Up to this many the profile is exact;
 * above it they come from a uniform random sample of this size (reservoir sampling, seeded, so the same
 * file gives the same profile), while count, missing, min, max, mean and SD stay exact. This is what
 * keeps an import's memory flat whatever the file size.
 */
export const SAMPLE_CAP = 200_000;

/** Everything an accumulator holds, as structured-clone-able data (it crosses between worker threads). */
export type AccumulatorState = {
  type: ColumnType;
  count: number;
  missing: number;
  n: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  sample: Float64Array;
  sampleLen: number;
  rng: number;
  /** Count per value, in a holder object so a repeat costs one Map lookup. */
  counts: Map<string | number, { n: number }>;
  /** Numeric columns: distinct values in an open-addressing hash set (Map with number keys is several times slower). */
  distinctNums: NumberSet | null;
  capped: boolean;
};

/**
 * A set of doubles with open addressing over a Float64Array (linear probing, hash from the value's two
 * 32-bit halves). An empty slot holds NaN, which is never a value (NaN is how a block says missing), so
 * a probe reads one array. It starts at MIN_SLOTS and doubles when half full, up to 2 × DISTINCT_CAP
 * rounded up to a power of two: a column of few values costs a few KiB (a 2,000-column file would
 * otherwise allocate 1.2 MB per number column before the first row). Holds at most DISTINCT_CAP values;
 * `add` reports when that is exceeded. A plain typed array, so it crosses threads cheaply.
 */
export type NumberSet = { keys: Float64Array; size: number };

const SET_SLOTS = 131_072; // ≥ 2 × DISTINCT_CAP, a power of two
const MIN_SLOTS = 1024;
const hashView = new Float64Array(1);
const hashBits = new Uint32Array(hashView.buffer);

function newNumberSet(slots = MIN_SLOTS): NumberSet {
  return { keys: new Float64Array(slots).fill(NaN), size: 0 };
}

function slotOf(x: number, mask: number): number {
  hashView[0] = x === 0 ? 0 : x;
  const h = Math.imul(hashBits[0]! ^ Math.imul(hashBits[1]!, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/** Moves the set into a table twice the size (rare: at most 7 times per column). */
function growNumberSet(set: NumberSet): void {
  const { keys } = set;
  const slots = keys.length * 2;
  const k2 = new Float64Array(slots).fill(NaN);
  const mask = slots - 1;
  for (let j = 0; j < keys.length; j++) {
    const x = keys[j]!;
    if (x !== x) continue;
    let i = slotOf(x, mask);
    while (k2[i] === k2[i]) i = (i + 1) & mask;
    k2[i] = x;
  }
  set.keys = k2;
}

/** Adds x; false when the set is full (DISTINCT_CAP values) and x is not in it. −0 and 0 are one value. */
function numberSetAdd(set: NumberSet, x: number): boolean {
  const { keys } = set;
  const mask = keys.length - 1;
  let i = slotOf(x, mask);
  for (;;) {
    const k = keys[i]!;
    if (k === x) return true;
    if (k !== k) break;
    i = (i + 1) & mask;
  }
  if (set.size >= DISTINCT_CAP) return false;
  if ((set.size + 1) * 2 > keys.length && keys.length < SET_SLOTS) {
    growNumberSet(set);
    return numberSetAdd(set, x);
  }
  keys[i] = x;
  set.size++;
  return true;
}

/**
 * Streaming accumulator for one column's profile in bounded memory: exact count, missing, min, max,
 * mean and variance (Welford), exact distinct counts and top values up to DISTINCT_CAP, and a uniform
 * sample of at most SAMPLE_CAP numeric values (Vitter's algorithm R) for quantiles and the histogram.
 */
export class ColumnAccumulator {
  private s: AccumulatorState;
  private readonly numeric: boolean;

  constructor(type: ColumnType, state?: AccumulatorState, seed = 1) {
    this.numeric = type === 'integer' || type === 'real' || type === 'timestamp';
    this.s = state ?? {
      type,
      count: 0,
      missing: 0,
      n: 0,
      min: Infinity,
      max: -Infinity,
      mean: 0,
      m2: 0,
      sample: new Float64Array(this.numeric ? 1024 : 0),
      sampleLen: 0,
      rng: (0x9e3779b9 ^ Math.imul(seed, 0x85ebca6b)) >>> 0 || 1,
      counts: new Map(),
      distinctNums: this.numeric ? newNumberSet() : null,
      capped: false,
    };
  }

  get type(): ColumnType {
    return this.s.type;
  }

  get count(): number {
    return this.s.count;
  }

  get missing(): number {
    return this.s.missing;
  }

  state(): AccumulatorState {
    return this.s;
  }

  add(v: Cell): void {
    if (v === null) this.addMissing();
    else if (this.numeric) this.addNumber(v as number);
    else this.addKey(v);
  }

  addMissing(): void {
    this.s.count++;
    this.s.missing++;
  }

  /** A value of an integer, real or timestamp column (the import's hot path calls this directly). */
  addNumber(x: number): void {
    const s = this.s;
    s.count++;
    const n = ++s.n;
    if (x < s.min) s.min = x;
    if (x > s.max) s.max = x;
    const d = x - s.mean;
    s.mean += d / n;
    s.m2 += d * (x - s.mean);
    if (s.sampleLen < SAMPLE_CAP) {
      if (s.sampleLen === s.sample.length) {
        const next = new Float64Array(Math.min(SAMPLE_CAP, s.sample.length * 2));
        next.set(s.sample);
        s.sample = next;
      }
      s.sample[s.sampleLen++] = x;
    } else {
      // Algorithm R: the n-th value replaces a random slot with probability SAMPLE_CAP / n (xorshift32).
      let r = s.rng;
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      s.rng = r >>> 0;
      const j = Math.floor((s.rng / 4294967296) * n);
      if (j < SAMPLE_CAP) s.sample[j] = x;
    }
    if (!s.capped && !numberSetAdd(s.distinctNums!, x)) {
      s.capped = true;
      s.distinctNums = null;
    }
  }

  /**
   * Every `stride`-th value of `values` from `from`, `rows` of them (one column of a block, NaN =
   * missing): the same as addNumber/addMissing one by one, in one loop over locals.
   */
  addNumbers(values: Float64Array, from: number, stride: number, rows: number): void {
    const s = this.s;
    let { n, min, max, mean, m2, sampleLen, rng, sample, capped } = s;
    const set = s.distinctNums;
    let missing = 0;
    for (let r = 0, i = from; r < rows; r++, i += stride) {
      const x = values[i]!;
      if (x !== x) {
        missing++;
        continue;
      }
      n++;
      if (x < min) min = x;
      if (x > max) max = x;
      const d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
      if (sampleLen < SAMPLE_CAP) {
        if (sampleLen === sample.length) {
          const next = new Float64Array(Math.min(SAMPLE_CAP, sample.length * 2));
          next.set(sample);
          sample = next;
        }
        sample[sampleLen++] = x;
      } else {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        rng >>>= 0;
        const j = Math.floor((rng / 4294967296) * n);
        if (j < SAMPLE_CAP) sample[j] = x;
      }
      if (!capped && !numberSetAdd(set!, x)) capped = true;
    }
    s.count += rows;
    s.missing += missing;
    s.n = n;
    s.min = min;
    s.max = max;
    s.mean = mean;
    s.m2 = m2;
    s.sampleLen = sampleLen;
    s.rng = rng;
    s.sample = sample;
    if (capped && !s.capped) {
      s.capped = true;
      s.distinctNums = null;
    }
  }

  /** A value of a category, text or boolean column: counted for distinct and top values, up to the cap. */
  addKey(v: string | number): void {
    const s = this.s;
    s.count++;
    if (s.capped) return;
    const h = s.counts.get(v);
    if (h !== undefined) h.n++;
    else if (s.counts.size < DISTINCT_CAP) s.counts.set(v, { n: 1 });
    else {
      // Past the cap the counts are never reported: let them go (memory, and the state crossing threads).
      s.capped = true;
      s.counts = new Map();
    }
  }

  /** Per dictionary code (byteDict.ts): the count holder of the code's value, null once capped. */
  private readonly byCode: ({ n: number } | null | undefined)[] = [];

  /**
   * addKey for a dictionary-coded value (or a boolean, 0 or 1, as its own code): the code's first value
   * is counted as addKey does; its repeats reuse that count instead of looking the value up again. Same
   * counts, same order as addKey.
   */
  addCoded(code: number, v: string | number): void {
    const h = this.byCode[code];
    if (h === undefined) {
      this.addKey(v);
      this.byCode[code] = this.s.capped ? null : this.s.counts.get(v)!;
      return;
    }
    const s = this.s;
    s.count++;
    if (h !== null && !s.capped) h.n++;
  }

  /** True when quantiles and the histogram come from a sample rather than every value. */
  get sampled(): boolean {
    return this.s.n > this.s.sampleLen;
  }

  /** The kept numeric values, sorted (all of them up to SAMPLE_CAP, else the sample). */
  sortedSample(): Float64Array {
    return this.s.sample.slice(0, this.s.sampleLen).sort();
  }

  /** Counts per category as plain strings (booleans 0/1 as "0"/"1", as SQL reads them), or null once capped. */
  categoryCounts(): Map<string, number> | null {
    if (this.s.capped) return null;
    const out = new Map<string, number>();
    for (const [k, h] of this.s.counts) out.set(String(k), (out.get(String(k)) ?? 0) + h.n);
    return out;
  }

  /**
   * PSI against the previous version: numbers with reference-decile bins (psiQuantile), categories and booleans one
   * bin per value (ε fill); a time column is never compared (its reason is returned instead), nor free text.
   */
  private comparePrevious(previous: PreviousColumn, kept: Float64Array | null, role: string | null): { psi: ColumnProfile['psi']; psiSkipped: string | null } {
    const s = this.s;
    const none = (psiSkipped: string | null) => ({ psi: null, psiSkipped });
    if (s.type === 'timestamp' || role === 'timestamp') return none(TIME_COLUMN_SKIP);
    if (s.type === 'text') return none('Free text (identifiers, notes): not compared with the previous version.');
    if (kept) {
      const cur = previous.current ?? kept;
      if (!previous.values || previous.values.length === 0 || cur.length === 0) return none(null);
      const r = psiQuantile(previous.values, cur);
      return { psi: { value: r.psi, edges: r.bins.slice(1).map((b) => b.lower ?? 0), flagged: r.psi > PSI_ALERT, againstVersion: previous.version, kind: 'numeric' }, psiSkipped: null };
    }
    if (previous.categories === undefined) return none(null);
    const cur = previous.currentCategories === undefined ? this.categoryCounts() : previous.currentCategories;
    if (previous.categories === null || cur === null) return none(`More than ${DISTINCT_CAP.toLocaleString('en-US')} distinct values: category shares not compared.`);
    if (previous.categories.size === 0 || cur.size === 0) return none(null);
    const r = psiCategoricalCounts(previous.categories, cur, 'quantile');
    return { psi: { value: r.psi, edges: [], flagged: r.psi > PSI_ALERT, againstVersion: previous.version, kind: 'categorical' }, psiSkipped: null };
  }

  build(meta: { name: string; role: string | null; unit: string | null; invalid: number; transformed: ColumnProfile['transformed'] }, previous: PreviousColumn | null): ColumnProfile {
    const s = this.s;
    // The kept values, unsorted: quantiles by quickselect (equal to sorting first), no full sort.
    const kept = this.numeric && s.n > 0 ? s.sample.slice(0, s.sampleLen) : null;
    const { psi, psiSkipped } = previous ? this.comparePrevious(previous, kept, meta.role) : { psi: null, psiSkipped: null };
    const top =
      !s.capped && (s.type === 'category' || s.type === 'text' || s.type === 'boolean')
        ? [...s.counts.entries()]
            .sort((a, b) => b[1].n - a[1].n)
            .slice(0, 10)
            .map(([value, c]) => ({ value: s.type === 'boolean' ? (value === 1 ? 'true' : 'false') : String(value), count: c.n }))
        : [];
    const distinct = s.capped ? DISTINCT_CAP : this.numeric ? (s.distinctNums?.size ?? 0) : s.counts.size;
    const warnings = profileWarnings({ name: meta.name, count: s.count, missing: s.missing, distinct: s.capped ? DISTINCT_CAP + 1 : distinct, invalid: meta.invalid, psi: psi?.value ?? null, againstVersion: psi?.againstVersion ?? null, psiKind: psi?.kind });
    let quantiles: Record<string, number> | null = null;
    let histogram: ColumnProfile['histogram'] = null;
    if (kept) {
      quantiles = {};
      const qs = quantilesSelect(kept, PROFILE_QUANTILES.map(([, p]) => p));
      PROFILE_QUANTILES.forEach(([k], i) => (quantiles![k] = qs[i]!));
      const h = histogramSorted(kept, 20, { min: s.min, max: s.max });
      histogram = { edges: h.edges, counts: this.sampled ? scaleCounts(h.counts, s.n) : h.counts };
    }
    return {
      name: meta.name,
      type: s.type,
      role: meta.role,
      unit: meta.unit,
      count: s.count,
      missing: s.missing,
      missingPct: s.count > 0 ? (100 * s.missing) / s.count : 0,
      distinct,
      distinctCapped: s.capped,
      min: kept ? s.min : null,
      max: kept ? s.max : null,
      mean: kept ? s.mean : null,
      std: kept && s.n > 1 ? Math.sqrt(s.m2 / (s.n - 1)) : null,
      quantiles,
      histogram,
      sampled: kept && this.sampled ? s.sampleLen : null,
      top,
      psi,
      psiSkipped,
      transformed: meta.transformed,
      warnings: [...warnings],
    };
  }
}

/**
 * What the previous version holds for one column, for the profile's comparison: numeric values (all or a uniform
 * sample) and, for an append, the new rows' sample (`current`); category counts and, for an append, the new rows'
 * counts (`currentCategories`). A null map means more than DISTINCT_CAP values (not compared).
 */
export type PreviousColumn = Readonly<{
  version: number;
  values?: Float64Array;
  current?: Float64Array;
  categories?: ReadonlyMap<string, number> | null;
  currentCategories?: ReadonlyMap<string, number> | null;
}>;

/** Why a time column is not compared with PSI. */
export const TIME_COLUMN_SKIP = 'Time column: a new version covers new dates, so PSI against the previous version would always flag it; not compared.';

/** Scales sample counts to a total of `n` (largest remainders, so the bars still add up to the row count). */
export function scaleCounts(counts: readonly number[], n: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.slice();
  const exact = counts.map((c) => (c * n) / total);
  const out = exact.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k]![1]]!++;
  return out;
}
