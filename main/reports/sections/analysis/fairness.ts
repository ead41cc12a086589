import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { groupedBarsSvg } from '../../charts/resultCharts';
import { sweepChartSvg } from '../../charts/sweepChartSvg';
import { sampleSizeIssues, SMALL_CLASS, SMALL_GROUP } from '../../../../common/domain/fairness/fairness';
import type { ThresholdSweep } from '../../../../common/domain/fairness/sweep';
import { finite, label, list, num, pct, record, text } from './common';

const share = (v: unknown) => (finite(v) === null ? null : finite(v)! * 100);
/** A saved interval [low, high] as text ("12.3–15.0 %" or "0.021 – 0.044"); "—" when absent or undefined. */
const pair = (v: unknown): [number, number] | null => (Array.isArray(v) && finite(v[0]) !== null && finite(v[1]) !== null ? [v[0] as number, v[1] as number] : null);
const pctInterval = (v: unknown) => { const p = pair(v); return p ? `${(p[0] * 100).toFixed(1)}–${(p[1] * 100).toFixed(1)} %` : '—'; };
const numInterval = (v: unknown) => { const p = pair(v); return p ? `${num(p[0])} – ${num(p[1])}` : '—'; };

/** The gate's outcome in words: PASS / FAIL with the rule, or why the data cannot decide. */
export function gateText(gate: Record<string, unknown>): string {
  const metric = text(gate.metric);
  const rule = metric.endsWith('ratio') ? '≥' : '≤';
  const head = gate.pass === true ? 'PASS' : gate.pass === false ? 'FAIL' : 'undecided';
  const why = gate.pass === null || gate.pass === undefined ? ` — ${text(gate.undecidedReason) || 'no value'}` : '';
  return `${head}: ${label(metric).toLowerCase()} ${num(gate.value)} (rule ${rule} ${num(gate.threshold)})${why}`;
}

/**
 * A fairness result: the per-group table (rows, positives, selection rate, TPR, FPR, precision, and the overall
 * row), the differences and ratios between groups and to the overall rate, the gate result, the warnings, and a
 * chart of selection rate and TPR per group.
 */
export function fairnessBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  const rep = record(res?.report);
  if (!res || !rep) return [];
  const groups = list(rep.groups);
  const overall = record(rep.overall);
  const toOverall = record(rep.to_overall) ?? {};
  const comp = record(rep.components) ?? {};
  const gate = record(res.gate);
  // Issue 20: bootstrap intervals (seeded), intersectional groups ("A × B") and the threshold sweep, when computed.
  const iv = record(res.intervals);
  const ivLevel = iv && finite(iv.level) !== null ? `${Math.round(finite(iv.level)! * 100)} %` : '';
  const ivGroups = new Map(list(iv?.groups).map((g) => [text(g.group), g]));
  const issuesOf = (g: Record<string, unknown>) => sampleSizeIssues({ count: finite(g.count) ?? 0, positives: finite(g.positives) ?? 0, negatives: finite(g.negatives) ?? 0 });
  const anySmall = groups.some((g) => issuesOf(g).length > 0);
  const blocks: Block[] = [];
  const items = [
    { label: 'Rows', value: num(overall?.count) },
    { label: 'Groups', value: String(groups.length) },
    { label: 'Rows skipped (no label or prediction)', value: num(res.skipped) },
  ];
  if (gate) items.unshift({ label: 'Gate', value: gateText(gate) });
  blocks.push({ kind: 'fields', items });
  if (gate && gate.pass === false) blocks.push({ kind: 'note', tone: 'warning', text: `The fairness gate fails: ${gateText(gate)}.` });
  blocks.push(tableBlock({
    id: `${prefix}-groups`,
    title: 'Rates per group',
    columns: [
      ['group', 'Group'],
      ['count', 'Rows', 'integer'],
      ['positives', 'Positives', 'integer'],
      ['selection', 'Selection rate', 'number', '%'],
      ['tpr', 'TPR', 'number', '%'],
      ['fpr', 'FPR', 'number', '%'],
      ['precision', 'Precision', 'number', '%'],
      ...(iv ? ([['selCi', `Selection rate ${ivLevel} interval`], ['tprCi', `TPR ${ivLevel} interval`]] as [string, string][]) : []),
      // Beside each group when any is small (otherwise the note below says all pass).
      ...(anySmall ? ([['sample', 'Sample size']] as [string, string][]) : []),
    ],
    rows: [...groups, ...(overall ? [{ ...overall, group: 'Overall' }] : [])].map((g) => {
      const i = ivGroups.get(text(g.group)) ?? (g === overall || text(g.group) === 'Overall' ? record(iv?.overall) : null);
      const issues = g.group === 'Overall' ? [] : issuesOf(g);
      return [text(g.group), finite(g.count), finite(g.positives), share(g.selection_rate), share(g.tpr), share(g.fpr), share(g.precision), ...(iv ? [pctInterval(i?.selection_rate), pctInterval(i?.tpr)] : []), ...(anySmall ? [g.group === 'Overall' ? '' : issues.length ? `small: ${issues.join(', ')}` : 'ok'] : [])];
    }),
  }));
  blocks.push({ kind: 'note', tone: 'info', text: `Sample-size rule: a group is small with fewer than ${SMALL_GROUP} rows, or fewer than ${SMALL_CLASS} rows with the positive label (TPR) or the negative label (FPR)${anySmall ? '' : '; every group passes it'}.${iv ? ` Intervals: ${ivLevel} percentile bootstrap, ${num(iv.resamples)} resamples with rows redrawn within each group, seed ${num(iv.seed)} (the same seed reproduces them).` : ''}` });
  const metrics = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'];
  blocks.push(tableBlock({
    id: `${prefix}-disparities`,
    title: 'Differences and ratios (Fairlearn definitions)',
    columns: [
      ['metric', 'Metric'],
      ['between', 'Between groups', 'number'],
      ['toOverall', 'Largest to overall', 'number'],
      ...(iv ? ([['ci', `${ivLevel} interval`]] as [string, string][]) : []),
    ],
    rows: [
      ...metrics.map((m) => [label(m), finite(rep[m]), finite(toOverall[m]), ...(iv ? [numInterval(record(iv.disparities)?.[m])] : [])]),
      ...['tpr_difference', 'fpr_difference', 'tpr_ratio', 'fpr_ratio'].map((m) => [label(m).replace(/^Tpr/, 'TPR').replace(/^Fpr/, 'FPR'), finite(comp[m]), null, ...(iv ? [numInterval(record(iv.components)?.[m])] : [])]),
    ],
  }));
  for (const w of Array.isArray(rep.warnings) ? rep.warnings : []) if (typeof w === 'string') blocks.push({ kind: 'note', tone: 'warning', text: w });
  if (groups.length > 0) {
    const title = `${r.title}: selection rate and TPR per group`;
    blocks.push({
      kind: 'chart',
      chart: {
        id: `${prefix}-rates`,
        title,
        svg: groupedBarsSvg(groups.map((g) => text(g.group)), [
          { name: 'Selection rate', values: groups.map((g) => finite(g.selection_rate)) },
          { name: 'True positive rate', values: groups.map((g) => finite(g.tpr)) },
        ], { title }),
        alt: groups.map((g) => `${text(g.group)}: selection rate ${pct(g.selection_rate)}, TPR ${pct(g.tpr)}, ${num(g.count)} rows`).join('; '),
      },
    });
  }
  const sweep = record(res.sweep) as ThresholdSweep | null;
  if (sweep && Array.isArray(sweep.thresholds) && Array.isArray(sweep.groups) && sweep.groups.length > 0) {
    const params = record(r.params);
    const cut = params && !params.prediction ? finite(params.threshold) ?? undefined : undefined;
    const title = `${r.title}: threshold sweep`;
    const near = cut === undefined ? 0 : sweep.thresholds.reduce((b, t, i) => (Math.abs(t - cut) < Math.abs(sweep.thresholds[b]! - cut) ? i : b), 0);
    blocks.push({
      kind: 'chart',
      chart: {
        id: `${prefix}-sweep`,
        title,
        svg: sweepChartSvg(sweep, { title, threshold: cut }),
        alt: `Selection rate and TPR per group for thresholds ${num(sweep.thresholds[0])} to ${num(sweep.thresholds.at(-1))}${cut !== undefined ? `; at ${num(sweep.thresholds[near])}: ${sweep.groups.map((g) => `${g.group} selection ${pct(g.selection_rate[near])}, TPR ${pct(g.tpr[near])}`).join('; ')}` : ''}`,
      },
    });
  }
  return blocks;
}
