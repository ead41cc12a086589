import { isMethod } from '../../../common/contract/api';
import { ACTION_STATUS_LABELS, CLOSED_STATUSES } from '../../../common/contract/schemas/actions';
import type { AnalysisResult } from '../../../common/contract/schemas/analysis';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../common/domain/vsm/renderSvg';
import { describeMap } from '../../../common/domain/vsm/scene';
import { formatDuration } from '../../../common/domain/vsm/units';
import { formatDate } from '../../../common/domain/text/dates';
import { kpiSmallMultiplesSvg } from '../charts/resultCharts';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import { psiText } from './analysis/drift';
import { gateText } from './analysis/fairness';
import { kpiResults } from './analysis/kpiResults';
import { finite, list, num, record, text } from './analysis/common';
import type { ReportReader, SectionBuilder } from './types';

/** How many open actions the front page lists (the action register has them all). */
export const TOP_ACTIONS = 5;

const STATUS: Readonly<Record<string, string>> = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', 'no-target': 'No target' };

async function constraintBlocks(read: ReportReader, eventId: string): Promise<Block[]> {
  if (!isMethod('vsm-list') || !isMethod('vsm-get')) return [];
  const current = (await read('vsm-list', { eventId })).find((m) => m.kind === 'current');
  if (!current) return [{ kind: 'fields', items: [{ label: 'Constraint', value: 'no current-state map yet' }] }];
  const { map, metrics } = await read('vsm-get', { mapId: current.id });
  const m = metrics as unknown as VsmMetrics;
  const c = m.constraint;
  return [
    { kind: 'fields', items: [{ label: 'Constraint (current-state map)', value: c ? `${c.name} — ${formatDuration(c.effectivePtMs)} per item` : 'none found (no stage times)' }, { label: 'Map', value: map.name }] },
    { kind: 'chart', chart: { id: 'glance-current-map', title: `Current-state map: ${map.name}`, svg: renderVsmSvg(map, m, { width: 1100, chrome: false }), alt: describeMap(map, m) } },
  ];
}

/** Open actions, the ones with an expected KPI effect first, then by due date (none last). */
async function topActions(read: ReportReader, eventId: string): Promise<Block | null> {
  if (!isMethod('action-list') || !isMethod('team-list')) return null;
  const [actions, team] = await Promise.all([read('action-list', { eventId }), read('team-list', { eventId })]);
  const names = new Map(team.members.map((m) => [m.id, m.name]));
  const open = actions
    .filter((a) => !CLOSED_STATUSES.includes(a.status))
    .sort((a, b) => Number(!a.expectedEffect) - Number(!b.expectedEffect) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  return tableBlock({
    id: 'glance-actions',
    title: `Top actions (${Math.min(open.length, TOP_ACTIONS)} of ${open.length} open)`,
    empty: 'No open actions.',
    columns: [
      ['title', 'Action'],
      ['owner', 'Owner'],
      ['due', 'Due', 'date'],
      ['status', 'Status'],
      ['effect', 'Expected effect'],
    ],
    rows: open.slice(0, TOP_ACTIONS).map((a) => [
      a.title,
      a.ownerId ? (names.get(a.ownerId) ?? '') : '',
      a.dueDate ?? '',
      `${ACTION_STATUS_LABELS[a.status]}${a.overdue ? ' (overdue)' : ''}`,
      a.expectedEffect ? `${a.expectedEffect.kpi} ${a.expectedEffect.change > 0 ? '+' : ''}${a.expectedEffect.change} ${a.expectedEffect.unit}`.trim() : '',
    ]),
  });
}

type Risk = readonly [kind: string, what: string, detail: string];

/**
 * Open risks, from what the event records (no risk register exists): overdue actions, KPIs off track or at risk,
 * fairness gates that failed or could not decide (latest saved result per title), features that drifted in pinned
 * drift results, and readiness items not done.
 */
async function risks(read: ReportReader, event: KaizenEvent, kpiStatus: ReadonlyArray<readonly [string, string]>): Promise<Risk[]> {
  const out: Risk[] = [];
  if (isMethod('action-list')) {
    for (const a of await read('action-list', { eventId: event.id })) if (a.overdue) out.push(['Overdue action', a.title, a.dueDate ? `due ${formatDate(a.dueDate)}` : '']);
  }
  for (const [name, status] of kpiStatus) if (status === 'off-track' || status === 'at-risk') out.push(['KPI', name, STATUS[status] ?? status]);
  if (isMethod('analysis-result-list')) {
    const results: AnalysisResult[] = await read('analysis-result-list', { eventId: event.id, pinnedOnly: false });
    for (const r of results) {
      const res = record(r.result);
      const gate = record(res?.gate);
      if (r.kind === 'fairness' && gate && gate.pass !== true) out.push([gate.pass === false ? 'Fairness gate failed' : 'Fairness gate undecided', r.title, gateText(gate)]);
      if (r.kind === 'drift' && r.pinned) {
        for (const f of list(res?.features)) if (f.drift === true) out.push(['Drift', `${text(f.column)} (${r.title})`, `PSI ${finite(f.psi) === null ? '—' : psiText(finite(f.psi)!)} ≥ ${num(finite(f.threshold))}`]);
      }
    }
  }
  if (isMethod('checklist-list')) {
    for (const c of await read('checklist-list', { eventId: event.id })) if (c.status === 'open' || c.status === 'in-progress') out.push(['Readiness item open', c.title, c.dueDate ? `due ${formatDate(c.dueDate)}` : c.status]);
  }
  return out;
}

/** The report's front page: each KPI before → after with its chart, the constraint, the top actions and the open risks. */
export const glanceSection: SectionBuilder = {
  id: 'glance',
  title: 'Results at a glance',
  description: 'Front page: each KPI before → after with a chart, the constraint, the top actions and the open risks.',
  charts: true,
  requires: ['kpi-list', 'action-list', 'analysis-result-list'],
  build: async (read, event) => {
    const kpis = await kpiResults(read, event);
    const blocks: Block[] = [];
    if (kpis.length === 0) blocks.push({ kind: 'text', text: 'No KPIs were defined for this event.' });
    else {
      blocks.push(tableBlock({
        id: 'glance-kpis',
        title: 'KPIs before → after',
        columns: [
          ['kpi', 'KPI'],
          ['before', 'Before', 'number'],
          ['after', 'After', 'number'],
          ['unit', 'Unit'],
          ['target', 'Target', 'number'],
          ['status', 'Status'],
          ['split', 'Split at', 'date'],
        ],
        rows: kpis.map((k) => [k.name, k.before, k.after, k.unit, k.target, STATUS[k.status] ?? k.status, k.source === 'compare' ? (k.splitDate ?? '') : '']),
      }));
      blocks.push({
        kind: 'chart',
        chart: {
          id: 'glance-kpis',
          title: 'KPIs before → after',
          svg: kpiSmallMultiplesSvg(kpis),
          alt: kpis.map((k) => `${k.name}: ${num(k.before, k.unit)} → ${num(k.after, k.unit)}${k.target !== null ? `, target ${num(k.target, k.unit)}` : ''}`).join('; '),
        },
      });
      const basis = kpis.some((k) => k.source === 'baseline');
      blocks.push({ kind: 'footnote', text: `Before and after are the means before and from the KPI chart's first stage date (else the event's start date)${basis ? '; where one side has too few points, the baseline and the current value' : ''}. Bars: green when the KPI moved the better way, orange otherwise; dashed line: target.` });
    }
    blocks.push({ kind: 'subheading', text: 'The constraint' });
    blocks.push(...(await constraintBlocks(read, event.id)));
    const actions = await topActions(read, event.id);
    if (actions) blocks.push({ kind: 'subheading', text: 'Top actions' }, actions);
    const open = await risks(read, event, kpis.map((k) => [k.name, k.status] as const));
    blocks.push({ kind: 'subheading', text: 'Open risks' });
    blocks.push(tableBlock({
      id: 'glance-risks',
      title: `Open risks (${open.length})`,
      empty: 'No open risks: no overdue action, no KPI off track, no failed fairness gate, no drift in a pinned result, no open readiness item.',
      columns: [
        ['kind', 'Risk'],
        ['what', 'What'],
        ['detail', 'Detail'],
      ],
      rows: open,
    }));
    return { id: 'glance', title: 'Results at a glance', blocks };
  },
};
