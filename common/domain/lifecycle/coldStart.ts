import { DomainInputError } from '../errors';
import { isPositive } from '../fairness/fairness';
import { column, numberColumn, requireRows, textColumn, tidy } from './table';
import type { LogTable } from './table';
import { quantileSorted, sortedFinite } from '../stats/quantile';

export type ColdStartSpec = Readonly<{
  /** Memory size (or instance type) of the serving instance. */
  group: string;
  latency: string;
  /** Whether the request was a cold start (true/false, 1/0, or the value `coldValue`). */
  cold: string;
  coldValue?: string;
}>;

export type ColdStartGroup = Readonly<{
  group: string;
  requests: number;
  coldStarts: number;
  coldShare: number;
  coldP50: number | null;
  coldP95: number | null;
  warmP50: number | null;
  warmP95: number | null;
  /** cold − warm, at p50 and p95 (ms); null when either side has no requests. */
  penaltyP50: number | null;
  penaltyP95: number | null;
}>;

/**
 * Memory size vs cold start: per memory size (or instance type), the cold and warm requests' p50/p95 latency
 * (type 7) and the cold-start penalty cold − warm. Groups in numeric order when they are numbers (memory in MB).
 */
export function coldStartByMemory(t: LogTable, spec: ColdStartSpec): { groups: readonly ColdStartGroup[] } {
  requireRows(t, 'the cold-start breakdown');
  const group = textColumn(t, spec.group, { required: true });
  const latency = numberColumn(t, spec.latency, { min: 0 });
  const cold = column(t, spec.cold);
  const by = new Map<string, { cold: number[]; warm: number[] }>();
  for (let i = 0; i < t.rowCount; i++) {
    if (latency[i] === null) continue;
    const g = by.get(group[i]!) ?? { cold: [], warm: [] };
    (isPositive(cold[i], spec.coldValue ?? 'true') || isPositive(cold[i], '1') ? g.cold : g.warm).push(latency[i]!);
    by.set(group[i]!, g);
  }
  if (by.size === 0) throw new DomainInputError(`${t.source}: column "${spec.latency}" has no values.`);
  const q = (xs: number[], p: number) => (xs.length ? tidy(quantileSorted(sortedFinite(xs), p)) : null);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : tidy(a - b));
  const numeric = [...by.keys()].every((k) => Number.isFinite(Number(k)));
  const groups = [...by.entries()]
    .map(([g, v]) => {
      const c50 = q(v.cold, 0.5), c95 = q(v.cold, 0.95), w50 = q(v.warm, 0.5), w95 = q(v.warm, 0.95);
      const n = v.cold.length + v.warm.length;
      return { group: g, requests: n, coldStarts: v.cold.length, coldShare: tidy(v.cold.length / n), coldP50: c50, coldP95: c95, warmP50: w50, warmP95: w95, penaltyP50: diff(c50, w50), penaltyP95: diff(c95, w95) };
    })
    .sort((a, b) => (numeric ? Number(a.group) - Number(b.group) : a.group.localeCompare(b.group)));
  return { groups };
}
