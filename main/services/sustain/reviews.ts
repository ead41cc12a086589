import { AppError, isAppError, notFound } from '../../../common/contract/errors';
import { MIN_EVIDENCE_POINTS } from '../../../common/contract/schemas/actions';
import type { ActionFields } from '../../../common/contract/schemas/actions';
import type { DriftFeature, Window } from '../../../common/contract/schemas/analysis';
import type { Kpi, KpiPoint } from '../../../common/contract/schemas/kpi';
import { REVIEW_OFFSETS, ReviewResult as ReviewResultSchema } from '../../../common/contract/schemas/reviews';
import type { ReviewDrift, ReviewKpiResult, ReviewResult, ReviewScheduleEntry, ReviewScheduleItem } from '../../../common/contract/schemas/reviews';
import { compareBeforeAfter } from '../../../common/domain/kpi/beforeAfter';
import { psiCategorical, psiQuantile } from '../../../common/domain/drift/psi';
import { kpiChecks } from '../../../common/domain/sustain/evaluate';
import type { GuardrailCheck } from '../../../common/domain/sustain/evaluate';
import type { KpiGuardrail } from '../../../common/domain/sustain/guardrails';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as analysisRepo from '../../db/repositories/analysis';
import * as datasetRepo from '../../db/repositories/datasets';
import { insertAction, listActions } from '../../db/repositories/improve';
import * as kpiRepo from '../../db/repositories/kpi';
import * as repo from '../../db/repositories/reviews';
import { getDataset, readColumns } from '../datasets/access';
import { todayIso } from '../governance/freeze';
import { actorFor } from '../governance/people';
import { bucketValues, kpiSeries } from '../kpi/series';
import { requireEvent } from '../lookups';
import { kpiChart, testConfigOf } from '../spc/kpiChart';
import { heldLimits } from './guardrails';
import { reviewFairness } from './reviewFairness';

/** Follow-up points a KPI needs for a verdict (as many as the action evidence gate asks for). */
export const MIN_REVIEW_POINTS = MIN_EVIDENCE_POINTS;
const DAY = 86_400_000;
const DRIFT_THRESHOLD = 0.2;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const num = (x: number, unit = '') => `${Number(x.toPrecision(4))}${unit ? ` ${unit}` : ''}`;

// ---------------------------------------------------------------- schedule

function log(ctx: ServiceContext, eventId: string, table: 'review_schedule' | 'review_results', id: string, action: string, payload: unknown): void {
  appendChange(ctx.db, ctx.nowIso(), { actor: actorFor(ctx, eventId), entity: 'review', entityId: id, action, payload, eventId, record: { table, id } });
}

function entries(ctx: ServiceContext, eventId: string): ReviewScheduleEntry[] {
  const counts = repo.resultCounts(ctx.db, eventId);
  const today = todayIso(ctx);
  return repo.listSchedule(ctx.db, eventId).map((s) => {
    const c = counts.get(s.id);
    return { ...s, results: c?.n ?? 0, lastRunAt: c?.last ?? null, status: c ? 'done' : s.dueDate < today ? 'overdue' : 'due' };
  });
}

export function listReviews(ctx: ServiceContext, eventId: string): { schedule: ReviewScheduleEntry[]; results: ReviewResult[] } {
  requireEvent(ctx, eventId);
  return { schedule: entries(ctx, eventId), results: repo.listResults(ctx.db, eventId) };
}

/**
 * Sets the event's schedule. Without `items`: seeds the 30/60/90-day reviews from the event's end date (only when
 * it has none yet). With `items`: edits rows with an id, adds rows without, removes stored rows not listed (a
 * review with results cannot be removed). Every change is logged with its row.
 */
export function setSchedule(ctx: ServiceContext, input: { eventId: string; items?: { id?: string; title: string; dueDate: string }[] }): ReviewScheduleEntry[] {
  const event = requireEvent(ctx, input.eventId);
  const at = ctx.nowIso();
  const stored = repo.listSchedule(ctx.db, event.id);
  ctx.db.transaction(() => {
    if (!input.items) {
      if (stored.length > 0) return;
      if (!event.endDate) throw new AppError('BAD_INPUT', `Event "${event.name}" has no end date to schedule its 30/60/90-day reviews from; set the end date on the charter or give the review dates.`, { field: 'items' });
      for (const d of REVIEW_OFFSETS) {
        const item: ReviewScheduleItem = { id: ctx.newId(), eventId: event.id, title: `${d}-day review`, dueDate: addDays(event.endDate, d), offsetDays: d, createdAt: at, updatedAt: at };
        repo.insertScheduleItem(ctx.db, item);
        log(ctx, event.id, 'review_schedule', item.id, 'schedule', { title: item.title, dueDate: item.dueDate });
      }
      return;
    }
    const counts = repo.resultCounts(ctx.db, event.id);
    const keep = new Set(input.items.flatMap((i, n) => {
      if (!i.id) return [];
      if (!stored.some((s) => s.id === i.id)) throw new AppError('BAD_INPUT', `items[${n}].id: no review "${i.id}" in this event's schedule.`, { field: `items.${n}.id` });
      return [i.id];
    }));
    for (const s of stored) {
      if (keep.has(s.id)) continue;
      if (counts.has(s.id)) throw new AppError('BAD_INPUT', `"${s.title}" (due ${s.dueDate}) has ${counts.get(s.id)!.n} stored result(s) and cannot be removed from the schedule.`, { field: 'items' });
      log(ctx, event.id, 'review_schedule', s.id, 'unschedule', { title: s.title, dueDate: s.dueDate });
      repo.deleteScheduleItem(ctx.db, s.id);
    }
    for (const i of input.items) {
      const old = i.id ? stored.find((s) => s.id === i.id) : undefined;
      if (old) {
        if (old.title === i.title && old.dueDate === i.dueDate) continue;
        repo.updateScheduleItem(ctx.db, old.id, at, { title: i.title, dueDate: i.dueDate });
        log(ctx, event.id, 'review_schedule', old.id, 'reschedule', { title: i.title, dueDate: i.dueDate, was: { title: old.title, dueDate: old.dueDate } });
      } else {
        const item: ReviewScheduleItem = { id: ctx.newId(), eventId: event.id, title: i.title, dueDate: i.dueDate, offsetDays: null, createdAt: at, updatedAt: at };
        repo.insertScheduleItem(ctx.db, item);
        log(ctx, event.id, 'review_schedule', item.id, 'schedule', { title: item.title, dueDate: item.dueDate });
      }
    }
  })();
  return entries(ctx, event.id);
}

// ---------------------------------------------------------------- run

type Used = Map<string, ReviewResult['datasetVersions'][number]>;

function use(ctx: ServiceContext, used: Used, datasetId: string) {
  const info = getDataset(ctx, datasetId);
  used.set(datasetId, { datasetId, name: info.name, version: info.version, versionId: info.versionId });
  return info;
}

function timeColumnOf(info: ReturnType<typeof getDataset>, preferred?: string): string | undefined {
  return preferred ?? info.columns.find((c) => c.role === 'timestamp')?.name ?? info.columns.find((c) => c.type === 'timestamp')?.name;
}

/** The last UTC day with data in a version's time column, or null. */
function lastDay(ctx: ServiceContext, datasetId: string, timeColumn: string, version?: number): string | null {
  const t = readColumns(ctx, datasetId, [timeColumn], { version })[timeColumn] ?? [];
  let max = Number.NEGATIVE_INFINITY;
  for (const v of t) if (typeof v === 'number' && v > max) max = v;
  return Number.isFinite(max) ? new Date(max).toISOString().slice(0, 10) : null;
}

/**
 * The first day of follow-up data: the day after the event's data, i.e. after the last day of the dataset's newest
 * full import (appends after it are the follow-up). Null when that version has no dates.
 */
function defaultSince(ctx: ServiceContext, datasetId: string, timeColumn: string): string | null {
  const full = datasetRepo.listVersions(ctx.db, datasetId).filter((v) => v.mode === 'full').at(-1);
  if (!full) return null;
  const last = lastDay(ctx, datasetId, timeColumn, full.version);
  return last ? addDays(last, 1) : null;
}

type KpiRun = { result: ReviewKpiResult; since: string | null; datasetId: string; timeColumn: string | null; held: { from: string; to: string } | null };

function pointsWord(kpi: Kpi, n: number): string {
  const b = kpi.source.kind === 'dataset' ? kpi.source.bucket : 'day';
  const w = b === 'hour' ? 'hourly point' : b === 'week' ? 'weekly point' : 'daily point';
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/**
 * One KPI's review: its series on the dataset's latest version; the follow-up points (from `since`) charted against
 * limits held from the event's stage (the KPI chart's latest stage, or its own Phase I range, up to the day before
 * `since`) with the guardrails' checks (limits, special-cause tests, alert threshold on the bad side); the
 * before/after test of the follow-up points against that stage's points; the verdict with its evidence.
 */
function reviewKpi(ctx: ServiceContext, kpi: Kpi, sinceInput: string | undefined, used: Used): KpiRun {
  const src = kpi.source;
  if (src.kind !== 'dataset') throw new Error('reviewKpi takes dataset KPIs');
  const base: Omit<ReviewKpiResult, 'verdict' | 'evidence'> = { kpiId: kpi.id, name: kpi.name, unit: kpi.unit, direction: kpi.direction, datasetId: src.datasetId, newPoints: 0, needed: MIN_REVIEW_POINTS, limits: null, checks: [], beforeAfter: null, baseline: null, gainRetained: null };
  const noData = (evidence: string[], extra: Partial<ReviewKpiResult> = {}, since: string | null = null, timeColumn: string | null = null): KpiRun => ({
    result: { ...base, ...extra, verdict: 'not-enough-data', evidence },
    since,
    datasetId: src.datasetId,
    timeColumn,
    held: null,
  });
  let info;
  try {
    info = use(ctx, used, src.datasetId);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return noData([`The KPI's dataset could not be read: ${e.message}`]);
  }
  const timeColumn = timeColumnOf(info, src.timeColumn);
  if (!timeColumn) return noData([`Dataset "${info.name}" has no timestamp column, so no follow-up period can be told apart.`]);
  const since = sinceInput ?? defaultSince(ctx, src.datasetId, timeColumn);
  if (!since) return noData([`Dataset "${info.name}" has no dates in its last full import to start the follow-up from.`], {}, null, timeColumn);
  const series = kpiSeries(ctx, kpi);
  if (series.error) return noData([`The KPI's data could not be read: ${series.error}`], {}, since, timeColumn);
  const day = (p: KpiPoint) => p.date.slice(0, 10);
  const fresh = series.points.filter((p) => day(p) >= since);
  if (fresh.length < MIN_REVIEW_POINTS) {
    const more = MIN_REVIEW_POINTS - fresh.length;
    return noData(
      [`${pointsWord(kpi, fresh.length)} of follow-up data since ${since} in "${info.name}" (version ${info.version}); a verdict needs ${MIN_REVIEW_POINTS}. Append at least ${more} more ${more === 1 ? 'point' : 'points'}' worth of data (the dataset's import with "append") and run the review again.`],
      { newPoints: fresh.length },
      since,
      timeColumn,
    );
  }

  // Held limits: the KPI chart's own Phase I range if it has one, else its latest stage up to the day before `since`.
  let chart = kpiChart(ctx, kpi);
  const panel0 = chart.panels[0]!;
  const stage = panel0.stages[panel0.stages.length - 1]!;
  const inStage = panel0.points.filter((p) => p.index >= stage.from && p.subgroup.slice(0, 10) < since);
  if (!kpi.chart.limitsFrom) {
    if (inStage.length < 2) return noData([`The stage "${stage.name}" has ${inStage.length} point(s) before ${since}; limits cannot be held from fewer than 2.`], { newPoints: fresh.length }, since, timeColumn);
    chart = kpiChart(ctx, kpi, { limitsFrom: { from: inStage[0]!.index, to: inStage[inStage.length - 1]!.index } });
  }
  const held = heldLimits(chart.panels[0]!, chart.settings);
  const limits = { ...held, stage: kpi.chart.limitsFrom ? held.stage : stage.name };
  const tests = testConfigOf(chart.settings);
  const g: KpiGuardrail = {
    name: kpi.name,
    unit: kpi.unit,
    direction: kpi.direction,
    definition: { dataset: info.name, timeColumn, column: src.column, statistic: src.statistic, bucket: src.bucket, filters: src.filters ?? [], condition: src.condition ?? null },
    limits,
    tests: { enabled: [...tests.enabled], k: { ...tests.k } },
    alertThreshold: kpi.alertThreshold,
    target: kpi.target,
  };
  // X̄ charts chart each bucket's rows as a subgroup, as the KPI chart does (bucketValues).
  const raw = limits.chart === 'xbar-r' || limits.chart === 'xbar-s' ? new Map(bucketValues(ctx, kpi).map((b) => [b.time, b.values])) : undefined;
  const checks = kpiChecks(g, fresh.map((p) => ({ start: p.time, value: p.value, n: p.n })), raw);

  const before = series.points.filter((p) => day(p) >= limits.from && day(p) <= limits.to && day(p) < since).map((p) => p.value);
  const after = fresh.map((p) => p.value);
  const ba = before.length >= 2 ? compareBeforeAfter(before, after, kpi.direction, kpi.unit) : null;

  const failed = checks.filter((c) => c.status === 'fail');
  const worse = ba !== null && !ba.improved && (ba.welch.p < 0.05 || ba.mannWhitney.p < 0.05);
  const better = ba !== null && ba.improved && ba.significant;
  // Degraded: the follow-up mean moved to the bad side (either test), or the held limits or the tests flag the bad
  // side more than once (one isolated point in a month — often beyond the limit and in a test 5 run at once — is
  // within what Phase II limits give by chance, and is named in the evidence).
  const badSignals = failed.reduce((n, c) => Math.max(n, badCount(c)), 0);
  const verdict: ReviewKpiResult['verdict'] = worse || badSignals >= 2 ? 'degraded' : better ? 'improved-further' : 'sustained';
  const first = fresh[0]!;
  const last = fresh[fresh.length - 1]!;
  const evidence = [
    `${pointsWord(kpi, fresh.length)} of ${src.statistic === 'count' || src.statistic === 'rate' ? src.statistic : `${src.statistic} ${src.column}`} from ${day(first)} to ${day(last)} (dataset "${info.name}" version ${info.version}); follow-up mean ${num(after.reduce((a, b) => a + b, 0) / after.length, kpi.unit)}.`,
    ...checks.map((c) => `${c.status === 'fail' ? 'Signal' : c.status === 'pass' ? 'Passed' : 'No data'} — ${c.name.replace(`${kpi.name}: `, '')}: ${c.detail}`),
    ba ? `Before/after against "${limits.stage}" (${ba.nBefore} points, mean ${num(ba.meanBefore, kpi.unit)}): ${ba.verdict}` : `No before/after test: the held stage has ${before.length} point(s) before ${since}.`,
  ];
  const gain = gainAgainstBaseline(kpi, series.points, before, after);
  evidence.push(gain.line);
  const lead =
    verdict === 'degraded'
      ? `Degraded: ${worse ? `the mean moved to the bad side (${kpi.direction} is better)` : `${badSignals} bad-side signals against the held limits`}.`
      : verdict === 'improved-further'
        ? 'Improved further: the follow-up points are better than the event\'s "after" stage and both tests agree.'
        : `Sustained: the follow-up points stay within the held limits on the bad side${badSignals === 1 ? ' but for one isolated signal' : ''}, and the mean has not moved to the bad side.`;
  return {
    result: {
      ...base,
      verdict,
      evidence: [lead, ...evidence],
      newPoints: fresh.length,
      limits: { chart: limits.chart, stage: limits.stage, from: limits.from, to: limits.to, points: limits.points, center: limits.center, sigma: limits.sigma, ucl: limits.ucl, lcl: limits.lcl },
      checks: checks.map((c) => ({ ...c })),
      baseline: gain.baseline,
      gainRetained: gain.retained,
      beforeAfter: ba ? { nBefore: ba.nBefore, nAfter: ba.nAfter, meanBefore: ba.meanBefore, meanAfter: ba.meanAfter, welchP: ba.welch.p, mannWhitneyP: ba.mannWhitney.p, improved: ba.improved, significant: ba.significant, verdict: ba.verdict } : null,
    },
    since,
    datasetId: src.datasetId,
    timeColumn,
    held: { from: limits.from, to: limits.to },
  };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The follow-up against the level before the event: the KPI chart's first stage (its points before the first stage
 * boundary, e.g. "Before"), its mean, and the share of the event's gain the follow-up kept,
 * retained = (before mean − follow-up mean) / (before mean − held stage mean): 1 = the event's level exactly,
 * 0 = back to before the event, above 1 = better than the event left it. No share when the held stage is no better
 * than "before" (the event made no gain to keep).
 */
function gainAgainstBaseline(kpi: Kpi, points: readonly KpiPoint[], held: readonly number[], follow: readonly number[]): { baseline: ReviewKpiResult['baseline']; retained: number | null; line: string } {
  const boundary = [...kpi.chart.stages].map((s) => s.date).sort()[0];
  const name = kpi.chart.firstStage;
  if (!boundary) return { baseline: null, retained: null, line: 'No pre-event stage: the KPI chart has no stages, so the follow-up is compared with the held limits only.' };
  const pre = points.filter((p) => p.date.slice(0, 10) < boundary);
  if (pre.length === 0) return { baseline: null, retained: null, line: `No pre-event data: the KPI has no points in its first stage "${name}" (before ${boundary}).` };
  const baseline = { stage: name, from: pre[0]!.date.slice(0, 10), to: pre[pre.length - 1]!.date.slice(0, 10), points: pre.length, mean: mean(pre.map((p) => p.value)) };
  const f = mean(follow);
  const vs = `Against "${name}" (before the event, ${pointsWord(kpi, pre.length)}, mean ${num(baseline.mean, kpi.unit)}): follow-up mean ${num(f, kpi.unit)}`;
  if (held.length === 0) return { baseline, retained: null, line: `${vs}; the held stage has no points to measure the event's gain.` };
  const h = mean(held);
  const gain = kpi.direction === 'lower' ? baseline.mean - h : h - baseline.mean;
  if (!(gain > 1e-12 * Math.max(1, Math.abs(baseline.mean)))) return { baseline, retained: null, line: `${vs}; the event's stage (mean ${num(h, kpi.unit)}) is no better than "${name}", so there is no gain to retain.` };
  const retained = (kpi.direction === 'lower' ? baseline.mean - f : f - baseline.mean) / gain;
  const share = `${Math.round(retained * 100)} %`;
  const reading = retained >= 1 ? `${share} of the event's gain retained (at or beyond the event's level)` : retained > 0 ? `${share} of the event's gain retained` : `none of the event's gain retained (${share}: back to or worse than before the event)`;
  return { baseline, retained, line: `${vs}, event stage mean ${num(h, kpi.unit)}: ${reading}.` };
}

/**
 * Bad-side signals a failed check stands for: the special-cause check's value is its count of signals; the limits
 * check says "N of M points …" (evaluate.ts); the alert threshold is the KPI's own alarm, not a process signal.
 */
function badCount(c: GuardrailCheck): number {
  if (c.kind === 'threshold') return 0;
  if (c.kind === 'special-cause') return Math.max(1, c.value ?? 1);
  return Math.max(1, Number(/^(\d+) of /.exec(c.detail)?.[1] ?? 1));
}

type DriftKey = { column: string; datasetId: string; reference: Window; threshold: number };

/** Rows of a column in a window (reference) or from a day on (follow-up), as numbers or text. */
function columnValues(ctx: ServiceContext, datasetId: string, column: string, timeColumn: string | undefined, pick: { window: Window } | { since: string }): { numbers: number[]; texts: string[] } {
  const w = 'window' in pick ? pick.window : null;
  const cols = [column, ...(timeColumn ? [timeColumn] : []), ...(w?.kind === 'dates' && w.column !== timeColumn ? [w.column] : []), ...(w?.kind === 'value' ? [w.column] : [])];
  const data = readColumns(ctx, datasetId, [...new Set(cols)], w?.kind === 'version' ? { version: w.version } : {});
  const vals = data[column] ?? [];
  const numbers: number[] = [];
  const texts: string[] = [];
  const sinceMs = 'since' in pick ? Date.parse(`${pick.since}T00:00:00Z`) : 0;
  for (let i = 0; i < vals.length; i++) {
    let keep = true;
    if ('since' in pick) {
      const t = data[timeColumn!]![i];
      keep = typeof t === 'number' && t >= sinceMs;
    } else if (w?.kind === 'dates') {
      const t = data[w.column]![i];
      const d = typeof t === 'number' ? new Date(t).toISOString().slice(0, 10) : typeof t === 'string' ? t.slice(0, 10) : '';
      keep = d >= w.from && d <= w.to;
    } else if (w?.kind === 'value') keep = String(data[w.column]![i]) === w.value;
    if (!keep) continue;
    const v = vals[i];
    if (typeof v === 'number' && Number.isFinite(v)) numbers.push(v);
    else if (v !== null && v !== undefined) texts.push(String(v));
  }
  return { numbers, texts };
}

function windowText(w: Window): string {
  if (w.kind === 'dates') return `${w.column} ${w.from} – ${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

/**
 * PSI of a key column's follow-up rows against the event's reference window (the drift code's quantile bins for
 * numbers, one bin per category for text).
 */
function reviewDrift(ctx: ServiceContext, key: DriftKey, since: string, used: Used): ReviewDrift {
  const info = use(ctx, used, key.datasetId);
  const timeColumn = timeColumnOf(info);
  const reference = `${info.name}, ${windowText(key.reference)}`;
  const base = { column: key.column, dataset: info.name, reference, threshold: key.threshold };
  if (!timeColumn) return { ...base, psi: null, status: 'no-data', detail: `Dataset "${info.name}" has no timestamp column to find the follow-up rows.` };
  const ref = columnValues(ctx, key.datasetId, key.column, timeColumn, { window: key.reference });
  const cur = columnValues(ctx, key.datasetId, key.column, timeColumn, { since });
  const numeric = ref.numbers.length >= ref.texts.length;
  const nRef = numeric ? ref.numbers.length : ref.texts.length;
  const nCur = numeric ? cur.numbers.length : cur.texts.length;
  if (nRef === 0 || nCur === 0) return { ...base, psi: null, status: 'no-data', detail: `Column "${key.column}" has ${nRef} values in the reference window and ${nCur} since ${since}.` };
  const psi = (numeric ? psiQuantile(ref.numbers, cur.numbers) : psiCategorical(ref.texts, cur.texts, 'quantile')).psi;
  const band = psi < 0.1 ? 'stable' : psi <= 0.25 ? 'moderate' : 'significant';
  const fail = psi >= key.threshold;
  return { ...base, psi, status: fail ? 'fail' : 'pass', detail: `PSI ${psi.toFixed(4)} (${band}) of ${nCur} values since ${since} against ${nRef} in ${reference}; ${fail ? 'at or above' : 'below'} the alert threshold ${key.threshold}.` };
}

/** The event's key columns: those of its stored drift analyses (newest per column), else the KPI columns over their held stage. */
function driftKeys(ctx: ServiceContext, eventId: string, runs: readonly KpiRun[], kpis: readonly Kpi[]): DriftKey[] {
  const out = new Map<string, DriftKey>();
  for (const r of analysisRepo.listResults(ctx.db, eventId, false)) {
    if (r.kind !== 'drift') continue;
    const p = r.params as { datasetId?: string; reference?: Window; threshold?: number };
    const res = r.result as { features?: DriftFeature[] } | null;
    if (!p.datasetId || !p.reference || !res?.features) continue;
    for (const f of res.features) if (!out.has(f.column)) out.set(f.column, { column: f.column, datasetId: p.datasetId, reference: p.reference, threshold: p.threshold ?? DRIFT_THRESHOLD });
  }
  if (out.size > 0) return [...out.values()];
  runs.forEach((run, i) => {
    const src = kpis[i]!.source;
    if (src.kind !== 'dataset' || src.statistic === 'count' || src.statistic === 'rate' || !run.held || !run.timeColumn || out.has(src.column)) return;
    out.set(src.column, { column: src.column, datasetId: src.datasetId, reference: { kind: 'dates', column: run.timeColumn, from: run.held.from.slice(0, 10), to: run.held.to.slice(0, 10) }, threshold: DRIFT_THRESHOLD });
  });
  return [...out.values()];
}

const ACTION_TITLE_MAX = 300;

/** A next step as a planned action: the step as its title (cut at the title's limit), its source in the description. */
function nextStepAction(step: string, review: ReviewScheduleItem, at: string): ActionFields {
  const cut = step.length > ACTION_TITLE_MAX;
  const source = `Next step from the ${review.title} (due ${review.dueDate}), run on ${at.slice(0, 10)}.`;
  return {
    title: cut ? `${step.slice(0, ACTION_TITLE_MAX - 1).trimEnd()}…` : step,
    description: cut ? `${source}\n\n${step}` : source,
    ownerId: null,
    dueDate: null,
    status: 'planned',
    effort: null,
    expectedEffect: null,
    links: [],
    doneDate: null,
  };
}

/**
 * Run review: every dataset KPI of the event reviewed on its dataset's latest version, drift of the key columns, the
 * stored fairness analyses re-run on the follow-up rows, open and overdue actions; the next steps become planned
 * actions; stored as a new result (a re-run never touches an earlier one) and logged.
 */
export function runReview(ctx: ServiceContext, input: { reviewId: string; since?: string; attendees: string[]; notes: string; nextSteps: string[] }): ReviewResult {
  const review = repo.findScheduleItem(ctx.db, input.reviewId);
  if (!review) throw notFound('Review', input.reviewId);
  const event = requireEvent(ctx, review.eventId);
  const used: Used = new Map();
  const kpis = kpiRepo.listKpis(ctx.db, event.id).filter((k) => k.source.kind === 'dataset');
  const runs = kpis.map((k): KpiRun => {
    try {
      return reviewKpi(ctx, k, input.since, used);
    } catch (e) {
      // A chart that cannot be drawn (e.g. a P chart on a KPI that is not a rate) is reported, not a crash.
      if (!isAppError(e)) throw e;
      const src = k.source as { datasetId: string };
      const result: ReviewKpiResult = { kpiId: k.id, name: k.name, unit: k.unit, direction: k.direction, datasetId: src.datasetId, newPoints: 0, needed: MIN_REVIEW_POINTS, limits: null, checks: [], beforeAfter: null, baseline: null, gainRetained: null, verdict: 'not-enough-data', evidence: [`The KPI could not be reviewed: ${e.message}`] };
      return { result, since: null, datasetId: src.datasetId, timeColumn: null, held: null };
    }
  });
  const since = input.since ?? runs.map((r) => r.since).find((s): s is string => s !== null) ?? ctx.nowIso().slice(0, 10);
  const drift = driftKeys(ctx, event.id, runs, kpis).map((k) => {
    try {
      return reviewDrift(ctx, k, runs.find((r) => r.datasetId === k.datasetId)?.since ?? since, used);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { column: k.column, dataset: '', reference: windowText(k.reference), psi: null, threshold: k.threshold, status: 'no-data' as const, detail: e.message };
    }
  });
  const fairness = reviewFairness(
    ctx,
    event.id,
    (datasetId, timeColumn) => input.since ?? runs.find((r) => r.datasetId === datasetId && r.since !== null)?.since ?? defaultSince(ctx, datasetId, timeColumn) ?? since,
    (datasetId) => void use(ctx, used, datasetId),
  );
  const today = todayIso(ctx);
  const open = listActions(ctx.db, event.id)
    .filter((a) => a.status === 'planned' || a.status === 'in-progress')
    .map((a) => ({ id: a.id, title: a.title, status: a.status, dueDate: a.dueDate, overdue: a.dueDate !== null && a.dueDate < today }));
  const result = ReviewResultSchema.parse({
    id: ctx.newId(),
    eventId: event.id,
    reviewId: review.id,
    since,
    datasetVersions: [...used.values()],
    numbers: { drift, actions: { open, overdue: open.filter((a) => a.overdue).length }, fairness },
    verdicts: runs.map((r) => r.result),
    attendees: input.attendees,
    notes: input.notes,
    nextSteps: input.nextSteps,
    nextStepActionIds: input.nextSteps.map(() => ctx.newId()),
    author: actorFor(ctx, event.id),
    createdAt: ctx.nowIso(),
  });
  // Each next step becomes a planned action of the event, in the same transaction as the result.
  ctx.db.transaction(() => {
    input.nextSteps.forEach((step, i) => insertAction(ctx.db, result.nextStepActionIds[i]!, event.id, result.createdAt, nextStepAction(step, review, result.createdAt)));
    repo.insertResult(ctx.db, result);
    log(ctx, event.id, 'review_results', result.id, 'run', { review: review.title, verdicts: result.verdicts.map((v) => ({ kpi: v.name, verdict: v.verdict })), nextStepActionIds: result.nextStepActionIds });
  })();
  if (input.nextSteps.length > 0) ctx.bus.emit('data-changed', { eventId: event.id, area: 'actions' });
  return result;
}

export function getReview(ctx: ServiceContext, id: string): ReviewResult {
  const r = repo.findResult(ctx.db, id);
  if (!r) throw notFound('Review result', id);
  requireEvent(ctx, r.eventId);
  return r;
}
