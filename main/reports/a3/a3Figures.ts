import { isMethod } from '../../../common/contract/api';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../common/domain/vsm/renderSvg';
import { describeMap } from '../../../common/domain/vsm/scene';
import { kpiSmallMultiplesSvg } from '../charts/resultCharts';
import { kpiResults } from '../sections/analysis/kpiResults';
import { num } from '../sections/analysis/common';
import type { ReportReader } from '../sections/types';

export type A3Figure = Readonly<{ title: string; svg: string; alt: string }>;

/** The A3's pictures: the KPIs before → after (in Follow-up), the current-state map (Current condition), the future-state map (Countermeasures). */
export type A3Figures = Readonly<{ kpis: A3Figure | null; current: A3Figure | null; future: A3Figure | null }>;

export const NO_FIGURES: A3Figures = { kpis: null, current: null, future: null };

async function mapFigure(read: ReportReader, eventId: string, kind: 'current' | 'future'): Promise<A3Figure | null> {
  if (!isMethod('vsm-list') || !isMethod('vsm-get')) return null;
  const entry = (await read('vsm-list', { eventId })).find((m) => m.kind === kind);
  if (!entry) return null;
  const { map, metrics } = await read('vsm-get', { mapId: entry.id });
  const m = metrics as unknown as VsmMetrics;
  // The same drawing as the editor's export and the report's VSM section, without its header and footer.
  return { title: `${kind === 'current' ? 'Current' : 'Future'} state: ${map.name}`, svg: renderVsmSvg(map, m, { width: 1100, chrome: false }), alt: describeMap(map, m) };
}

/** Reads what the A3's pictures show, through the same contract methods as the report's sections. */
export async function readA3Figures(read: ReportReader, event: KaizenEvent): Promise<A3Figures> {
  const kpis = await kpiResults(read, event);
  const [current, future] = await Promise.all([mapFigure(read, event.id, 'current'), mapFigure(read, event.id, 'future')]);
  return {
    kpis:
      kpis.length === 0
        ? null
        : {
            title: 'KPIs before → after',
            svg: kpiSmallMultiplesSvg(kpis, 3),
            alt: kpis.map((k) => `${k.name}: ${num(k.before, k.unit)} → ${num(k.after, k.unit)}${k.target !== null ? `, target ${num(k.target, k.unit)}` : ''}`).join('; '),
          },
    current,
    future,
  };
}
