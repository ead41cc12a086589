import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import { addRows, emptyCounts, fairnessFromCounts, fairnessGate, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import { bootstrapFairness } from '../../../common/domain/fairness/bootstrap';
import type { FairnessIntervals } from '../../../common/domain/fairness/bootstrap';
import { sweepThresholds, thresholdSweep } from '../../../common/domain/fairness/sweep';
import type { ThresholdSweep } from '../../../common/domain/fairness/sweep';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { compareModels, summarizeModel, verdict } from '../../../common/domain/latency/modelComparison';
import type { ModelRow } from '../../../common/domain/latency/modelComparison';
import type { ReadContext, ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import { actorFor } from '../governance/people';
import { datasetFor, load, maybeSave, paramsOf, subset, windowRows } from './data';
import type { Computed, Progress } from './data';
import { fairnessCountsInSql, sweepPointsInSql } from './fairnessSql';
import { fairnessRows, sweepRows } from './inputs';

export type FairnessOut = Omit<Output<'analysis-fairness'>, 'resultId' | 'datasetVersionIds' | 'recordedAt'>;
/** A computed fairness result and the dataset it was computed on (for the change log's gate entry). */
export type FairnessComputed = Computed<FairnessOut> & { datasetId: string; datasetVersionId: string };

export function computeFairness(ctx: ReadContext, input: ParsedInput<'analysis-fairness'>, progress: Progress): FairnessComputed {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  if (!input.prediction && !input.score) throw new AppError('VALIDATION', 'Choose a predicted-label column, or a score column with a threshold.');
  if (!input.prediction && input.threshold === undefined) throw new AppError('VALIDATION', 'A score column needs a threshold (predicted positive when score ≥ threshold).');
  if (input.sweep && !input.score) throw new AppError('VALIDATION', 'The threshold sweep needs a score column (it moves the threshold of score ≥ threshold).');
  if (input.group2 && input.group2 === input.group) throw new AppError('VALIDATION', `Choose two different group columns (both are "${input.group}").`);
  const steps = 1 + (input.bootstrap ? 1 : 0) + (input.sweep ? 1 : 0);
  // Counts per group from one GROUP BY (bounded memory); a text score column takes the in-memory path.
  const { byGroup, skipped } = fairnessCountsInSql(ctx, ds, input) ?? inMemory(ctx, ds, input);
  const groupNames = `${input.group}${input.group2 ? ` × ${input.group2}` : ''}`;
  if (byGroup.size < 2) throw new AppError('BAD_INPUT', `Column${input.group2 ? 's' : ''} "${groupNames}" ha${input.group2 ? 've' : 's'} ${byGroup.size} group(s) with data; fairness needs at least 2.`);
  const report = fairnessFromCounts(byGroup);
  progress(1, steps, 'Rates per group');
  const gate = input.gate ? fairnessGate(report, input.gate.metric, input.gate.threshold) : null;
  let intervals: FairnessIntervals | null = null;
  if (input.bootstrap) {
    const b = input.bootstrap;
    intervals = bootstrapFairness(byGroup, b, (done, total) => progress(1, steps, `Bootstrap: ${done} of ${total} resamples`));
    progress(2, steps, `Bootstrap: ${b.resamples} resamples (seed ${b.seed})`);
  }
  let sweep: ThresholdSweep | null = null;
  if (input.sweep) {
    sweep = sweepOf(ctx, ds, { ...input, score: input.score! }, input.sweep.steps);
    progress(steps, steps, 'Threshold sweep');
  }
  const result = { report, gate, skipped, datasetVersion: ds.version, intervals, sweep };
  const title = `Fairness by ${groupNames}${gate ? ` — ${gate.pass === null ? `undecided (${gate.undecidedReason ?? 'no value'})` : gate.pass ? 'PASS' : 'FAIL'}` : ''}`;
  return { kind: 'fairness', title, versionIds: [ds.versionId], result, datasetId: ds.id, datasetVersionId: ds.versionId };
}

function windowed(ctx: ReadContext, ds: DatasetInfo, input: ParsedInput<'analysis-fairness'>, columns: (string | undefined)[]) {
  const w = input.window;
  let cols = load(ctx, ds, [...columns, w && w.kind !== 'version' ? w.column : undefined]);
  if (w && w.kind !== 'version') cols = subset(cols, windowRows(cols, w, ds.rowCount));
  return Object.entries(cols).map(([name, values]) => ({ name, values }));
}

/** The rows read into memory and judged one by one (a score column stored as text), counted per group. */
function inMemory(ctx: ReadContext, ds: DatasetInfo, input: ParsedInput<'analysis-fairness'>): { byGroup: Map<string, RateCounts>; skipped: number } {
  const columns = windowed(ctx, ds, input, [input.label, input.prediction, input.score, input.group, input.group2]);
  const spec = { label: input.label, prediction: input.prediction, score: input.prediction ? undefined : input.score, threshold: input.threshold, group: input.group, group2: input.group2, posLabel: input.posLabel, predictionPosLabel: input.predictionPosLabel };
  const { rows, skipped } = fairnessRows(columns, spec, `Dataset "${ds.name}"`, isPositive);
  const byGroup = new Map<string, RateCounts>();
  for (const r of rows) {
    let c = byGroup.get(r.group);
    if (!c) byGroup.set(r.group, (c = emptyCounts()));
    addRows(c, r.label, r.prediction);
  }
  return { byGroup, skipped };
}

/** Selection rate and TPR per group over the thresholds (from one GROUP BY, or the rows for a text score column). */
function sweepOf(ctx: ReadContext, ds: DatasetInfo, input: ParsedInput<'analysis-fairness'> & { score: string }, steps: number): ThresholdSweep {
  const points = sweepPointsInSql(ctx, ds, input) ?? sweepRows(windowed(ctx, ds, input, [input.label, input.score, input.group, input.group2]), { ...input, score: input.score }, `Dataset "${ds.name}"`, isPositive);
  if (points.length === 0) throw new AppError('BAD_INPUT', `Column "${input.score}" has no numbers in the chosen rows; the threshold sweep needs scores.`);
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p.score < min) min = p.score;
    if (p.score > max) max = p.score;
  }
  return thresholdSweep(points, sweepThresholds(min, max, steps));
}

/** On the main thread, after computeFairness: saves when asked and records the gate in the change log. */
export function finishFairness(ctx: ServiceContext, input: ParsedInput<'analysis-fairness'>, c: FairnessComputed): Output<'analysis-fairness'> {
  const { result, title } = c;
  const { gate } = result;
  const ds = { id: c.datasetId, version: result.datasetVersion, versionId: c.datasetVersionId };
  const at = ctx.nowIso();
  const resultId = maybeSave(ctx, input, 'fairness', title, paramsOf(input), [ds.versionId], result);
  if (resultId && gate) {
    // The promotion gate is governance-relevant: keep it in the hash-chained log with the dataset version.
    appendChange(ctx.db, at, {
      actor: actorFor(ctx, input.eventId),
      entity: 'analysis',
      entityId: resultId,
      eventId: input.eventId,
      record: { table: 'analysis_results', id: resultId },
      action: 'fairness-gate',
      payload: { pass: gate.pass, ...(gate.undecidedReason ? { undecided: gate.undecidedReason } : {}), metric: gate.metric, value: gate.value, threshold: gate.threshold, datasetId: ds.id, datasetVersion: ds.version, datasetVersionId: ds.versionId },
    });
  }
  return { ...result, resultId, datasetVersionIds: [ds.versionId], recordedAt: resultId ? at : null };
}

export function computeModels(ctx: ReadContext, input: ParsedInput<'analysis-models'>, progress: Progress): Computed<Omit<Output<'analysis-models'>, 'resultId' | 'datasetVersionIds'>> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  if (input.score && input.threshold === undefined && !input.prediction) throw new AppError('VALIDATION', 'A score column without a prediction column needs a threshold.');
  const cols = load(ctx, ds, [input.versionColumn, input.latency, input.label, input.prediction, input.score]);
  const byVersion = new Map<string, ModelRow[]>();
  const vcol = cols[input.versionColumn]!;
  for (let i = 0; i < vcol.length; i++) {
    const v = vcol[i];
    if (v === null || v === '') continue;
    const lat = cols[input.latency]![i];
    const y = input.label ? cols[input.label]![i] : null;
    const p = input.prediction ? cols[input.prediction]![i] : null;
    const s = input.score ? cols[input.score]![i] : null;
    const score = typeof s === 'number' ? s : null;
    const prediction = p !== null && p !== undefined ? isPositive(p, input.predictionPosLabel ?? input.posLabel) : score !== null && input.threshold !== undefined ? score >= input.threshold : null;
    const row: ModelRow = { latencyMs: typeof lat === 'number' ? lat : Number.NaN, label: y === null || y === undefined ? null : isPositive(y, input.posLabel), prediction, score };
    const list = byVersion.get(String(v));
    if (list) list.push(row);
    else byVersion.set(String(v), [row]);
  }
  const names = [...byVersion.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (names.length < 2) throw new AppError('BAD_INPUT', `Column "${input.versionColumn}" has ${names.length} model version(s); a comparison needs 2.`);
  const baseline = input.baseline ?? names[0]!;
  const candidate = input.candidate ?? names[names.length - 1]!;
  for (const v of [baseline, candidate]) if (!byVersion.has(v)) throw new AppError('BAD_INPUT', `No rows with ${input.versionColumn} = "${v}" (versions: ${names.join(', ')}).`);
  const versions = names.map((n) => summarizeModel(n, byVersion.get(n)!));
  const b = versions.find((v) => v.version === baseline)!;
  const c = versions.find((v) => v.version === candidate)!;
  const differences = compareModels(b, byVersion.get(baseline)!, c, byVersion.get(candidate)!);
  const text = verdict(differences, input.metric, baseline, candidate);
  const result = { versions, baseline, candidate, differences, verdict: text, metric: input.metric, reason: input.reason };
  progress(1, 1, 'Compared the model versions');
  return { kind: 'models', title: `Model comparison: ${candidate} vs ${baseline}`, versionIds: [ds.versionId], result };
}
