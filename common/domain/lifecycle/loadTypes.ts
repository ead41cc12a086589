import { DomainInputError } from '../errors';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { numberColumn, requireRows, textColumn, tidy, timeColumn } from './table';
import type { LogTable } from './table';

export type LoadTypesSpec = Readonly<{
  type: string;
  /** Run time: a duration column in minutes, or start and end times. */
  duration?: string;
  start?: string;
  end?: string;
  rows?: string;
  /** The switch to project: from this load type to that one (default: the slowest median to the fastest). */
  from?: string;
  to?: string;
}>;

export type LoadType = Readonly<{ type: string; runs: number; totalHours: number; medianMinutes: number; p95Minutes: number; medianRows: number | null; msPerRow: number | null }>;

export type LoadTypesResult = Readonly<{
  types: readonly LoadType[];
  switch: Readonly<{ from: string; to: string; runs: number; currentHours: number; projectedHours: number; savedHours: number; savedShare: number }> | null;
}>;

/**
 * Incremental vs full loads from a run log with a load-type column: per type, runs, total hours, median and p95
 * run time (minutes, type 7), median rows and ms per row (Σ time / Σ rows). The projected saving of switching the
 * `from` runs to `to`: each `from` run is replaced by a run of `to`'s median time, so
 * saved = Σ time of `from` runs − runs·median(`to`); savedShare = saved / Σ time of all runs.
 */
export function loadTypes(t: LogTable, spec: LoadTypesSpec): LoadTypesResult {
  requireRows(t, 'the load-type comparison');
  const type = textColumn(t, spec.type, { required: true });
  let minutes: number[];
  if (spec.duration) minutes = numberColumn(t, spec.duration, { required: true, min: 0 }) as number[];
  else if (spec.start && spec.end) {
    const s = timeColumn(t, spec.start, { required: true });
    const e = timeColumn(t, spec.end, { required: true });
    minutes = s.map((x, i) => {
      if (e[i]! < x!) throw new DomainInputError(`${t.source}, row ${i + 1}: "${spec.end}" is before "${spec.start}".`);
      return (e[i]! - x!) / 60_000;
    });
  } else throw new DomainInputError('Give the run time: a duration column (minutes), or start and end columns.');
  const rows = spec.rows ? numberColumn(t, spec.rows, { min: 0 }) : null;
  const by = new Map<string, { m: number[]; r: number[] }>();
  type.forEach((ty, i) => {
    const g = by.get(ty!) ?? { m: [], r: [] };
    g.m.push(minutes[i]!);
    if (rows?.[i] != null) g.r.push(rows[i]!);
    by.set(ty!, g);
  });
  const types = [...by.entries()]
    .map(([ty, g]) => {
      const s = sortedFinite(g.m);
      const total = g.m.reduce((a, b) => a + b, 0);
      const rowSum = g.r.reduce((a, b) => a + b, 0);
      return { type: ty, runs: g.m.length, totalHours: tidy(total / 60), medianMinutes: tidy(quantileSorted(s, 0.5)), p95Minutes: tidy(quantileSorted(s, 0.95)), medianRows: g.r.length ? tidy(quantileSorted(sortedFinite(g.r), 0.5)) : null, msPerRow: rowSum > 0 ? tidy((total * 60_000) / rowSum) : null };
    })
    .sort((a, b) => b.medianMinutes - a.medianMinutes || a.type.localeCompare(b.type));
  if (types.length < 2 && (spec.from === undefined || spec.to === undefined)) return { types, switch: null };
  const fromT = types.find((x) => x.type === (spec.from ?? types[0]!.type));
  const toT = types.find((x) => x.type === (spec.to ?? types[types.length - 1]!.type));
  const missing = !fromT ? spec.from : !toT ? spec.to : null;
  if (missing !== null) throw new DomainInputError(`${t.source}: no load type "${missing}" in column "${spec.type}" (types: ${types.map((x) => x.type).join(', ')}).`);
  const all = types.reduce((a, x) => a + x.totalHours, 0);
  const projected = (fromT!.runs * toT!.medianMinutes) / 60;
  const saved = fromT!.totalHours - projected;
  return { types, switch: { from: fromT!.type, to: toT!.type, runs: fromT!.runs, currentHours: fromT!.totalHours, projectedHours: tidy(projected), savedHours: tidy(saved), savedShare: all > 0 ? tidy(saved / all) : 0 } };
}
