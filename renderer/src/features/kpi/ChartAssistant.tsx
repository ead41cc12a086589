import { useState } from 'react';
import type { ChartSettings, KpiSummary } from '../../../../common/contract/schemas/kpi';
import { recommendChart } from '../../../../common/domain/spc/chartAssistant';
import type { DataKind, ShiftConcern } from '../../../../common/domain/spc/chartAssistant';
import { CHART_LABELS } from '../../../../common/domain/spc/types';
import type { ChartKind } from '../../../../common/domain/spc/types';
import { Field } from '../../components/fields';

/** Why this KPI cannot draw a chart kind (the server's rule in main/services/spc/kpiChart.ts), or null when it can. */
export function cannotDraw(kpi: KpiSummary, chart: ChartKind): string | null {
  const src = kpi.source;
  const stat = src.kind === 'dataset' ? src.statistic : null;
  if ((chart === 'p' || chart === 'np' || chart === 'u') && stat !== 'rate') return `${chart.toUpperCase()} charts need a rate KPI (the share of rows meeting a condition, with the rows counted per bucket).`;
  if (chart === 'c' && stat !== 'count') return 'C charts need a count KPI.';
  if ((chart === 'xbar-r' || chart === 'xbar-s') && (src.kind !== 'dataset' || stat === 'count' || stat === 'rate')) return 'X̄ charts need a dataset KPI over a numeric column (each bucket\'s rows form a subgroup).';
  return null;
}

/** What the KPI suggests: a rate is pass/fail (defectives), a count is defects, anything else a measurement. */
function defaultsOf(kpi: KpiSummary): { data: DataKind; size: number } {
  const src = kpi.source;
  if (src.kind === 'dataset' && src.statistic === 'rate') return { data: 'defectives', size: 1 };
  if (src.kind === 'dataset' && src.statistic === 'count') return { data: 'defects', size: 1 };
  return { data: 'continuous', size: 1 };
}

const DATA_LABELS: Readonly<Record<DataKind, string>> = {
  continuous: 'Measurements (times, sizes, scores)',
  defectives: 'Pass/fail: items defective out of n inspected',
  defects: 'Counts of defects or events',
};
const SHIFT_LABELS: Readonly<Record<ShiftConcern, string>> = {
  none: 'Large shifts (over 1.5 σ) are what matter',
  drift: 'Small shifts or a slow drift matter',
  sustained: 'A sustained shift of a known size matters',
};

/**
 * "Which chart?": Minitab's Assistant decision tree (common/domain/spc/chartAssistant.ts) on the facilitator's
 * answers, pre-filled from the KPI; the choice can be applied when this KPI can draw it.
 */
export function ChartAssistant({ kpi, onApply }: { kpi: KpiSummary; onApply: (patch: Partial<ChartSettings>) => Promise<void> }) {
  const d = defaultsOf(kpi);
  const [data, setData] = useState<DataKind>(d.data);
  const [size, setSize] = useState(String(d.size));
  const [equal, setEqual] = useState(false);
  const [shifts, setShifts] = useState<ShiftConcern>('none');
  const n = Number(size);
  const sizeOk = Number.isInteger(n) && n >= 1 && n <= 1000;
  const rec = sizeOk ? recommendChart({ data, subgroupSize: n, equalSizes: equal, shifts }) : null;
  const why = rec ? cannotDraw(kpi, rec.chart) : null;
  return (
    <details className="kpi-assistant">
      <summary>Which chart?</summary>
      <p className="hint">Answer three questions about the data; the assistant picks the chart as Minitab&apos;s Assistant does and says why.</p>
      <Field label="What is measured">{(id) => (
        <select id={id} value={data} onChange={(e) => setData(e.target.value as DataKind)}>
          {(Object.keys(DATA_LABELS) as DataKind[]).map((k) => <option key={k} value={k}>{DATA_LABELS[k]}</option>)}
        </select>
      )}</Field>
      {data === 'continuous' ? (
        <Field label="Measurements per point (subgroup size)" error={sizeOk ? null : 'A whole number from 1 to 1000.'}>{(id) => (<input id={id} type="number" min={1} max={1000} value={size} onChange={(e) => setSize(e.target.value)} />)}</Field>
      ) : (
        <label className="checkbox">
          <input type="checkbox" checked={equal} onChange={(e) => setEqual(e.target.checked)} />
          {data === 'defectives' ? 'The same number inspected every time' : 'The same area of opportunity every time'}
        </label>
      )}
      <Field label="Which shifts matter">{(id) => (
        <select id={id} value={shifts} onChange={(e) => setShifts(e.target.value as ShiftConcern)}>
          {(Object.keys(SHIFT_LABELS) as ShiftConcern[]).map((k) => <option key={k} value={k}>{SHIFT_LABELS[k]}</option>)}
        </select>
      )}</Field>
      {rec && (
        <div className="kpi-assistant-choice" data-testid="assistant-choice" aria-live="polite">
          <p><strong>{CHART_LABELS[rec.chart]}</strong>: {rec.reason}</p>
          {rec.notes.map((t) => <p key={t} className="hint">{t}</p>)}
          {rec.alternatives.length > 0 && (
            <ul>
              {rec.alternatives.map((a) => <li key={a.chart}>{CHART_LABELS[a.chart]}: {a.reason}</li>)}
            </ul>
          )}
          {why ? (
            <p className="hint">This KPI cannot draw it: {why}</p>
          ) : kpi.chart.chart === rec.chart ? (
            <p className="hint">The KPI already uses this chart.</p>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => void onApply({ chart: rec.chart })}>Use {CHART_LABELS[rec.chart].split(' (')[0]}</button>
          )}
        </div>
      )}
    </details>
  );
}
