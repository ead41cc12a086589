import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { intervalChartSvg } from '../../charts/resultCharts';
import { finite, list, num, record, text } from './common';

const ratioText = (v: number) => `${(v * 100).toFixed(1)} pp`;
const msText = (v: number) => `${Number(v.toPrecision(3))} ms`;

/** Model comparison: each version's latency and quality, candidate − baseline with 95 % intervals, and the verdict. */
export function modelsBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  if (!res) return [];
  const versions = list(res.versions);
  const diffs = list(res.differences);
  const baseline = text(res.baseline);
  const candidate = text(res.candidate);
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: 'Baseline', value: baseline || '—' },
        { label: 'Candidate', value: candidate || '—' },
        { label: 'Deciding metric', value: text(res.metric) || '—' },
        ...(text(res.reason) ? [{ label: 'Why compared', value: text(res.reason) }] : []),
      ],
    },
  ];
  if (text(res.verdict)) blocks.push({ kind: 'text', title: 'Verdict', text: text(res.verdict) });
  blocks.push(tableBlock({
    id: `${prefix}-versions`,
    title: 'Model versions',
    columns: [
      ['version', 'Version'],
      ['count', 'Requests', 'integer'],
      ['p50', 'p50', 'number', 'ms'],
      ['p95', 'p95', 'number', 'ms'],
      ['labelled', 'Labelled', 'integer'],
      ['accuracy', 'Accuracy', 'number'],
      ['precision', 'Precision', 'number'],
      ['recall', 'Recall', 'number'],
      ['auc', 'AUC', 'number'],
    ],
    rows: versions.map((v) => [text(v.version), finite(v.count), finite(v.p50), finite(v.p95), finite(v.labelled), finite(v.accuracy), finite(v.precision), finite(v.recall), finite(v.auc)]),
  }));
  if (diffs.length > 0) {
    blocks.push(tableBlock({
      id: `${prefix}-differences`,
      title: `Candidate − baseline (${candidate || 'candidate'} − ${baseline || 'baseline'}) with 95 % intervals`,
      columns: [
        ['metric', 'Metric'],
        ['unit', 'Unit'],
        ['baseline', 'Baseline', 'number'],
        ['candidate', 'Candidate', 'number'],
        ['difference', 'Difference', 'number'],
        ['low', '95 % low', 'number'],
        ['high', '95 % high', 'number'],
      ],
      rows: diffs.map((d) => [text(d.metric), text(d.unit), finite(d.baseline), finite(d.candidate), finite(d.difference), finite(d.low), finite(d.high)]),
    }));
    const title = `${r.title}: differences with 95 % intervals`;
    blocks.push({
      kind: 'chart',
      chart: {
        id: `${prefix}-intervals`,
        title,
        svg: intervalChartSvg(diffs.map((d) => ({ label: `${text(d.metric)}${text(d.unit) === 'ms' ? ' (ms)' : ''}`, value: finite(d.difference), low: finite(d.low), high: finite(d.high), format: text(d.unit) === 'ms' ? msText : ratioText })), { title }),
        alt: diffs.map((d) => `${text(d.metric)}: ${num(d.difference)} [${num(d.low)}, ${num(d.high)}]`).join('; '),
      },
    });
  }
  return blocks;
}
