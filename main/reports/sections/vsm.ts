import type { VsmMap } from '../../../common/contract/schemas/vsm';
import { metricDeltas, stageDeltas } from '../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../common/domain/vsm/renderSvg';
import { describeMap } from '../../../common/domain/vsm/scene';
import { MS_PER_UNIT, totalsUnit } from '../../../common/domain/vsm/units';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import type { TableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

type Loaded = Readonly<{ map: VsmMap; metrics: VsmMetrics }>;

function metricsTable(id: string, l: Loaded): TableBlock {
  const u = totalsUnit(l.map.displayUnit, l.metrics.leadTimeMs, l.metrics.processTimeMs);
  const t = (v: number | null) => (v === null ? null : v / MS_PER_UNIT[u]);
  const pct = (v: number | null) => (v === null ? null : v * 100);
  const m = l.metrics;
  return tableBlock({
    id,
    title: `${l.map.name}: metrics`,
    columns: [
      ['leadTime', 'Lead time', 'number', u],
      ['processTime', 'Process time', 'number', u],
      ['waitTime', 'Wait time', 'number', u],
      ['pce', 'PCE', 'number', '%'],
      ['rolledCa', 'Rolled %C&A', 'number', '%'],
      ['takt', 'Takt', 'number', u],
      ['constraint', 'Constraint'],
    ],
    rows: [[t(m.leadTimeMs), t(m.processTimeMs), t(m.waitTimeMs), pct(m.pce), pct(m.rolledCa), t(m.taktMs), m.constraint?.name ?? '']],
  });
}

function stagesTable(id: string, l: Loaded, names: ReadonlyMap<string, string>): TableBlock {
  const u = totalsUnit(l.map.displayUnit, ...l.metrics.stages.flatMap((s) => [s.ptMs, s.wtMs]));
  const byId = new Map(l.metrics.stages.map((s) => [s.stageId, s]));
  return tableBlock({
    id,
    title: `${l.map.name}: stages`,
    empty: 'The map has no stages.',
    columns: [
      ['name', 'Stage'],
      ['pt', 'Process time', 'number', u],
      ['wt', 'Wait time', 'number', u],
      ['ca', '%C&A', 'number', '%'],
      ['uptime', 'Uptime', 'number', '%'],
      ['share', 'Share of lead time', 'number', '%'],
      ['owner', 'Owner'],
      ['source', 'Filled from log'],
    ],
    rows: l.map.stages.map((s) => {
      const m = byId.get(s.id);
      const src = s.filled.pt ?? s.filled.wt;
      return [
        s.name,
        m ? m.ptMs / MS_PER_UNIT[u] : null,
        m ? m.wtMs / MS_PER_UNIT[u] : null,
        s.ca,
        s.uptime,
        m ? m.shareOfLeadTime * 100 : null,
        s.ownerId ? (names.get(s.ownerId) ?? '') : '',
        src ? `${src.datasetName} v${src.version}, p${src.percentile}, n=${src.sampleSize}` : '',
      ];
    }),
  });
}

/** Value-stream maps, current and future: the map as vector SVG, its metrics and stages, and future-state deltas. */
export const vsmSection: SectionBuilder = {
  id: 'vsm',
  title: 'Value-stream maps',
  description: 'Current and future maps as vector drawings, with lead time, PCE, %C&A, constraint and deltas.',
  charts: true,
  requires: ['vsm-list', 'vsm-get', 'team-list'],
  build: async (read, event) => {
    const [list, team] = await Promise.all([read('vsm-list', { eventId: event.id }), read('team-list', { eventId: event.id })]);
    const names = new Map(team.members.map((m) => [m.id, m.name]));
    const loaded: Loaded[] = [];
    for (const s of [...list].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'current' ? -1 : 1))) {
      const got = await read('vsm-get', { mapId: s.id });
      loaded.push({ map: got.map, metrics: got.metrics as unknown as VsmMetrics });
    }
    const blocks: Block[] = [];
    if (loaded.length === 0) blocks.push({ kind: 'text', text: 'No value-stream map was drawn for this event.' });
    loaded.forEach((l, i) => {
      const n = i + 1;
      blocks.push({ kind: 'subheading', text: `${l.map.kind === 'future' ? 'Future' : 'Current'} state: ${l.map.name}` });
      blocks.push({
        kind: 'chart',
        chart: {
          id: `vsm-${n}`,
          title: `${l.map.kind === 'future' ? 'Future' : 'Current'}-state map: ${l.map.name}`,
          svg: renderVsmSvg(l.map, l.metrics, { width: 1100, chrome: true, memberNames: Object.fromEntries(names) }),
          alt: describeMap(l.map, l.metrics),
        },
      });
      blocks.push(metricsTable(`vsm-${n}-metrics`, l));
      blocks.push(stagesTable(`vsm-${n}-stages`, l, names));
      for (const w of l.metrics.warnings ?? []) blocks.push({ kind: 'note', tone: 'warning', text: w.message });
    });
    for (const f of loaded.filter((l) => l.map.kind === 'future')) {
      const cur = loaded.find((l) => l.map.id === f.map.basedOnId) ?? loaded.find((l) => l.map.kind === 'current');
      if (!cur) continue;
      const u = totalsUnit(f.map.displayUnit, cur.metrics.leadTimeMs, f.metrics.leadTimeMs);
      const conv = (v: number | null, kind: 'duration' | 'ratio') => (v === null ? null : kind === 'duration' ? v / MS_PER_UNIT[u] : v * 100);
      blocks.push({ kind: 'subheading', text: `Current → future: ${cur.map.name} → ${f.map.name}` });
      blocks.push(tableBlock({
        id: `vsm-deltas-${loaded.indexOf(f) + 1}`,
        title: 'Metric deltas (future − current)',
        columns: [
          ['metric', 'Metric'],
          ['unit', 'Unit'],
          ['current', 'Current', 'number'],
          ['future', 'Future', 'number'],
          ['delta', 'Change', 'number'],
          ['relative', 'Change', 'number', '%'],
          ['better', 'Better'],
        ],
        rows: metricDeltas(cur.metrics, f.metrics).map((d) => [
          d.label,
          d.kind === 'duration' ? u : '%',
          conv(d.current, d.kind),
          conv(d.future, d.kind),
          conv(d.delta, d.kind),
          d.relative === null ? null : d.relative * 100,
          d.better === null ? '' : d.better ? 'yes' : 'no',
        ]),
      }));
      blocks.push(tableBlock({
        id: `vsm-stage-deltas-${loaded.indexOf(f) + 1}`,
        title: 'Stage deltas (expected time per item)',
        columns: [
          ['name', 'Stage'],
          ['current', 'Current', 'number', u],
          ['future', 'Future', 'number', u],
          ['delta', 'Change', 'number', u],
        ],
        rows: stageDeltas(cur.metrics, f.metrics).map((d) => [d.name, conv(d.currentMs, 'duration'), conv(d.futureMs, 'duration'), conv(d.delta, 'duration')]),
      }));
    }
    return { id: 'vsm', title: 'Value-stream maps', blocks };
  },
};
