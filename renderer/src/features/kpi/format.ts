import type { Kpi } from '../../../../common/contract/schemas/kpi';
import { fmtNum } from '../../charts/controlChart/overlay';

/** Rates are stored as fractions and shown as percentages. */
export function isRate(k: Pick<Kpi, 'source'>): boolean {
  return k.source.kind === 'dataset' && k.source.statistic === 'rate';
}

/** A KPI value with its unit: "412 ms", "3.1 %", "0.912 AUC"; "—" when missing. */
export function fmtKpi(k: Pick<Kpi, 'source' | 'unit'>, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (isRate(k)) return `${fmtNum(v * 100)} %`;
  return k.unit ? `${fmtNum(v)} ${k.unit}` : fmtNum(v);
}
