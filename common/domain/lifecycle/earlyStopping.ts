import { DomainInputError } from '../errors';
import { better, numberColumn, requireRows, textColumn, tidy } from './table';
import type { LogTable, Mode } from './table';

export type EarlyStoppingSpec = Readonly<{
  run: string;
  epoch: string;
  metric: string;
  mode: Mode;
  patience: number;
  minDelta?: number;
  /** GPU hours of each epoch: a column of the log, or one number for every epoch; absent → no GPU figures. */
  gpuHoursPerEpoch?: string | number;
}>;

export type EarlyStoppingRun = Readonly<{
  run: string;
  /** Epochs logged (with a metric value). */
  epochs: number;
  lastEpoch: number;
  /** The epoch at which the rule stops the run (its last epoch when the rule never fires). */
  stopEpoch: number;
  triggered: boolean;
  /** Epoch of the best metric up to and including the stop (the checkpoint one would keep). */
  bestEpoch: number;
  bestBeforeStop: number;
  /** Best metric over every logged epoch. */
  finalBest: number;
  /** How much worse the kept checkpoint is than the run's final best (≥ 0, in the metric's units). */
  metricGivenUp: number;
  epochsSaved: number;
  gpuHoursSaved: number | null;
  gpuHoursUsed: number | null;
}>;

export type EarlyStoppingResult = Readonly<{
  runs: readonly EarlyStoppingRun[];
  totalGpuHoursSaved: number | null;
  totalGpuHours: number | null;
  /** Epochs skipped because the metric was blank. */
  skippedRows: number;
  mode: Mode;
  patience: number;
  minDelta: number;
}>;

type Epoch = { epoch: number; metric: number; gpu: number | null };

/**
 * Early-stopping what-if (Keras `EarlyStopping(monitor, min_delta, patience, mode)` semantics): per run, in epoch
 * order, an epoch *improves* when its metric beats the reference by more than min-delta (min: m < ref − δ; max:
 * m > ref + δ); the reference is the last improving value (the first epoch starts it). After `patience`
 * consecutive epochs without improvement the run stops at that epoch (`stopEpoch`); a run that never triggers
 * keeps its last epoch. Then: bestBeforeStop = best metric of epochs ≤ stop (bestEpoch its first epoch),
 * finalBest = best over all epochs, metricGivenUp = |finalBest − bestBeforeStop|, epochsSaved = epochs logged
 * after the stop, gpuHoursSaved = Σ GPU hours of those epochs.
 */
export function earlyStopping(t: LogTable, spec: EarlyStoppingSpec): EarlyStoppingResult {
  if (!Number.isInteger(spec.patience) || spec.patience < 1) throw new DomainInputError(`Patience must be a whole number of epochs ≥ 1 (got ${spec.patience}).`);
  const minDelta = spec.minDelta ?? 0;
  if (!(minDelta >= 0)) throw new DomainInputError(`min-delta must be ≥ 0 (got ${minDelta}).`);
  requireRows(t, 'the early-stopping what-if');
  const runs = textColumn(t, spec.run, { required: true });
  const epochs = numberColumn(t, spec.epoch, { required: true });
  const metric = numberColumn(t, spec.metric);
  const gpuCol = typeof spec.gpuHoursPerEpoch === 'string' ? numberColumn(t, spec.gpuHoursPerEpoch, { min: 0 }) : null;
  if (typeof spec.gpuHoursPerEpoch === 'number' && !(spec.gpuHoursPerEpoch >= 0)) throw new DomainInputError(`GPU hours per epoch must be ≥ 0 (got ${spec.gpuHoursPerEpoch}).`);
  const byRun = new Map<string, Epoch[]>();
  const seen = new Set<string>();
  let skippedRows = 0;
  for (let i = 0; i < t.rowCount; i++) {
    const m = metric[i];
    if (m === null || m === undefined) {
      skippedRows++;
      continue;
    }
    const run = runs[i]!;
    const key = `${run}\u0000${epochs[i]}`;
    if (seen.has(key)) throw new DomainInputError(`${t.source}, row ${i + 1}: run "${run}" logs epoch ${epochs[i]} twice.`);
    seen.add(key);
    const gpu = gpuCol ? (gpuCol[i] ?? 0) : typeof spec.gpuHoursPerEpoch === 'number' ? spec.gpuHoursPerEpoch : null;
    const list = byRun.get(run) ?? [];
    list.push({ epoch: epochs[i]!, metric: m, gpu });
    byRun.set(run, list);
  }
  if (byRun.size === 0) throw new DomainInputError(`${t.source}: column "${spec.metric}" has no values; the early-stopping what-if needs metric values.`);
  const hasGpu = spec.gpuHoursPerEpoch !== undefined;
  const out = [...byRun.entries()].map(([run, list]) => stopRun(run, list.sort((a, b) => a.epoch - b.epoch), spec.mode, spec.patience, minDelta, hasGpu));
  const sum = (f: (r: EarlyStoppingRun) => number | null) => (hasGpu ? tidy(out.reduce((s, r) => s + (f(r) ?? 0), 0)) : null);
  return { runs: out, totalGpuHoursSaved: sum((r) => r.gpuHoursSaved), totalGpuHours: sum((r) => r.gpuHoursUsed), skippedRows, mode: spec.mode, patience: spec.patience, minDelta };
}

function stopRun(run: string, list: Epoch[], mode: Mode, patience: number, minDelta: number, hasGpu: boolean): EarlyStoppingRun {
  let ref = list[0]!.metric;
  let wait = 0;
  let stopAt = list.length - 1;
  let triggered = false;
  for (let k = 1; k < list.length; k++) {
    const m = list[k]!.metric;
    const improved = mode === 'min' ? m < ref - minDelta : m > ref + minDelta;
    if (improved) {
      ref = m;
      wait = 0;
    } else if (++wait >= patience) {
      stopAt = k;
      triggered = true;
      break;
    }
  }
  let bestK = 0;
  for (let k = 1; k <= stopAt; k++) if (better(mode, list[k]!.metric, list[bestK]!.metric)) bestK = k;
  let finalBest = list[0]!.metric;
  for (const e of list) if (better(mode, e.metric, finalBest)) finalBest = e.metric;
  const after = list.slice(stopAt + 1);
  const bestBeforeStop = list[bestK]!.metric;
  return {
    run,
    epochs: list.length,
    lastEpoch: list[list.length - 1]!.epoch,
    stopEpoch: list[stopAt]!.epoch,
    triggered,
    bestEpoch: list[bestK]!.epoch,
    bestBeforeStop,
    finalBest,
    metricGivenUp: tidy(Math.abs(finalBest - bestBeforeStop)),
    epochsSaved: after.length,
    gpuHoursSaved: hasGpu ? tidy(after.reduce((s, e) => s + (e.gpu ?? 0), 0)) : null,
    gpuHoursUsed: hasGpu ? tidy(list.reduce((s, e) => s + (e.gpu ?? 0), 0)) : null,
  };
}
