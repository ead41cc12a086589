import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChartSettings, KpiFields } from '../../../../common/contract/schemas/kpi';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { priorValues, useChange } from '../../api/useChange';
import { ControlChart } from '../../charts/controlChart/ControlChart';
import type { ChartPanel } from '../../charts/controlChart/ControlChart';
import { chartPanels, chartTextAlternative, signalRowText, signalRows } from '../../charts/controlChart/chartText';
import { chartRequestWidth } from '../../charts/controlChart/draw';
import type { ChartRange } from '../../charts/controlChart/draw';
import { routeHref } from '../../router';
import { columnChartHref } from '../data/columnChartForm';
import { CapabilityPanel } from './CapabilityPanel';
import { ChartSettingsPanel } from './ChartSettingsPanel';
import { EntriesPanel } from './EntriesPanel';
import { EvidencePanel } from './EvidencePanel';
import { TargetsPanel } from './TargetsPanel';
import { fmtKpi } from './format';
import { formatDate } from '../../format';

/** One KPI: its control chart with stages and tests, signals in words, evidence, capability, targets and entries. */
export function KpiDetail({ event, kpiId }: { event: KaizenEvent; kpiId: string }) {
  const kpi = useCall('kpi-get', { id: kpiId }, ['kpis']);
  // Decimated by the server to the window width; a zoomed range is fetched again in detail.
  const [width] = useState(chartRequestWidth);
  const [range, setRange] = useState<ChartRange | null>(null);
  const chart = useCall('spc-chart-get', { kpiId, view: { width } }, ['kpis']);
  const zoomed = useCall('spc-chart-get', range ? { kpiId, view: { width, range } } : null, ['kpis']);
  const detail = useMemo(() => (range && zoomed.data ? chartPanels(zoomed.data) : null), [range, zoomed.data]);
  const ops = useChange(['kpis']);
  const k = kpi.data;
  // Chart settings saved but not yet reloaded: a quick second change builds on the first, not on the stale KPI.
  const pendingChart = useRef<{ settings: ChartSettings; shownBy: unknown } | null>(null);
  const latestKpi = useRef(k);
  latestKpi.current = k;
  const save = async (patch: Partial<KpiFields>, label: string, prior?: Partial<KpiFields>): Promise<boolean> => {
    if (!k) return false;
    const before = prior ?? priorValues<KpiFields>(k, patch);
    const id = k.id;
    return ops.change({ label, run: () => call('kpi-update', { id, patch }), undo: () => call('kpi-update', { id, patch: before }) }).then(
      () => true,
      () => false, // shown as a toast
    );
  };
  const saveChart = async (p: Partial<ChartSettings>) => {
    if (!k) return;
    const base = pendingChart.current?.settings ?? k.chart;
    const next = { ...base, ...p };
    pendingChart.current = { settings: next, shownBy: null };
    const ok = await save({ chart: next }, 'chart settings', { chart: base });
    // Saved: keep building on it until the KPI reloads; failed: the KPI as loaded is the truth again.
    if (pendingChart.current?.settings === next) pendingChart.current = ok ? { settings: next, shownBy: latestKpi.current } : null;
  };
  useEffect(() => {
    const p = pendingChart.current;
    if (p && p.shownBy !== null && k !== p.shownBy) pendingChart.current = null;
  }, [k]);
  const c = chart.data;
  const panels = useMemo<ChartPanel[]>(() => (c ? chartPanels(c) : []), [c]);
  const descriptions = useMemo(() => new Map(c?.testDescriptions.map((d) => [d.test, d.text]) ?? []), [c]);
  if (kpi.error) return <p className="field-error" role="alert">{kpi.error}</p>;
  if (!k) return <p className="hint">Loading…</p>;
  const main = c?.panels[0];
  const signals = c ? signalRows(c) : [];
  const src = k.source;
  return (
    <div className="kpi-detail">
      <p><a href={routeHref({ page: 'event', eventId: event.id, section: 'kpis' })}>← All KPIs</a></p>
      <h2 className="kpi-detail-title">{k.name}</h2>
      <p className="hint">
        {k.sourceLabel}. Latest {fmtKpi(k, k.current)}{k.currentDate ? ` on ${formatDate(k.currentDate)}` : ''}; σ estimated as {c?.sigmaMethod ?? '—'}.
        {src.kind === 'dataset' && src.statistic !== 'count' && src.statistic !== 'rate' && (
          <> <a href={columnChartHref(event.id, src.datasetId, { column: src.column, bucket: src.bucket })}>Chart the raw {src.column} rows per {src.bucket}</a></>
        )}
      </p>
      {chart.error && <p className="warning" role="alert">{chart.error}</p>}
      {c && panels.length > 0 && (
        <ControlChart title={c.title} unit={c.unit} panels={panels} describeTest={(t) => descriptions.get(t as never) ?? `Test ${t}`} textAlternative={chartTextAlternative(c)} fileName={k.name.replace(/[^\w-]+/g, '_')} onRange={setRange} detail={detail} />
      )}
      <div className="kpi-detail-grid">
        <div className="kpi-detail-main">
          {main && (
            <section className="card kpi-signals" aria-labelledby="signals-title">
              <h2 id="signals-title">Signals</h2>
              {signals.length === 0 ? (
                <p>No special causes found by the enabled tests: the variation looks like common cause.</p>
              ) : (
                <ul data-testid="signal-list">
                  {signals.map((s) => (
                    <li key={s.index}>{signalRowText(s, (t) => descriptions.get(t as never) ?? `Test ${t}`, (v) => fmtKpi(k, v), formatDate)}</li>
                  ))}
                </ul>
              )}
            </section>
          )}
          <EvidencePanel kpi={k} />
          <CapabilityPanel kpi={k} />
          {k.source.kind === 'manual' && <EntriesPanel kpi={k} />}
        </div>
        <div className="kpi-detail-side">
          <TargetsPanel kpi={k} onSave={async (patch, label) => void (await save(patch, label))} />
          <ChartSettingsPanel kpi={k} event={event} onSave={saveChart} />
        </div>
      </div>
    </div>
  );
}
