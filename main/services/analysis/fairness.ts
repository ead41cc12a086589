import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import { fairnessFromCounts, fairnessGate, fairnessMetrics, isPositive } from '../../../common/domain/fairness/fairness';
import type { FairnessReport, RateCounts } from '../../../common/domain/fairness/fairness';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { compareModels, summarizeModel, verdict } from '../../../common/domain/latency/modelComparison';
import type { ModelRow } from '../../../common/domain/latency/modelComparison';
import type { ReadContext, ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import { actorFor } from '../governance/people';
import { datasetFor, load, maybeSave, paramsOf, subset, windowRows } from './data';
import type { Computed, Progress } from './data';
import { fairnessCountsInSql } from './fairnessSql';
import { fairnessRows } from './inputs';

export type FairnessOut = Omit<Output<'analysis-fairness'>, 'resultId' | 'datasetVersionIds' | 'recordedAt'>;
/** A computed fairness result and the dataset it was computed on (for the change log's gate entry). */
export type FairnessComputed = Computed<FairnessOut> & { datasetId: string; datasetVersionId: string };

export function computeFairness(ctx: ReadContext, input: ParsedInput<'analysis-fairness'>, progress: Progress): FairnessComputed {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  if (!input.prediction && !input.score) throw new AppError('VALIDATION', 'Choose a predicted-label column, or a score column with a threshold.');
  if (input.score && input.threshold === undefined) throw new AppError('VALIDATION', 'A score column needs a threshold (predicted positive when score ≥ threshold).');
  // Counts per group from one GROUP BY (bounded memory); a text score column takes the in-memory path.
  const counted = fairnessCountsInSql(ctx, ds, input);
  const { report, skipped } = counted ? fromCounts(input, counted) : inMemory(ctx, ds, input);
  const gate = input.gate ? fairnessGate(report, input.gate.metric, input.gate.threshold) : null;
  const result = { report, gate, skipped, datasetVersion: ds.version };
  const title = `Fairness by ${input.group}${gate ? ` — ${gate.pass === null ? `undecided (${gate.undecidedReason ?? 'no value'})` : gate.pass ? 'PASS' : 'FAIL'}` : ''}`;
  progress(1, 1, 'Rates per group');
  return { kind: 'fairness', title, versionIds: [ds.versionId], result, datasetId: ds.id, datasetVersionId: ds.versionId };
}

function fromCounts(input: ParsedInput<'analysis-fairness'>, { byGroup, skipped }: { byGroup: Map<string, RateCounts>; skipped: number }): { report: FairnessReport; skipped: number } {
  if (byGroup.size < 2) throw new AppError('BAD_INPUT', `Column "${input.group}" has ${byGroup.size} group(s) with data; fairness needs at least 2.`);
  return { report: fairnessFromCounts(byGroup), skipped };
}

/** The rows read into memory and judged one by one (a score column stored as text). */
function inMemory(ctx: ReadContext, ds: DatasetInfo, input: ParsedInput<'analysis-fairness'>): { report: FairnessReport; skipped: number } {
  const w = input.window;
  let cols = load(ctx, ds, [input.label, input.prediction, input.score, input.group, w && w.kind !== 'version' ? w.column : undefined]);
  if (w && w.kind !== 'version') cols = subset(cols, windowRows(cols, w, ds.rowCount));
  const columns = Object.entries(cols).map(([name, values]) => ({ name, values }));
  const spec = { label: input.label, prediction: input.prediction, score: input.prediction ? undefined : input.score, threshold: input.threshold, group: input.group, posLabel: input.posLabel, predictionPosLabel: input.predictionPosLabel };
  const { rows, skipped } = fairnessRows(columns, spec, `Dataset "${ds.name}"`, isPositive);
  const groups = new Set(rows.map((r) => r.group)).size;
  if (groups < 2) throw new AppError('BAD_INPUT', `Column "${input.group}" has ${groups} group(s) with data; fairness needs at least 2.`);
  return { report: fairnessMetrics(rows), skipped };
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
