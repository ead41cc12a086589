import { isMethod } from '../../../../common/contract/api';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import type { BeforeAfter } from '../../charts/resultCharts';
import type { ReportReader } from '../types';

export type KpiResult = BeforeAfter & Readonly<{ status: KpiSummary['status']; splitDate: string | null; verdict: string | null; source: 'compare' | 'baseline' }>;

/**
 * Each KPI before → after, as the KPI section splits it (at the KPI chart's first stage date, else the event's start):
 * the means on both sides from `kpi-compare` with its verdict; when the comparison cannot be made (too few points on
 * a side), the KPI's baseline and its current value.
 */
export async function kpiResults(read: ReportReader, event: KaizenEvent): Promise<KpiResult[]> {
  if (!isMethod('kpi-list')) return [];
  const kpis = await read('kpi-list', { eventId: event.id });
  const out: KpiResult[] = [];
  for (const k of kpis) {
    const splitDate = k.chart.stages[0]?.date ?? event.startDate ?? null;
    const base = { name: k.name, unit: k.unit, target: k.target, direction: k.direction, status: k.status, splitDate } as const;
    let compared: KpiResult | null = null;
    if (splitDate && isMethod('kpi-compare') && !k.sourceError) {
      try {
        const c = await read('kpi-compare', { id: k.id, splitDate });
        compared = { ...base, before: c.meanBefore, after: c.meanAfter, verdict: c.verdict, source: 'compare' };
      } catch {
        // Too few points on one side of the split: baseline and current below.
      }
    }
    out.push(compared ?? { ...base, before: k.baselineValue, after: k.current, verdict: null, source: 'baseline' });
  }
  return out;
}
