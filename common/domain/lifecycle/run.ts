import { DomainInputError } from '../errors';
import { anonymisationUtility } from './anonymisation';
import type { AnonymisationResult, AnonymisationSpec } from './anonymisation';
import { batchSchedule } from './batchSchedule';
import type { BatchScheduleResult, BatchScheduleSpec } from './batchSchedule';
import { coldStartByMemory } from './coldStart';
import type { ColdStartGroup, ColdStartSpec } from './coldStart';
import { earlyStopping } from './earlyStopping';
import type { EarlyStoppingResult, EarlyStoppingSpec } from './earlyStopping';
import { gpuAllocation } from './gpu';
import type { GpuResult, GpuSpec } from './gpu';
import { loadTypes } from './loadTypes';
import type { LoadTypesResult, LoadTypesSpec } from './loadTypes';
import { quantizationTradeoff } from './quantization';
import type { QuantizationResult, QuantizationSpec } from './quantization';
import { searchStrategies } from './search';
import type { SearchResult, SearchSpec } from './search';
import type { LogTable } from './table';
import { businessThreshold } from './threshold';
import type { ThresholdResult, ThresholdSpec } from './threshold';
import { profileTrace } from './trace';
import type { TraceResult, TraceSpec } from './trace';

/** The analyses `kaizen lifecycle <kind>` runs (issue 22), in the order the CLI lists them. */
export const LIFECYCLE_CLI_KINDS = ['batch-schedule', 'load-types', 'early-stopping', 'search', 'threshold', 'gpu', 'trace', 'quantization', 'cold-start', 'anonymisation'] as const;
export type LifecycleKind = (typeof LIFECYCLE_CLI_KINDS)[number];

/** Which analyses read a second log (the traffic log; the original before anonymisation). */
export const SECOND_TABLE: Partial<Record<LifecycleKind, string>> = { 'batch-schedule': 'traffic log', anonymisation: 'original (before anonymising)' };

export type LifecycleSpec =
  | ({ kind: 'early-stopping' } & EarlyStoppingSpec)
  | ({ kind: 'threshold' } & ThresholdSpec)
  | ({ kind: 'search' } & SearchSpec)
  | ({ kind: 'trace' } & TraceSpec)
  | ({ kind: 'quantization' } & QuantizationSpec)
  | ({ kind: 'gpu' } & GpuSpec)
  | ({ kind: 'batch-schedule' } & BatchScheduleSpec)
  | ({ kind: 'load-types' } & LoadTypesSpec)
  | ({ kind: 'cold-start' } & ColdStartSpec)
  | ({ kind: 'anonymisation' } & AnonymisationSpec);

export type LifecycleResultOf = {
  'early-stopping': EarlyStoppingResult;
  threshold: ThresholdResult;
  search: SearchResult;
  trace: TraceResult;
  quantization: QuantizationResult;
  gpu: GpuResult;
  'batch-schedule': BatchScheduleResult;
  'load-types': LoadTypesResult;
  'cold-start': { groups: readonly ColdStartGroup[] };
  anonymisation: AnonymisationResult;
};
export type LifecycleResult = LifecycleResultOf[LifecycleKind];

export type LifecycleTables = Readonly<{ main: LogTable; second?: LogTable }>;

/** Runs one analysis on its log(s). Every input problem is a DomainInputError naming the log, column and row. */
export function runLifecycle(spec: LifecycleSpec, tables: LifecycleTables): LifecycleResult {
  const second = () => {
    if (!tables.second) throw new DomainInputError(`The ${spec.kind} analysis needs a second log: the ${SECOND_TABLE[spec.kind]}.`);
    return tables.second;
  };
  switch (spec.kind) {
    case 'early-stopping':
      return earlyStopping(tables.main, spec);
    case 'threshold':
      return businessThreshold(tables.main, spec);
    case 'search':
      return searchStrategies(tables.main, spec);
    case 'trace':
      return profileTrace(tables.main, spec);
    case 'quantization':
      return quantizationTradeoff(tables.main, spec);
    case 'gpu':
      return gpuAllocation(tables.main, spec);
    case 'batch-schedule':
      return batchSchedule(tables.main, second(), spec);
    case 'load-types':
      return loadTypes(tables.main, spec);
    case 'cold-start':
      return coldStartByMemory(tables.main, spec);
    case 'anonymisation':
      return anonymisationUtility(second(), tables.main, spec);
  }
}

/** One number that sums an analysis up: shown on the result card, the report, and the value a KPI records. */
export type Headline = Readonly<{ label: string; value: number | null; unit: string; direction: 'up' | 'down' }>;

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const n = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : String(Number(x.toFixed(d))));

/** The headline number of a result, and plain-words lines for the CLI's text output and the report. */
export function headline(spec: LifecycleSpec, r: LifecycleResult): Headline {
  switch (spec.kind) {
    case 'early-stopping':
      return { label: 'GPU hours saved by early stopping', value: (r as EarlyStoppingResult).totalGpuHoursSaved, unit: 'GPU h', direction: 'up' };
    case 'threshold':
      return { label: 'Least cost at the chosen threshold', value: (r as ThresholdResult).cost, unit: 'cost', direction: 'down' };
    case 'search': {
      const s = (r as SearchResult).strategies[0];
      return { label: `Trials to ${Math.round((r as SearchResult).targetShare * 100)} % of the best (${s?.strategy ?? '—'})`, value: s?.trialsToTarget ?? null, unit: 'trials', direction: 'down' };
    }
    case 'trace':
      return { label: `Top ${(r as TraceResult).top} operators' share of a request`, value: (r as TraceResult).topShareOfRequest, unit: 'share', direction: 'down' };
    case 'quantization': {
      const q = r as QuantizationResult;
      const best = q.variants.filter((v) => v.paretoEfficient).sort((a, b) => a.p95 - b.p95)[0];
      return { label: `Fastest efficient variant p95 (${best?.variant ?? '—'})`, value: best?.p95 ?? null, unit: 'ms', direction: 'down' };
    }
    case 'gpu':
      return { label: 'Mean GPU utilisation', value: (r as GpuResult).meanUtilisation, unit: 'share', direction: 'up' };
    case 'batch-schedule':
      return { label: 'Data age p95 under the proposal', value: (r as BatchScheduleResult).dataAge.p95Hours, unit: 'h', direction: 'down' };
    case 'load-types':
      return { label: 'Run hours saved by switching', value: (r as LoadTypesResult).switch?.savedHours ?? null, unit: 'h', direction: 'up' };
    case 'cold-start': {
      const g = (r as { groups: readonly ColdStartGroup[] }).groups;
      return { label: 'Largest cold-start penalty p50', value: g.reduce<number | null>((m, x) => (x.penaltyP50 !== null && (m === null || x.penaltyP50 > m) ? x.penaltyP50 : m), null), unit: 'ms', direction: 'down' };
    }
    case 'anonymisation':
      return { label: `Share of rows in groups below k = ${spec.k}`, value: (r as AnonymisationResult).kAnonymity.shareBelowK, unit: 'share', direction: 'down' };
  }
}

/** A few plain-words lines per result (CLI text output, report page). */
export function summarizeLifecycle(spec: LifecycleSpec, r: LifecycleResult): string[] {
  switch (spec.kind) {
    case 'early-stopping': {
      const x = r as EarlyStoppingResult;
      return [
        `Patience ${x.patience}, min-delta ${x.minDelta} (${x.mode}): ${x.runs.filter((s) => s.triggered).length} of ${x.runs.length} runs would stop early; GPU hours saved ${n(x.totalGpuHoursSaved)}${x.totalGpuHours ? ` of ${n(x.totalGpuHours)}` : ''}.`,
        ...x.runs.map((s) => `${s.run}: stop at epoch ${s.stopEpoch} of ${s.lastEpoch} (best ${n(s.bestBeforeStop, 4)} at epoch ${s.bestEpoch}; final best ${n(s.finalBest, 4)}; given up ${n(s.metricGivenUp, 4)}; ${s.epochsSaved} epochs, ${n(s.gpuHoursSaved)} GPU h saved)`),
      ];
    }
    case 'threshold': {
      const x = r as ThresholdResult;
      return [`Threshold ${x.threshold}: cost ${n(x.cost)} (FP × ${x.costFp} + FN × ${x.costFn}); TP ${x.confusion.tp}, FP ${x.confusion.fp}, TN ${x.confusion.tn}, FN ${x.confusion.fn} over ${x.rows} rows.`];
    }
    case 'search': {
      const x = r as SearchResult;
      return [`Target ${Math.round(x.targetShare * 100)} % of the best (${n(x.overallBest, 4)}) = ${n(x.target, 4)}.`, ...x.strategies.map((s) => `${s.strategy}: ${s.trials} trials, best ${n(s.best, 4)}, ${s.trialsToTarget === null ? 'never reached the target' : `reached it after ${s.trialsToTarget} trials${s.gpuHoursToTarget !== null ? ` (${n(s.gpuHoursToTarget)} GPU h)` : ''}`}`)];
    }
    case 'trace': {
      const x = r as TraceResult;
      return [`${x.requests} request(s), ${n(x.meanRequestMs)} ms each on average; top ${x.top} operators take ${pct(x.topShareOfRequest)} of a request.`, ...x.operators.slice(0, x.top).map((o) => `${o.name}: self ${n(o.selfMs)} ms (${pct(o.share)} of operator time, ${pct(o.shareOfRequest)} of a request)`)];
    }
    case 'quantization': {
      const x = r as QuantizationResult;
      return x.variants.map((v) => `${v.variant}: ${v.sizeMb ?? '—'} MB, p50 ${n(v.p50)} ms, p95 ${n(v.p95)} ms, accuracy ${n(v.accuracy, 4)}${v.variant === x.baseline ? ' (baseline)' : `, ${n(v.p95Speedup)}× faster at p95, accuracy ${v.accuracyChange === null ? '—' : v.accuracyChange === 0 ? 'unchanged' : (v.accuracyChange > 0 ? '+' : '') + n(v.accuracyChange, 4)}`}${v.paretoEfficient ? ' — on the Pareto front' : ''}`);
    }
    case 'gpu': {
      const x = r as GpuResult;
      return [`${n(x.totalGpuHours)} GPU hours; mean utilisation ${pct(x.meanUtilisation)} of ${x.capacity} GPUs (${x.capacitySource === 'peak' ? 'the peak held at once' : 'given'}).`, ...x.teams.map((g) => `${g.group}: ${g.jobs} jobs, ${n(g.gpuHours)} GPU h (${pct(g.share)}), queue wait p50 ${n(g.waitP50Min, 1)} min, p95 ${n(g.waitP95Min, 1)} min`)];
    }
    case 'batch-schedule': {
      const x = r as BatchScheduleResult;
      return [
        `One batch takes ${n(x.batchHours)} h. Proposal (${x.starts.length} runs a week): data age p50 ${n(x.dataAge.p50Hours)} h, p95 ${n(x.dataAge.p95Hours)} h${x.currentDataAge ? ` (today p50 ${n(x.currentDataAge.p50Hours)} h, p95 ${n(x.currentDataAge.p95Hours)} h)` : ''}.`,
        `${pct(x.peakOverlap)} of batch running time falls in peak hours; ${pct(x.trafficDuringBatch)} of requests arrive while a batch runs.`,
        `Off-peak windows (UTC): ${x.offPeakWindows.map((w) => `${w.start} for ${w.hours} h (${pct(w.trafficShare)} of traffic)`).join('; ')}.`,
      ];
    }
    case 'load-types': {
      const x = r as LoadTypesResult;
      return [...x.types.map((t) => `${t.type}: ${t.runs} runs, median ${n(t.medianMinutes, 1)} min, p95 ${n(t.p95Minutes, 1)} min${t.msPerRow !== null ? `, ${n(t.msPerRow, 4)} ms per row` : ''}`), ...(x.switch ? [`Switching ${x.switch.runs} ${x.switch.from} runs to ${x.switch.to}: ${n(x.switch.currentHours)} h → ${n(x.switch.projectedHours)} h, saving ${n(x.switch.savedHours)} h (${pct(x.switch.savedShare)} of all run time).`] : [])];
    }
    case 'cold-start':
      return (r as { groups: readonly ColdStartGroup[] }).groups.map((g) => `${g.group}: ${g.coldStarts} cold of ${g.requests} (${pct(g.coldShare)}); p50 cold ${n(g.coldP50)} vs warm ${n(g.warmP50)} ms (penalty ${n(g.penaltyP50)} ms), p95 penalty ${n(g.penaltyP95)} ms`);
    case 'anonymisation': {
      const x = r as AnonymisationResult;
      const k = x.kAnonymity;
      return [
        `k-anonymity over ${k.quasiIdentifiers.join(', ')}: ${k.groups} groups, smallest ${k.smallestGroup}; ${k.rowsBelowK} rows (${pct(k.shareBelowK)}) in groups below k = ${k.k} → ${k.satisfied ? 'satisfied' : 'NOT satisfied'}.`,
        ...(x.metric ? [`${x.metric.column}: mean ${n(x.metric.before, 4)} before, ${n(x.metric.after, 4)} after.`] : []),
        ...x.columns.filter((c) => c.status !== 'kept').map((c) => `${c.column}: ${c.status}${c.distance !== null ? ` (distance ${n(c.distance, 4)})` : ''}`),
      ];
    }
  }
}
