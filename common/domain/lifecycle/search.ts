import { DomainInputError } from '../errors';
import { better, numberColumn, requireRows, textColumn, tidy } from './table';
import type { LogTable, Mode } from './table';

export type SearchSpec = Readonly<{
  strategy: string;
  trial: string;
  metric: string;
  mode: Mode;
  /** Share of the best to reach (0 < share ≤ 1); 0.95 by default. */
  targetShare?: number;
  /** GPU hours of each trial, for the curve by GPU hour. */
  gpuHours?: string;
}>;

export type SearchPoint = Readonly<{ trial: number; gpuHours: number | null; bestSoFar: number }>;

export type SearchStrategy = Readonly<{
  strategy: string;
  trials: number;
  best: number;
  /** Trials (in trial order, counted from 1) until the best so far first reaches the target; null if never. */
  trialsToTarget: number | null;
  gpuHoursToTarget: number | null;
  gpuHours: number | null;
  curve: readonly SearchPoint[];
}>;

export type SearchResult = Readonly<{
  strategies: readonly SearchStrategy[];
  /** The best metric over every strategy, and the level counted as reaching the target. */
  overallBest: number;
  target: number;
  targetShare: number;
  mode: Mode;
  skippedRows: number;
}>;

/**
 * Search-strategy comparison from trial logs. Per strategy, trials in trial order; best-so-far after each trial
 * (by trial number and by cumulative GPU hours). The target is a share s of the overall best (over all
 * strategies): max mode — best-so-far ≥ s·best; min mode (a loss) — best-so-far ≤ best / s. Both need a positive
 * best (a share of a negative number is not "close to the best"). trialsToTarget is the 1-based trial count at
 * which a strategy first reaches it.
 */
export function searchStrategies(t: LogTable, spec: SearchSpec): SearchResult {
  const share = spec.targetShare ?? 0.95;
  if (!(share > 0 && share <= 1)) throw new DomainInputError(`The target share must be in (0, 1] (got ${share}).`);
  requireRows(t, 'the search-strategy comparison');
  const strategies = textColumn(t, spec.strategy, { required: true });
  const trials = numberColumn(t, spec.trial, { required: true });
  const metric = numberColumn(t, spec.metric);
  const gpu = spec.gpuHours ? numberColumn(t, spec.gpuHours, { min: 0 }) : null;
  const by = new Map<string, { trial: number; m: number; g: number }[]>();
  let skippedRows = 0;
  for (let i = 0; i < t.rowCount; i++) {
    const m = metric[i];
    if (m === null || m === undefined) {
      skippedRows++;
      continue;
    }
    const list = by.get(strategies[i]!) ?? [];
    list.push({ trial: trials[i]!, m, g: gpu?.[i] ?? 0 });
    by.set(strategies[i]!, list);
  }
  if (by.size === 0) throw new DomainInputError(`${t.source}: column "${spec.metric}" has no values.`);
  let overallBest: number | null = null;
  for (const list of by.values()) for (const r of list) if (overallBest === null || better(spec.mode, r.m, overallBest)) overallBest = r.m;
  const bestAll = overallBest!;
  if (!(bestAll > 0)) throw new DomainInputError(`${t.source}: the best "${spec.metric}" is ${bestAll}; a target share of the best needs a positive metric.`);
  const target = tidy(spec.mode === 'max' ? share * bestAll : bestAll / share);
  const reached = (x: number) => (spec.mode === 'max' ? x >= target : x <= target);
  const out = [...by.entries()].map(([strategy, list]): SearchStrategy => {
    list.sort((a, b) => a.trial - b.trial);
    let bestSoFar = list[0]!.m;
    let hours = 0;
    let trialsToTarget: number | null = null;
    let gpuHoursToTarget: number | null = null;
    const curve = list.map((r, k) => {
      if (better(spec.mode, r.m, bestSoFar)) bestSoFar = r.m;
      hours += r.g;
      if (trialsToTarget === null && reached(bestSoFar)) {
        trialsToTarget = k + 1;
        gpuHoursToTarget = gpu ? tidy(hours) : null;
      }
      return { trial: r.trial, gpuHours: gpu ? tidy(hours) : null, bestSoFar };
    });
    return { strategy, trials: list.length, best: bestSoFar, trialsToTarget, gpuHoursToTarget, gpuHours: gpu ? tidy(hours) : null, curve };
  });
  out.sort((a, b) => (a.trialsToTarget ?? Infinity) - (b.trialsToTarget ?? Infinity) || a.strategy.localeCompare(b.strategy));
  return { strategies: out, overallBest: bestAll, target, targetShare: share, mode: spec.mode, skippedRows };
}
