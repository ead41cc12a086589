import { AppError } from '../../../common/contract/errors';
import type { ParsedInput } from '../../../common/contract/api';
import type { Kpi } from '../../../common/contract/schemas/kpi';
import type { CapabilityOut } from '../../../common/contract/schemas/spc';
import { computeCapability } from '../../../common/domain/spc/capability';
import { andersonDarling, probabilityPlot } from '../../../common/domain/spc/normality';
import { boxCoxCapability, percentileCapability } from '../../../common/domain/spc/nonnormal';
import { signalPoints } from '../../../common/domain/spc/signalPoints';
import type { ServiceContext } from '../../context';
import { fromDomain } from '../domainErrors';
import { kpiSeries } from '../kpi/series';
import { kpiChart, stageOf } from './kpiChart';

/** Minitab's and the AIAG's usual bar for a capable process. */
const CAPABLE = 1.33;
const r2 = (v: number) => v.toFixed(2);

/**
 * Capability of one stage of a KPI (issue 20): the KPI's own spec limits; the points of the chosen stage of its
 * control chart (default the last: a staged, shifted series is never pooled); the chart's signals in that stage,
 * so an out-of-control process is not called capable; Anderson–Darling normality with a probability plot; and
 * Box-Cox or percentile indices when the data are not normal. The KPI series are individual values (one per
 * bucket): σ_within = MR̄/1.128 within the stage.
 */
export function kpiCapability(ctx: ServiceContext, kpi: Kpi, input: Omit<ParsedInput<'spc-capability'>, 'kpiId'>): CapabilityOut {
  const lsl = kpi.lsl;
  const usl = kpi.usl;
  if (lsl === null && usl === null) throw new AppError('BAD_INPUT', `"${kpi.name}" has no spec limits: set LSL and/or USL on the KPI (Targets) to compute capability.`);
  const series = kpiSeries(ctx, kpi);
  if (series.error) throw new AppError('BAD_INPUT', `The KPI's data could not be read: ${series.error}`);
  const settings = kpi.chart;
  const stageNames = [settings.firstStage, ...[...settings.stages].sort((a, b) => a.date.localeCompare(b.date)).map((s) => s.name)];
  const staged = settings.stages.length > 0;
  const pointStage = series.points.map((p) => (staged ? stageOf(p.date, settings) : settings.firstStage));
  const present = stageNames.filter((n) => pointStage.includes(n));
  const name = input.stage ?? present[present.length - 1] ?? settings.firstStage;
  if (!stageNames.includes(name)) throw new AppError('BAD_INPUT', `The chart of "${kpi.name}" has no stage "${name}"; its stages are ${stageNames.join(', ')}.`);
  const idx = pointStage.flatMap((s, i) => (s === name ? [i] : []));
  if (idx.length < 2) throw new AppError('BAD_INPUT', `Stage "${name}" of "${kpi.name}" has ${idx.length} point${idx.length === 1 ? '' : 's'}; capability needs at least 2.`);
  const values = idx.map((i) => series.points[i]!.value);
  const from = idx[0]! + 1;
  const to = idx[idx.length - 1]! + 1;
  const warnings: string[] = [];

  // The chart's signals in this stage (every panel), with the KPI's saved chart settings.
  let signals: CapabilityOut['signals'] = [];
  try {
    const chart = kpiChart(ctx, kpi);
    const first = chart.panels[0]!;
    const st = first.stages.find((s) => s.name === name) ?? (staged ? undefined : first.stages[0]);
    const dates = new Map(first.points.map((p) => [p.index, p.subgroup]));
    if (st) {
      signals = signalPoints(chart.panels)
        .filter((r) => r.index >= st.from && r.index <= st.to)
        .map((r) => ({ index: r.index, date: dates.get(r.index) ?? '', tests: [...new Set(r.panels.flatMap((p) => p.tests))].sort((a, b) => a - b) }));
    }
  } catch (e) {
    warnings.push(`The control chart could not be drawn, so stability was not checked: ${e instanceof Error ? e.message : String(e)}`);
  }
  const inControl = signals.length === 0 && warnings.length === 0;
  if (signals.length > 0) {
    const list = signals.slice(0, 8).map((s) => `point ${s.index} (${s.date}: test ${s.tests.join(', ')})`).join('; ');
    warnings.push(`The chart shows the process out of control in stage "${name}": ${signals.length} point${signals.length === 1 ? '' : 's'} with signals — ${list}${signals.length > 8 ? '; …' : ''}. Capability describes a stable process: find and remove the special causes first.`);
  }

  const spec = { lsl: lsl ?? undefined, usl: usl ?? undefined };
  const target = input.target ?? undefined;
  const c = fromDomain(() => computeCapability({ subgroups: values.map((v) => [v]), ...spec, target, withinMethod: input.withinMethod }));

  let normality: CapabilityOut['normality'] = null;
  if (values.length >= 3 && c.sigma_overall > 0) {
    const ad = andersonDarling(values);
    const plot = probabilityPlot(values);
    normality = { a2: ad.a2, a2Adjusted: ad.a2Adjusted, p: ad.p, plot: plot.points.map((p) => ({ value: p.value, z: p.z })), line: plot.line };
    if (ad.p < 0.05 && input.method === 'normal') warnings.push(`The values do not look normal (Anderson–Darling A² = ${ad.a2.toFixed(3)}, ${ad.p < 0.005 ? 'p < 0.005' : `p = ${ad.p.toFixed(3)}`}): the normal indices and expected ppm may mislead. Use Box-Cox or the percentile method.`);
  }
  if (values.length < 30) warnings.push(`Only ${values.length} points in this stage: capability indices from fewer than about 30 values are very uncertain.`);

  let boxCox: CapabilityOut['boxCox'] = null;
  let percentile: CapabilityOut['percentile'] = null;
  if (input.method === 'boxcox') {
    const b = fromDomain(() => boxCoxCapability(values, { ...spec, target, lambda: input.lambda ?? undefined }));
    boxCox = { lambda: b.lambda, roundedLambda: b.roundedLambda, lambdaGiven: b.lambdaGiven, lsl: b.lsl, usl: b.usl, dropped: b.dropped, indices: b.capability };
    warnings.push(...b.dropped);
  } else if (input.method === 'percentile') {
    const p = fromDomain(() => percentileCapability(values, spec));
    percentile = { p00135: p.p00135, p50: p.p50, p99865: p.p99865, pp: p.pp, ppl: p.ppl, ppu: p.ppu, ppk: p.ppk, warning: p.warning };
    if (p.warning) warnings.push(p.warning);
  }

  const judged = boxCox ? { k: boxCox.indices.cpk, pk: boxCox.indices.ppk, how: `Box-Cox λ = ${boxCox.lambda.toFixed(2)}` } : percentile ? { k: null, pk: percentile.ppk, how: 'percentile method' } : { k: c.cpk, pk: c.ppk, how: 'normal' };
  const worst = Math.min(...[judged.k, judged.pk].filter((v): v is number => v !== null));
  const idxText = [judged.k !== null ? `Cpk ${r2(judged.k)}` : null, judged.pk !== null ? `Ppk ${r2(judged.pk)}` : null].filter(Boolean).join(', ');
  const verdict = !inControl
    ? `Not judged: ${signals.length > 0 ? `the chart shows ${signals.length} point${signals.length === 1 ? '' : 's'} out of control in stage "${name}"` : 'stability could not be checked'}, so the indices (${idxText}) do not predict future performance.`
    : worst >= CAPABLE
      ? `Capable (${judged.how}): ${idxText} ≥ ${CAPABLE} in stage "${name}", which is in control.`
      : `Not capable (${judged.how}): ${idxText}${worst < CAPABLE ? ` below ${CAPABLE}` : ''} in stage "${name}".`;
  return {
    ...c,
    values,
    lsl,
    usl,
    target: target ?? (lsl !== null && usl !== null ? (lsl + usl) / 2 : null),
    stage: { name, from, to, names: present },
    signals,
    inControl,
    normality,
    method: input.method,
    boxCox,
    percentile,
    warnings,
    verdict,
  };
}
