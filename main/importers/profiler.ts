import type { ColumnProfile } from '../../common/contract/schemas/datasets';
import { numericSummary } from '../../common/domain/profile/numericSummary';
import { PSI_ALERT, profileWarnings } from '../../common/domain/profile/profileWarnings';
import { psiQuantile } from '../../common/domain/drift/psi';
import type { ColumnType } from './columnTypes';
import type { Cell } from './convert';

/**
 * Distinct values tracked exactly up to this many per text column; past it counting stops (the count
 * is a lower bound and top values are not reported): identifiers would otherwise cost most of the import.
 */
export const DISTINCT_CAP = 50_000;

/** Streaming accumulator for one column's profile (numbers kept in a growable typed array). */
export class ColumnAccumulator {
  count = 0;
  missing = 0;
  private nums: Float64Array;
  private n = 0;
  private readonly counts = new Map<string | number, number>();
  private capped = false;
  private readonly numeric: boolean;

  constructor(readonly type: ColumnType) {
    this.numeric = type === 'integer' || type === 'real' || type === 'timestamp';
    this.nums = new Float64Array(this.numeric ? 1024 : 0);
  }

  add(v: Cell): void {
    this.count++;
    if (v === null) {
      this.missing++;
      return;
    }
    if (this.numeric) {
      if (this.n === this.nums.length) {
        const next = new Float64Array(this.nums.length * 2);
        next.set(this.nums);
        this.nums = next;
      }
      this.nums[this.n++] = v as number;
      return;
    }
    if (this.capped) return;
    const c = this.counts.get(v);
    if (c !== undefined) this.counts.set(v, c + 1);
    else if (this.counts.size < DISTINCT_CAP) this.counts.set(v, 1);
    else this.capped = true;
  }

  /** How many numeric values are held so far (marks where appended rows start). */
  get numericCount(): number {
    return this.n;
  }

  /** For append: the values held before `base` (the previous version) and those after (the new rows), each sorted. */
  splitPrevious(base: number, version: number): { values: Float64Array; version: number; current: Float64Array } | null {
    if (!this.numeric || base === 0 || base === this.n) return null;
    return { values: this.nums.slice(0, base).sort(), version, current: this.nums.slice(base, this.n).sort() };
  }

  /** Sorted numeric values (for PSI against the next version). */
  sortedValues(): Float64Array {
    return this.nums.subarray(0, this.n).sort();
  }

  build(meta: { name: string; role: string | null; unit: string | null; invalid: number; transformed: ColumnProfile['transformed'] }, previous: { values: Float64Array; version: number; current?: Float64Array } | null): ColumnProfile {
    const sorted = this.numeric ? this.sortedValues() : null;
    const summary = sorted ? numericSummary(sorted) : null;
    let psi: ColumnProfile['psi'] = null;
    if (sorted && previous && previous.values.length > 0 && sorted.length > 0) {
      const r = psiQuantile(previous.values, previous.current ?? sorted);
      psi = { value: r.psi, edges: r.bins.slice(1).map((b) => b.lower ?? 0), flagged: r.psi > PSI_ALERT, againstVersion: previous.version };
    }
    const top =
      !this.capped && (this.type === 'category' || this.type === 'text' || this.type === 'boolean')
        ? [...this.counts.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([value, count]) => ({ value: this.type === 'boolean' ? (value === 1 ? 'true' : 'false') : String(value), count }))
        : [];
    let distinct = this.counts.size;
    if (sorted) {
      distinct = sorted.length > 0 ? 1 : 0;
      for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
    }
    const warnings = profileWarnings({ name: meta.name, count: this.count, missing: this.missing, distinct: this.capped ? DISTINCT_CAP + 1 : distinct, invalid: meta.invalid, psi: psi?.value ?? null, againstVersion: psi?.againstVersion ?? null });
    return {
      name: meta.name,
      type: this.type,
      role: meta.role,
      unit: meta.unit,
      count: this.count,
      missing: this.missing,
      missingPct: this.count > 0 ? (100 * this.missing) / this.count : 0,
      distinct,
      distinctCapped: this.capped,
      min: summary?.min ?? null,
      max: summary?.max ?? null,
      mean: summary?.mean ?? null,
      std: summary?.std ?? null,
      quantiles: summary?.quantiles ?? null,
      histogram: summary ? { edges: summary.histogram.edges, counts: summary.histogram.counts } : null,
      top,
      psi,
      transformed: meta.transformed,
      warnings: [...warnings],
    };
  }
}
