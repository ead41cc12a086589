import { api } from '../../../common/contract/api';
import { isAppError } from '../../../common/contract/errors';
import type { DriftFeature, Window } from '../../../common/contract/schemas/analysis';
import type { ChartSettings, Kpi } from '../../../common/contract/schemas/kpi';
import type { SpcPanel } from '../../../common/domain/spc/types';
import { PSI_EPSILON } from '../../../common/domain/drift/psi';
import { GUARDRAILS_FORMAT, GUARDRAILS_VERSION, parseGuardrails } from '../../../common/domain/sustain/guardrails';
import type { DriftGuardrail, FairnessGuardrail, GuardrailsFile, KpiGuardrail } from '../../../common/domain/sustain/guardrails';
import type { KpiMetric } from '../../../common/domain/sustain/formats';
import type { ServiceContext } from '../../context';
import * as analysisRepo from '../../db/repositories/analysis';
import * as kpiRepo from '../../db/repositories/kpi';
import * as registryRepo from '../../db/repositories/registry';
import { requireEvent } from '../lookups';
import { getDataset, listDatasets, readColumns } from '../datasets/access';
import { runAnalysis } from '../analysis/runAnalysis';
import { kpiChart, testConfigOf } from '../spc/kpiChart';
import { summarize } from '../kpi/summary';

export type HeldLimits = KpiGuardrail['limits'];

/**
 * The limits the KPI service holds for the KPI now: its chart's location panel, the Phase I range when one is set,
 * else the latest stage (the event's "after" stage once it is staged) — centre, process σ and the drawn limits.
 */
export function heldLimits(panel: SpcPanel, settings: ChartSettings): HeldLimits {
  const st = panel.stages[panel.stages.length - 1]!;
  const first = panel.points.find((p) => p.index >= st.from) ?? panel.points[0]!;
  const pts = panel.points.filter((p) => p.index >= st.from && p.index <= st.to);
  const range = settings.limitsFrom;
  const basis = range ? panel.points.filter((p) => p.index >= range.from && p.index <= range.to) : pts;
  const chart = settings.chart;
  // The process centre buildChart takes as a known standard: p̄ for P and NP (an NP point's centre is n·p̄).
  const center = chart === 'cusum' ? (st.target ?? 0) : chart === 'np' ? first.center / first.n : chart === 'p' || chart === 'u' ? first.center : st.center;
  return {
    chart,
    stage: range ? `Phase I points ${range.from}–${range.to}` : st.name,
    from: (basis[0] ?? first).subgroup,
    to: (basis[basis.length - 1] ?? first).subgroup,
    points: Math.max(1, basis.length),
    center,
    sigma: st.sigma,
    ucl: st.ucl,
    lcl: st.lcl,
    nsigmas: settings.nsigmas,
    lambda: settings.lambda,
    cusumK: settings.cusumK,
    cusumH: settings.cusumH,
  };
}

function windowText(w: Window): string {
  if (w.kind === 'dates') return `${w.column} ${w.from} – ${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

/** A stored (or freshly computed) drift feature as a guardrail: inner edges and reference fractions only. */
function driftGuardrail(f: DriftFeature, datasetName: string, window: Window, threshold: number): DriftGuardrail | { skip: string } {
  const d = f.detail;
  if (f.binning === 'evidently' && d.kind === 'numeric') return { skip: 'Evidently binning takes its edges from the reference and the current data together, so it cannot be fixed in a file; re-run the drift analysis with quantile bins.' };
  const reference = d.bins.map((b) => b.reference);
  const fill = d.fill.reference ?? PSI_EPSILON;
  const base = { name: `${f.column} (${datasetName})`, column: f.column, reference, fill, threshold, referenceRows: d.referenceCount, reference_window: `${datasetName}, ${windowText(window)}` };
  if (d.kind === 'categorical') return { ...base, kind: 'categorical', binning: 'categorical', edges: [], categories: d.bins.map((b) => b.label) };
  // JSON keeps −∞ as null: the first bin's lower edge; the inner edges are every other bin's lower edge.
  return { ...base, kind: 'numeric', binning: f.binning === 'equal-width' ? 'equal-width' : 'quantile', edges: d.bins.slice(1).map((b) => b.lower!), categories: [] };
}

export type ExportOptions = Readonly<{
  /** Extra drift checks computed now: columns of the event's datasets, reference = `from`..`to` (default: the data's last 7 days). */
  driftColumns?: readonly string[];
  referenceFrom?: string;
  referenceTo?: string;
  driftThreshold?: number;
}>;

/**
 * The event's guardrails: every dataset KPI with its definition, held limits, tests, direction, alert threshold and
 * target; the drift checks of the event's stored drift analyses (newest per column) plus any asked for now; the
 * registry policy's fairness thresholds with the columns of the event's latest fairness assessment. Manual KPIs and
 * anything that cannot be exported are listed under `skipped` with the reason. Validated before it is returned.
 */
export async function exportGuardrails(ctx: ServiceContext, eventId: string, opts: ExportOptions = {}): Promise<GuardrailsFile> {
  const event = requireEvent(ctx, eventId);
  const skipped: GuardrailsFile['skipped'] = [];
  const kpis: KpiGuardrail[] = [];
  for (const kpi of kpiRepo.listKpis(ctx.db, eventId)) {
    const g = kpiGuardrail(ctx, kpi);
    if ('skip' in g) skipped.push({ name: kpi.name, reason: g.skip });
    else kpis.push(g);
  }

  const drift: DriftGuardrail[] = [];
  const seen = new Set<string>();
  const addDrift = (features: readonly DriftFeature[], datasetName: string, window: Window, threshold: number) => {
    for (const f of features) {
      if (seen.has(f.column)) continue;
      seen.add(f.column);
      const d = driftGuardrail(f, datasetName, window, threshold);
      if ('skip' in d) skipped.push({ name: `drift of ${f.column}`, reason: d.skip });
      else drift.push(d);
    }
  };
  for (const col of opts.driftColumns ?? []) {
    const ds = listDatasets(ctx, eventId).find((d) => d.columns.some((c) => c.name === col));
    if (!ds) {
      skipped.push({ name: `drift of ${col}`, reason: `No dataset of this event has a column "${col}".` });
      continue;
    }
    const time = ds.columns.find((c) => c.role === 'timestamp') ?? ds.columns.find((c) => c.type === 'timestamp');
    if (!time) {
      skipped.push({ name: `drift of ${col}`, reason: `Dataset "${ds.name}" has no timestamp column to take a reference window from.` });
      continue;
    }
    const to = opts.referenceTo ?? lastDay(ctx, ds.id, time.name);
    const from = opts.referenceFrom ?? new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const window: Window = { kind: 'dates', column: time.name, from, to };
    const numeric = ['integer', 'real'].includes(ds.columns.find((c) => c.name === col)!.type);
    const input = api['analysis-drift'].input.parse({ eventId, datasetId: ds.id, reference: window, current: window, features: [col], categorical: numeric ? [] : [col], threshold: opts.driftThreshold ?? 0.2 });
    const r = await runAnalysis(ctx, 'analysis-drift', input, {});
    for (const e of r.errors) skipped.push({ name: `drift of ${e.column}`, reason: e.message });
    addDrift(r.features, ds.name, window, input.threshold);
  }
  for (const r of analysisRepo.listResults(ctx.db, eventId, false)) {
    if (r.kind !== 'drift') continue;
    const p = r.params as { datasetId?: string; reference?: Window; threshold?: number };
    const res = r.result as { features?: DriftFeature[] } | null;
    if (!p.reference || !res?.features) continue;
    let name = 'dataset';
    try {
      name = p.datasetId ? getDataset(ctx, p.datasetId).name : name;
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
    addDrift(res.features, name, p.reference, p.threshold ?? 0.2);
  }

  const fairness = fairnessGuardrails(ctx, eventId, skipped);
  return parseGuardrails(
    { format: GUARDRAILS_FORMAT, version: GUARDRAILS_VERSION, event: { id: event.id, name: event.name }, exportedAt: ctx.nowIso(), kpis, drift, fairness, skipped },
    'the exported guardrails',
  );
}

/** The last UTC day with data in a dataset's time column. */
function lastDay(ctx: ServiceContext, datasetId: string, timeColumn: string): string {
  const t = readColumns(ctx, datasetId, [timeColumn])[timeColumn] ?? [];
  let max = Number.NEGATIVE_INFINITY;
  for (const v of t) if (typeof v === 'number' && v > max) max = v;
  return Number.isFinite(max) ? new Date(max).toISOString().slice(0, 10) : ctx.nowIso().slice(0, 10);
}

function kpiGuardrail(ctx: ServiceContext, kpi: Kpi): KpiGuardrail | { skip: string } {
  const src = kpi.source;
  if (src.kind === 'drift') return { skip: `PSI KPI: it needs the reference window's rows; export the drift check of "${src.column}" instead.` };
  if (src.kind === 'fairness') return { skip: `Fairness KPI: ${src.metric.replaceAll('_', ' ')} per ${src.bucket}; the fairness checks come from the registry policy's thresholds.` };
  if (src.kind === 'feedback') return { skip: `Feedback KPI (${src.metric.replaceAll('_', ' ')}): it joins two datasets (corrections to predictions), which a single log cannot recompute.` };
  if (src.kind !== 'dataset') return { skip: 'Manual KPI: its values are entered by hand, so no log can recompute it.' };
  try {
    const info = getDataset(ctx, src.datasetId);
    const timeColumn = src.timeColumn ?? info.columns.find((c) => c.role === 'timestamp')?.name ?? info.columns.find((c) => c.type === 'timestamp')?.name;
    if (!timeColumn) return { skip: `Dataset "${info.name}" has no timestamp column to bucket by.` };
    const chart = kpiChart(ctx, kpi);
    const tests = testConfigOf(chart.settings);
    return {
      name: kpi.name,
      unit: kpi.unit,
      direction: kpi.direction,
      definition: { dataset: info.name, timeColumn, column: src.column, statistic: src.statistic, bucket: src.bucket, filters: src.filters ?? [], condition: src.condition ?? null },
      limits: heldLimits(chart.panels[0]!, chart.settings),
      tests: { enabled: [...tests.enabled], k: { ...tests.k } },
      alertThreshold: kpi.alertThreshold,
      target: kpi.target,
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { skip: e.message };
  }
}

/** The registry policy's fairness thresholds (dpdMax, eodMax), on the columns of the event's latest fairness assessment. */
function fairnessGuardrails(ctx: ServiceContext, eventId: string, skipped: GuardrailsFile['skipped']): FairnessGuardrail[] {
  const policy = registryRepo.policyHistory(ctx.db, eventId).at(-1);
  if (!policy || (policy.dpdMax === null && policy.eodMax === null)) return [];
  const assessed = analysisRepo.listResults(ctx.db, eventId, false).find((r) => r.kind === 'fairness');
  const p = assessed?.params as { label?: string; prediction?: string; group?: string; posLabel?: string; predictionPosLabel?: string; window?: Window } | undefined;
  if (!p?.label || !p.prediction || !p.group) {
    skipped.push({ name: 'fairness', reason: 'The registry policy sets fairness thresholds, but no stored fairness assessment with a predicted-label column names the columns to check.' });
    return [];
  }
  const filters = p.window?.kind === 'value' ? [{ column: p.window.column, op: '=' as const, value: p.window.value }] : [];
  const base = { label: p.label, prediction: p.prediction, group: p.group, posLabel: p.posLabel ?? '1', predictionPosLabel: p.predictionPosLabel ?? p.posLabel ?? '1', filters };
  const out: FairnessGuardrail[] = [];
  if (policy.dpdMax !== null) out.push({ ...base, name: `demographic parity difference by ${p.group}`, metric: 'demographic_parity_difference', threshold: policy.dpdMax });
  if (policy.eodMax !== null) out.push({ ...base, name: `equalized odds difference by ${p.group}`, metric: 'equalized_odds_difference', threshold: policy.eodMax });
  return out;
}

/** The KPIs' latest values and held limits, for `kaizen metrics` (OpenMetrics). */
export function kpiMetrics(ctx: ServiceContext, eventId: string): { event: string; kpis: KpiMetric[] } {
  const event = requireEvent(ctx, eventId);
  const kpis = kpiRepo.listKpis(ctx.db, eventId).map((kpi): KpiMetric => {
    const s = summarize(ctx, kpi);
    let limits: HeldLimits | null = null;
    if (!s.sourceError && s.points.length >= 2) {
      try {
        const chart = kpiChart(ctx, kpi);
        limits = heldLimits(chart.panels[0]!, chart.settings);
      } catch (e) {
        if (!isAppError(e)) throw e;
      }
    }
    const drawn = limits !== null && limits.chart !== 'cusum' ? limits : null;
    return { name: kpi.name, unit: kpi.unit, direction: kpi.direction, value: s.current, date: s.currentDate, center: drawn?.center ?? null, ucl: drawn?.ucl ?? null, lcl: drawn?.lcl ?? null, target: kpi.target, alertThreshold: kpi.alertThreshold, stage: limits?.stage ?? null };
  });
  return { event: event.name, kpis };
}
