import { DomainInputError } from '../errors';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { numberColumn, requireRows, textColumn, tidy } from './table';
import type { LogTable } from './table';

export type QuantizationSpec = Readonly<{
  variant: string;
  latency: string;
  /** Model size (MB) per row; the variant's median is used. */
  size?: string;
  /** 1/0 (correct or not) per request, or an accuracy value per row; the variant's mean is its accuracy. */
  accuracy?: string;
  /** The reference variant (default "fp32" when present, else the largest). */
  baseline?: string;
}>;

export type QuantVariant = Readonly<{
  variant: string;
  rows: number;
  sizeMb: number | null;
  p50: number;
  p95: number;
  p99: number;
  accuracy: number | null;
  /** Against the baseline: size ratio, p95 speed-up (baseline p95 / this p95), accuracy change (this − baseline). */
  sizeRatio: number | null;
  p95Speedup: number;
  accuracyChange: number | null;
  /** No other variant is at least as small, as fast (p95) and as accurate, and strictly better in one. */
  paretoEfficient: boolean;
}>;

export type QuantizationResult = Readonly<{ baseline: string; variants: readonly QuantVariant[] }>;

const median = (xs: number[]) => quantileSorted(sortedFinite(xs), 0.5);

/**
 * Quantization trade-off per model variant: size (median of the size column, MB), latency p50/p95/p99 (type 7),
 * accuracy (mean of the accuracy column: the share correct when it holds 1/0), each against a baseline, and
 * whether the variant is on the Pareto front of (size ↓, p95 ↓, accuracy ↑) — missing size or accuracy is left
 * out of the comparison.
 */
export function quantizationTradeoff(t: LogTable, spec: QuantizationSpec): QuantizationResult {
  requireRows(t, 'the quantization trade-off');
  const variant = textColumn(t, spec.variant, { required: true });
  const latency = numberColumn(t, spec.latency, { min: 0 });
  const size = spec.size ? numberColumn(t, spec.size, { min: 0 }) : null;
  const acc = spec.accuracy ? numberColumn(t, spec.accuracy) : null;
  const by = new Map<string, { lat: number[]; size: number[]; acc: number[] }>();
  for (let i = 0; i < t.rowCount; i++) {
    const v = by.get(variant[i]!) ?? { lat: [], size: [], acc: [] };
    if (latency[i] !== null) v.lat.push(latency[i]!);
    if (size?.[i] != null) v.size.push(size[i]!);
    if (acc?.[i] != null) v.acc.push(acc[i]!);
    by.set(variant[i]!, v);
  }
  for (const [name, v] of by) if (v.lat.length === 0) throw new DomainInputError(`${t.source}: variant "${name}" has no "${spec.latency}" values.`);
  const base = spec.baseline ?? (by.has('fp32') ? 'fp32' : [...by.entries()].sort((a, b) => (b[1].size.length ? median(b[1].size) : 0) - (a[1].size.length ? median(a[1].size) : 0))[0]![0]);
  if (!by.has(base)) throw new DomainInputError(`${t.source}: there is no variant "${base}" in column "${spec.variant}" (variants: ${[...by.keys()].join(', ')}).`);
  const rows = [...by.entries()].map(([name, v]) => {
    const s = sortedFinite(v.lat);
    return { variant: name, rows: v.lat.length, sizeMb: v.size.length ? tidy(median(v.size)) : null, p50: tidy(quantileSorted(s, 0.5)), p95: tidy(quantileSorted(s, 0.95)), p99: tidy(quantileSorted(s, 0.99)), accuracy: v.acc.length ? tidy(v.acc.reduce((a, b) => a + b, 0) / v.acc.length) : null };
  });
  const b = rows.find((r) => r.variant === base)!;
  const dominates = (x: (typeof rows)[number], y: (typeof rows)[number]) => {
    const le = (a: number | null, c: number | null) => a === null || c === null || a <= c;
    const ge = (a: number | null, c: number | null) => a === null || c === null || a >= c;
    const strictly = (x.sizeMb !== null && y.sizeMb !== null && x.sizeMb < y.sizeMb) || x.p95 < y.p95 || (x.accuracy !== null && y.accuracy !== null && x.accuracy > y.accuracy);
    return le(x.sizeMb, y.sizeMb) && x.p95 <= y.p95 && ge(x.accuracy, y.accuracy) && strictly;
  };
  const variants = rows
    .map((r) => ({
      ...r,
      sizeRatio: r.sizeMb !== null && b.sizeMb ? tidy(r.sizeMb / b.sizeMb) : null,
      p95Speedup: r.p95 > 0 ? tidy(b.p95 / r.p95) : 0,
      accuracyChange: r.accuracy !== null && b.accuracy !== null ? tidy(r.accuracy - b.accuracy) : null,
      paretoEfficient: !rows.some((o) => o !== r && dominates(o, r)),
    }))
    .sort((x, y) => (y.sizeMb ?? 0) - (x.sizeMb ?? 0) || x.variant.localeCompare(y.variant));
  return { baseline: base, variants };
}
