import type { ParsedInput } from '../../../common/contract/api';
import type { ReadContext } from '../../context';
import type { Computed, Progress } from './data';
import { computeConfidence, computeDrift, computeDriftSeries } from './drift';
import { computeFairness, computeModels } from './fairness';
import { computeLatency, computeWhatIf } from './latency';

/**
 * The analyses that read a dataset: each computes on a read-only context (in the analysis worker thread, on its
 * own connection; unbundled, in-process) and returns plain data that the main thread saves (runAnalysis.ts).
 */
export const ANALYSES = {
  'analysis-latency': computeLatency,
  'analysis-whatif': computeWhatIf,
  'analysis-drift': computeDrift,
  'analysis-drift-series': computeDriftSeries,
  'analysis-confidence': computeConfidence,
  'analysis-fairness': computeFairness,
  'analysis-models': computeModels,
} as const satisfies { [M in AnalysisMethod]: (ctx: ReadContext, input: ParsedInput<M>, progress: Progress) => Computed<unknown> };

export type AnalysisMethod = 'analysis-latency' | 'analysis-whatif' | 'analysis-drift' | 'analysis-drift-series' | 'analysis-confidence' | 'analysis-fairness' | 'analysis-models';

/** What the worker hands back for method M. */
export type ComputedOf<M extends AnalysisMethod> = ReturnType<(typeof ANALYSES)[M]>;

/** Runs one analysis on a read-only context. */
export function compute<M extends AnalysisMethod>(ctx: ReadContext, method: M, input: ParsedInput<M>, progress: Progress): ComputedOf<M> {
  const fn = ANALYSES[method] as unknown as (ctx: ReadContext, input: ParsedInput<M>, progress: Progress) => ComputedOf<M>;
  return fn(ctx, input, progress);
}
