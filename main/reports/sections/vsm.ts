import type { VsmMap } from '../../../common/contract/schemas/vsm';
import { metricDeltas, stageDeltas } from '../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../common/domain/vsm/renderSvg';
import { describeMap } from '../../../common/domain/vsm/scene';
import { MS_PER_UNIT } from '../../../common/domain/vsm/units';
import type { Block, ReportTable } from '../model';
import type { SectionBuilder } from './types';

type Loaded = Readonly<{ map: VsmMap; metrics: VsmMetrics }>;

function metricsTable(id: string, l: Loaded): ReportTable {
  const u = l.map.displayUnit;
  const t = (v: number | null) => (v === null ? null : v / MS_PER_UNIT[u]);
  const pct = (v: number | null) => (v === null ? null : v * 100);
  const m = l.metrics;
  return {
    id,
    title: `${l.map.name}: metrics`,
    columns: [
      { key: 'leadTime', label: 'Lead time', type: 'number', unit: u },
      { key: 'processTime', label: 'Process time', type: 'number', unit: u },
      { key: 'waitTime', label: 'Wait time', type: 'number', unit: u },
      { key: 'pce', label: 'PCE', type: 'number', unit: '%' },
      { key: 'rolledCa', label: 'Rolled %C&A', type: 'number', unit: '%' },
      { key: 'takt', label: 'Takt', type: 'number', unit: u },
      { key: 'constraint', label: 'Constraint', type: 'text' },
    ],
    rows: [[t(m.leadTimeMs), t(m.processTimeMs), t(m.waitTimeMs), pct(m.pce), pct(m.rolledCa), t(m.taktMs), m.constraint?.name ?? '']],
  };
}

function stagesTable(id: string, l: Loaded, names: ReadonlyMap<string, string>): ReportTable {
  const u = l.map.displayUnit;
  const byId = new Map(l.metrics.stages.map((s) => [s.stageId, s]));
  return {
    id,
    title: `${l.map.name}: stages`,
    columns: [
      { key: 'name', label: 'Stage', type: 'text' },
      { key: 'pt', label: 'Process time', type: 'number', unit: u },
      { key: 'wt', label: 'Wait time', type: 'number', unit: u },
      { key: 'ca', label: '%C&A', type: 'number', unit: '%' },
      { key: 'uptime', label: 'Uptime', type: 'number', unit: '%' },
      { key: 'share', label: 'Share of lead time', type: 'number', unit: '%' },
      { key: 'owner', label: 'Owner', type: 'text' },
      { key: 'source', label: 'Filled from log', type: 'text' },
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
  };
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
      blocks.push({ kind: 'table', empty: '', table: metricsTable(`vsm-${n}-metrics`, l) });
      blocks.push({ kind: 'table', empty: 'The map has no stages.', table: stagesTable(`vsm-${n}-stages`, l, names) });
      for (const w of l.metrics.warnings ?? []) blocks.push({ kind: 'note', tone: 'warning', text: w.message });
    });
    for (const f of loaded.filter((l) => l.map.kind === 'future')) {
      const cur = loaded.find((l) => l.map.id === f.map.basedOnId) ?? loaded.find((l) => l.map.kind === 'current');
      if (!cur) continue;
      const u = f.map.displayUnit;
      const conv = (v: number | null, kind: 'duration' | 'ratio') => (v === null ? null : kind === 'duration' ? v / MS_PER_UNIT[u] : v * 100);
      blocks.push({ kind: 'subheading', text: `Current → future: ${cur.map.name} → ${f.map.name}` });
      blocks.push({
        kind: 'table',
        empty: '',
        table: {
          id: `vsm-deltas-${loaded.indexOf(f) + 1}`,
          title: 'Metric deltas (future − current)',
          columns: [
            { key: 'metric', label: 'Metric', type: 'text' },
            { key: 'unit', label: 'Unit', type: 'text' },
            { key: 'current', label: 'Current', type: 'number' },
            { key: 'future', label: 'Future', type: 'number' },
            { key: 'delta', label: 'Change', type: 'number' },
            { key: 'relative', label: 'Change', type: 'number', unit: '%' },
            { key: 'better', label: 'Better', type: 'text' },
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
        },
      });
      blocks.push({
        kind: 'table',
        empty: '',
        table: {
          id: `vsm-stage-deltas-${loaded.indexOf(f) + 1}`,
          title: 'Stage deltas (expected time per item)',
          columns: [
            { key: 'name', label: 'Stage', type: 'text' },
            { key: 'current', label: 'Current', type: 'number', unit: u },
            { key: 'future', label: 'Future', type: 'number', unit: u },
            { key: 'delta', label: 'Change', type: 'number', unit: u },
          ],
          rows: stageDeltas(cur.metrics, f.metrics).map((d) => [d.name, conv(d.currentMs, 'duration'), conv(d.futureMs, 'duration'), conv(d.delta, 'duration')]),
        },
      });
    }
    return { id: 'vsm', title: 'Value-stream maps', blocks };
  },
};
