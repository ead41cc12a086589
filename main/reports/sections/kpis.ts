import { isMethod } from '../../../common/contract/api';
import type { KpiSummary } from '../../../common/contract/schemas/kpi';
import { renderControlChartSvg } from '../charts/controlChartSvg';
import { unpackChart } from '../../../common/domain/spc/packed';
import type { Block } from '../model';
import { formatDate } from '../../../common/domain/text/dates';
import { tableBlock } from '../tableBlock';
import { signalPoints } from '../../../common/domain/spc/signalPoints';
import type { ReportReader, SectionBuilder } from './types';

const STATUS: Readonly<Record<KpiSummary['status'], string>> = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', 'no-target': 'No target' };
const num = (v: number | null, unit: string) => (v === null ? '—' : `${Number(v.toPrecision(4))}${unit ? ` ${unit}` : ''}`);

/** A panel's signals in the chart's text alternative: one entry per point with all its tests. */
function signalText(p: Parameters<typeof signalPoints>[0][number]): string {
  const rows = signalPoints([p]);
  if (rows.length === 0) return 'No signals.';
  return `${rows.length} point${rows.length === 1 ? '' : 's'} with signals: ${rows.map((r) => `point ${r.index} (test ${r.panels[0]!.tests.join(', ')})`).join(', ')}.`;
}

/** Control charts (every panel), signals, capability against the KPI's spec limits (last stage), before/after. */
async function kpiBlocks(read: ReportReader, k: KpiSummary, splitDate: string | null): Promise<Block[]> {
  const blocks: Block[] = [{ kind: 'subheading', text: k.name }];
  if (k.sourceError) return [...blocks, { kind: 'note', tone: 'warning', text: `This KPI could not be computed: ${k.sourceError}` }];
  blocks.push({
    kind: 'fields',
    items: [
      { label: 'Baseline', value: num(k.baselineValue, k.unit) },
      { label: 'Current', value: `${num(k.current, k.unit)}${k.currentDate ? ` (${formatDate(k.currentDate)})` : ''}` },
      { label: 'Target', value: num(k.target, k.unit) },
      { label: 'Status', value: STATUS[k.status] },
      { label: 'Better when', value: k.direction === 'lower' ? 'lower' : 'higher' },
      { label: 'Source', value: k.sourceLabel },
    ],
  });
  if (k.points.length < 2) return [...blocks, { kind: 'text', text: 'Too few points for a control chart yet.' }];
  const chart = unpackChart(await read('spc-chart-get', { kpiId: k.id }));
  chart.panels.forEach((p, i) => {
    const title = `${chart.title} — ${p.statistic.toUpperCase()} chart`;
    const stageText = p.stages.map((s) => `${s.name}: CL ${num(s.center, '')}${s.ucl !== null ? `, UCL ${num(s.ucl, '')}` : ''}${s.lcl !== null ? `, LCL ${num(s.lcl, '')}` : ''}`).join('; ');
    blocks.push({
      kind: 'chart',
      chart: {
        id: `kpi-${k.position}-${p.statistic}-${i + 1}`,
        title,
        svg: renderControlChartSvg(p, { title, unit: p.statistic === 'mr' || p.statistic === 'i' || p.statistic === 'xbar' ? chart.unit : '' }),
        alt: `${p.points.length} points. ${stageText}. ${signalText(p)} Sigma: ${chart.sigmaMethod}.`,
      },
    });
  });
  // One row per point with signals (any panel): the rows the KPI page lists and the board counts.
  const rows = signalPoints(chart.panels);
  if (rows.length > 0) {
    const desc = new Map(chart.testDescriptions.map((t) => [t.test, t.text]));
    const first = new Map(chart.panels[0]!.points.map((p) => [p.index, p]));
    const values = new Map(chart.panels.map((p) => [p.statistic as string, new Map(p.points.map((q) => [q.index, q.value]))]));
    blocks.push(tableBlock({
      id: `kpi-${k.position}-signals`,
      title: `${k.name}: points with signals`,
      columns: [
        ['index', 'Point', 'integer'],
        ['subgroup', 'Subgroup'],
        ['value', 'Value', 'number', chart.unit || undefined],
        ['charts', 'Chart: tests'],
        ['meaning', 'Meaning'],
      ],
      rows: rows.map((r) => {
        const p = first.get(r.index);
        const charts = r.panels.map((q) => {
          const v = q.statistic === chart.panels[0]!.statistic ? undefined : values.get(q.statistic)?.get(r.index);
          return `${q.statistic.toUpperCase()}: ${q.tests.join(', ')}${v === undefined ? '' : ` (${num(v, chart.unit)})`}`;
        }).join('; ');
        const meaning = [...new Set(r.panels.flatMap((q) => q.tests))].sort((a, b) => a - b).map((t) => desc.get(t as never) ?? `Test ${t}`).join('; ');
        return [r.index, p?.subgroup ?? '', p?.value ?? null, charts, meaning];
      }),
    }));
  }
  // Capability against the KPI's own spec limits (its LSL/USL fields, the same the KPI page uses), for the chart's
  // last stage, with the stability and normality checks (main/services/spc/capability.ts).
  if ((k.lsl !== null || k.usl !== null) && isMethod('spc-capability')) {
    try {
      const cap = await read('spc-capability', { kpiId: k.id });
      const spec = [k.lsl !== null ? `LSL ${num(k.lsl, k.unit)}` : null, k.usl !== null ? `USL ${num(k.usl, k.unit)}` : null].filter(Boolean).join(', ');
      blocks.push({
        kind: 'fields',
        items: [
          { label: 'Capability: spec limits (the KPI\'s)', value: spec },
          { label: 'Stage', value: `${cap.stage.name} (points ${cap.stage.from}–${cap.stage.to}, n = ${cap.n})` },
          { label: 'Cpk (within)', value: cap.cpk === null ? '—' : cap.cpk.toFixed(2) },
          { label: 'Ppk (overall)', value: cap.ppk === null ? '—' : cap.ppk.toFixed(2) },
          { label: 'σ within / overall', value: `${num(cap.sigma_within, k.unit)} / ${num(cap.sigma_overall, k.unit)} (${cap.sigma_within_method})` },
          { label: 'Observed out of spec', value: `${Math.round(cap.ppm_observed).toLocaleString('en-US')} ppm` },
          { label: 'Normality (Anderson–Darling)', value: cap.normality ? `A² = ${cap.normality.a2.toFixed(3)}, ${cap.normality.p < 0.005 ? 'p < 0.005' : `p = ${cap.normality.p.toFixed(3)}`}` : '—' },
          { label: 'Verdict', value: cap.verdict },
        ],
      });
      for (const w of cap.warnings) blocks.push({ kind: 'note', tone: 'warning', text: w });
    } catch (e) {
      blocks.push({ kind: 'note', tone: 'warning', text: `Capability could not be computed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (splitDate && isMethod('kpi-compare')) {
    try {
      const c = await read('kpi-compare', { id: k.id, splitDate });
      blocks.push({
        kind: 'fields',
        items: [
          { label: `Before ${formatDate(splitDate)}`, value: `${num(c.meanBefore, k.unit)} (n = ${c.nBefore})` },
          { label: 'From then on', value: `${num(c.meanAfter, k.unit)} (n = ${c.nAfter})` },
          { label: 'Change', value: `${num(c.difference, k.unit)}${c.percentChange === null ? '' : ` (${c.percentChange.toFixed(1)} %)`}` },
          { label: 'Welch t-test', value: `p = ${c.welch.p.toPrecision(2)}` },
          { label: 'Evidence', value: c.verdict },
        ],
      });
    } catch {
      // Too few points on one side of the split: the chart above is the evidence.
    }
  }
  return blocks;
}

/** KPI board and each KPI's control chart with stages, signals, capability and before/after evidence. */
export const kpiSection: SectionBuilder = {
  id: 'kpis',
  title: 'KPIs and control charts',
  description: 'KPI board, each KPI\'s control chart with stages and signals, capability and before/after evidence.',
  charts: true,
  requires: ['kpi-list', 'spc-chart-get', 'team-list'],
  build: async (read, event) => {
    const [kpis, team] = await Promise.all([read('kpi-list', { eventId: event.id }), read('team-list', { eventId: event.id })]);
    const names = new Map(team.members.map((m) => [m.id, m.name]));
    const blocks: Block[] = [
      tableBlock({
        id: 'kpis',
        title: 'KPI board',
        empty: 'No KPIs were defined for this event.',
        columns: [
          ['name', 'KPI'],
          ['unit', 'Unit'],
          ['baseline', 'Baseline', 'number'],
          ['current', 'Current', 'number'],
          ['target', 'Target', 'number'],
          ['status', 'Status'],
          ['signals', 'Points with signals', 'integer'],
          ['owner', 'Owner'],
        ],
        rows: kpis.map((k) => [k.name, k.unit, k.baselineValue, k.current, k.target, STATUS[k.status], k.signalPoints.length, k.ownerId ? (names.get(k.ownerId) ?? '') : '']),
      }),
    ];
    const measurements = kpis.flatMap((k) => k.points.map((p) => [k.name, p.date, p.value, k.unit, p.n, p.note ?? '']));
    for (const k of kpis) blocks.push(...(await kpiBlocks(read, k, k.chart.stages[0]?.date ?? event.startDate)));
    if (measurements.length > 0) {
      blocks.push(tableBlock({
        id: 'kpi-measurements',
        title: 'KPI measurements',
        columns: [
          ['kpi', 'KPI'],
          ['date', 'Date', 'date'],
          ['value', 'Value', 'number'],
          ['unit', 'Unit'],
          ['n', 'Observations', 'integer'],
          ['note', 'Note'],
        ],
        rows: measurements,
      }));
    }
    return { id: 'kpis', title: 'KPIs and control charts', blocks };
  },
};
