import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { groupedBarsSvg } from '../../charts/resultCharts';
import { finite, label, list, num, pct, record, text } from './common';

const share = (v: unknown) => (finite(v) === null ? null : finite(v)! * 100);

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
    ],
    rows: [...groups, ...(overall ? [{ ...overall, group: 'Overall' }] : [])].map((g) => [text(g.group), finite(g.count), finite(g.positives), share(g.selection_rate), share(g.tpr), share(g.fpr), share(g.precision)]),
  }));
  const metrics = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'];
  blocks.push(tableBlock({
    id: `${prefix}-disparities`,
    title: 'Differences and ratios (Fairlearn definitions)',
    columns: [
      ['metric', 'Metric'],
      ['between', 'Between groups', 'number'],
      ['toOverall', 'Largest to overall', 'number'],
    ],
    rows: [
      ...metrics.map((m) => [label(m), finite(rep[m]), finite(toOverall[m])]),
      ...['tpr_difference', 'fpr_difference', 'tpr_ratio', 'fpr_ratio'].map((m) => [label(m).replace(/^Tpr/, 'TPR').replace(/^Fpr/, 'FPR'), finite(comp[m]), null]),
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
  return blocks;
}
