import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { ConfidencePoint, DriftFeature, SeriesPoint, Window } from '../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { datasetDrift } from '../../../common/domain/drift/columnDrift';
import { isDrift, toReport } from '../../../common/domain/drift/report';
import { populationStabilityIndex, psiBand, psiCategorical, quantileEdgePositions } from '../../../common/domain/drift/psi';
import type { PsiResult } from '../../../common/domain/drift/psi';
import { quantileSorted } from '../../../common/domain/stats/quantile';
import type { ReadContext } from '../../context';
import { bucketStart, datasetFor, dayStart, isNumericType, load, numbers, subset, utcDate, windowRows } from './data';
import type { Cell, Columns, Computed, Progress } from './data';
import { categoricalSql, countBins, ksPass, psiPlan, sideSql, windowCounts } from './driftSql';
import type { BinPlan } from './driftSql';

type Side = { ds: DatasetInfo; cols: Columns };
type DriftOut = Omit<Output<'analysis-drift'>, 'resultId' | 'datasetVersionIds'>;

/** Loads one window's rows: its own dataset version for kind "version", else the chosen version filtered. */
function loadWindow(ctx: ReadContext, eventId: string, datasetId: string, version: number | undefined, w: Window, columns: string[]): Side {
  const ds = datasetFor(ctx, eventId, datasetId, w.kind === 'version' ? w.version : version);
  const all = load(ctx, ds, [...columns, w.kind === 'version' ? undefined : w.column]);
  const rows = windowRows(all, w, ds.rowCount);
  return { ds, cols: subset(all, rows) };
}

function describeWindow(w: Window): string {
  if (w.kind === 'dates') return `${w.from}–${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

/** Why a column is left out of an all-columns comparison, or null when it is compared. */
function skipReason(c: DatasetInfo['columns'][number], windowColumns: ReadonlySet<string>): string | null {
  if (windowColumns.has(c.name)) return 'it defines the windows';
  if (c.type === 'timestamp' || c.role === 'timestamp') return 'time column: each window covers its own dates, so its distribution always differs';
  if (c.role === 'entity-id') return 'identifier: every value is new';
  if (c.type === 'text') return 'free text (identifiers, notes): not compared as categories';
  return null;
}

/** Every column of the dataset that both versions have, in dataset order, and the ones left out with the reason. */
export function driftColumns(refDs: DatasetInfo, curDs: DatasetInfo, reference: Window, current: Window): { features: string[]; skipped: { column: string; reason: string }[] } {
  const windowColumns = new Set([reference, current].flatMap((w) => (w.kind === 'version' ? [] : [w.column])));
  const features: string[] = [];
  const skipped: { column: string; reason: string }[] = [];
  for (const c of refDs.columns) {
    const why = curDs.columns.some((x) => x.name === c.name) ? skipReason(c, windowColumns) : `not in version ${curDs.version}`;
    if (why) skipped.push({ column: c.name, reason: why });
    else features.push(c.name);
  }
  return { features, skipped };
}

function strings(col: readonly Cell[]): string[] {
  return col.filter((v): v is string | number => v !== null && v !== '').map(String);
}

/**
 * Drift between two windows with every aggregation inside SQLite (driftSql.ts): bounded memory at any row count,
 * and the same numbers the in-memory driftReport gives over the read columns.
 */
export function computeDrift(ctx: ReadContext, input: ParsedInput<'analysis-drift'>, progress: Progress): Computed<DriftOut> {
  const refDs = datasetFor(ctx, input.eventId, input.datasetId, input.reference.kind === 'version' ? input.reference.version : input.version);
  const curDs = datasetFor(ctx, input.eventId, input.datasetId, input.current.kind === 'version' ? input.current.version : input.version);
  const { features: chosen, skipped } = input.allColumns ? driftColumns(refDs, curDs, input.reference, input.current) : { features: [...new Set(input.features)], skipped: [] };
  if (chosen.length === 0) {
    throw new AppError('VALIDATION', input.allColumns ? `Dataset "${refDs.name}" has no column to compare (${skipped.map((k) => `${k.column}: ${k.reason}`).join('; ') || 'no columns'}).` : 'Choose at least one feature.');
  }
  const ref = sideSql(ctx, refDs, input.reference, chosen);
  const cur = sideSql(ctx, curDs, input.current, chosen);
  // All columns: a boolean is compared as two categories (decile edges collapse on two values, so quantile PSI saw nothing).
  const isBoolean = (name: string) => input.allColumns && refDs.columns.find((c) => c.name === name)?.type === 'boolean';
  const specs = chosen.map((name) => ({ name, categorical: input.categorical.includes(name) || !isNumericType(refDs, name) || isBoolean(name) }));
  // Steps: the two windows' counts, one sorted pass per numeric feature, the two windows' bins.
  const steps = 4 + specs.filter((f) => !f.categorical).length;
  let done = 0;
  const step = (message: string) => progress(++done, steps, message);
  const refCounts = windowCounts(ctx, ref, specs);
  step('Counted the reference window');
  const curCounts = windowCounts(ctx, cur, specs);
  step('Counted the current window');
  const refRows = refCounts.rows;
  const curRows = curCounts.rows;
  if (refRows === 0) throw new AppError('BAD_INPUT', `The reference window (${describeWindow(input.reference)}) has no rows.`);
  if (curRows === 0) throw new AppError('BAD_INPUT', `The current window (${describeWindow(input.current)}) has no rows.`);
  // Filled in input order (slots), so the stable sort by PSI orders ties as before.
  const slots: (DriftFeature | undefined)[] = [];
  const errors: { column: string; message: string }[] = [];
  const pending: { plan: BinPlan; done: (psi: PsiResult) => void }[] = [];
  for (const column of chosen) {
    const categorical = specs.find((f) => f.name === column)!.categorical;
    const r = refCounts.byFeature.get(column)!;
    const c = curCounts.byFeature.get(column)!;
    if (r.values === 0 || c.values === 0) {
      errors.push({ column, message: `"${column}" has no values in the ${r.values === 0 ? 'reference' : 'current'} window.` });
      continue;
    }
    const pass = categorical ? null : ksPass(ctx, ref, cur, column, r.values, c.values, input.binning === 'quantile' ? quantileEdgePositions(r.values, input.bins ?? 10) : []);
    if (pass) step(`Compared the distributions of ${column}`);
    const ks = pass ? { statistic: pass.ks.statistic, pvalue: pass.ks.pvalue, method: pass.ks.method } : undefined;
    const missing = refRows - r.values + (curRows - c.values);
    const slot = slots.push(undefined) - 1;
    const categories = pass ? null : categoricalSql(ctx, ref, cur, column, input.binning);
    const stats = pass ? pass.stats : categories!.stats;
    const done = (psi: PsiResult) => (slots[slot] = { ...toReport(column, psi, input.threshold, categorical, ks), band: psiBand(psi.psi), detail: psi, missing, stats });
    const psi = pass ? psiPlan(ctx, ref, cur, column, r, c, input.binning, input.bins ?? 10, pass.at) : categories!.psi;
    if ('finish' in psi) pending.push({ plan: psi, done });
    else done(psi);
  }
  // Every numeric feature's bins counted in one scan per window.
  const plans = pending.map((p) => p.plan);
  const refBins = countBins(ctx, ref, plans);
  step('Binned the reference window');
  const curBins = countBins(ctx, cur, plans);
  step('Binned the current window');
  pending.forEach((p, i) => p.done(p.plan.finish(refBins[i]!, curBins[i]!)));
  const features = slots.filter((f): f is DriftFeature => f !== undefined);
  features.sort((a, b) => b.psi - a.psi);
  const versionIds = [...new Set([refDs.versionId, curDs.versionId])];
  // Evidently's dataset drift: the share of compared columns whose default test says drift (columns without values left out).
  const dataset = datasetDrift(features.map((f) => f.stats!.test.drift), input.driftShare);
  const result = { referenceRows: refRows, currentRows: curRows, features, errors, skipped, datasetDrift: dataset };
  return { kind: 'drift', title: `Drift: ${describeWindow(input.current)} vs ${describeWindow(input.reference)}`, versionIds, result };
}

export function computeDriftSeries(ctx: ReadContext, input: ParsedInput<'analysis-drift-series'>, progress: Progress): Computed<Omit<Output<'analysis-drift-series'>, 'resultId' | 'datasetVersionIds'>> {
  const ref = loadWindow(ctx, input.eventId, input.datasetId, input.version, input.reference, [input.feature]);
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const all = load(ctx, ds, [input.feature, input.timestamp]);
  const categorical = input.categorical || !isNumericType(ds, input.feature);
  const refValues = categorical ? strings(ref.cols[input.feature]!) : numbers(ref.cols[input.feature]!);
  if (refValues.length === 0) throw new AppError('BAD_INPUT', `"${input.feature}" has no values in the reference window.`);
  const groups = new Map<number, Cell[]>();
  const ts = all[input.timestamp]!;
  const values = all[input.feature]!;
  ts.forEach((t, i) => {
    if (typeof t !== 'number') return;
    const b = bucketStart(t, input.bucket);
    const list = groups.get(b);
    if (list) list.push(values[i]!);
    else groups.set(b, [values[i]!]);
  });
  if (groups.size === 0) throw new AppError('BAD_INPUT', `Column "${input.timestamp}" has no timestamps to bucket by.`);
  const points: SeriesPoint[] = [...groups.keys()].sort((a, b) => a - b).map((start) => {
    const raw = groups.get(start)!;
    const cur = categorical ? strings(raw) : numbers(raw);
    const date = input.bucket === 'day' ? utcDate(start) : new Date(start).toISOString().slice(0, 16).replace('T', ' ');
    if (cur.length < input.minRows) return { start, date, n: cur.length, psi: null };
    const psi = categorical
      ? psiCategorical(refValues as string[], cur as string[], input.binning).psi
      : populationStabilityIndex(refValues as Float64Array, cur as Float64Array, { binning: input.binning, bins: input.bins }).psi;
    return { start, date, n: cur.length, psi };
  });
  const firstOver = points.find((p) => p.psi !== null && isDrift(p.psi, input.threshold)) ?? null;
  const flaggedAt = input.flaggedAt ?? null;
  const lagDays = firstOver && flaggedAt ? (dayStart(flaggedAt) - firstOver.start) / 86_400_000 : null;
  const result = { points, firstOver, flaggedAt, lagDays, threshold: input.threshold };
  const versionIds = [...new Set([ref.ds.versionId, ds.versionId])];
  progress(1, 1, 'PSI per bucket');
  return { kind: 'drift-series', title: `PSI over time: ${input.feature} (per ${input.bucket})`, versionIds, result };
}

export function computeConfidence(ctx: ReadContext, input: ParsedInput<'analysis-confidence'>, progress: Progress): Computed<Omit<Output<'analysis-confidence'>, 'resultId' | 'datasetVersionIds'>> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const cols = load(ctx, ds, [input.column, input.timestamp]);
  const groups = new Map<number, number[]>();
  const all: number[] = [];
  cols[input.timestamp]!.forEach((t, i) => {
    const v = cols[input.column]![i];
    if (typeof t !== 'number' || typeof v !== 'number' || !Number.isFinite(v)) return;
    const b = bucketStart(t, input.bucket);
    all.push(v);
    const list = groups.get(b);
    if (list) list.push(v);
    else groups.set(b, [v]);
  });
  if (all.length === 0) throw new AppError('BAD_INPUT', `Column "${input.column}" has no numeric confidence values with a timestamp.`);
  const low = (xs: number[]) => xs.filter((x) => x < input.lowThreshold).length / xs.length;
  const points: ConfidencePoint[] = [...groups.keys()].sort((a, b) => a - b).map((start) => {
    const xs = groups.get(start)!;
    const s = Float64Array.from(xs).sort();
    return { start, date: input.bucket === 'day' ? utcDate(start) : new Date(start).toISOString().slice(0, 16).replace('T', ' '), n: xs.length, p10: quantileSorted(s, 0.1), p50: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9), lowShare: low(xs) };
  });
  const overall = { n: all.length, lowShare: low(all), p50: quantileSorted(Float64Array.from(all).sort(), 0.5) };
  const result = { points, overall, lowThreshold: input.lowThreshold };
  progress(1, 1, 'Percentiles per bucket');
  return { kind: 'confidence', title: `Prediction confidence: ${input.column}`, versionIds: [ds.versionId], result };
}
