import { useEffect, useMemo, useRef, useState } from 'react';
import type { Input } from '../../../../common/contract/api';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import type { SpcDatasetChartOut } from '../../../../common/contract/schemas/spc';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { ControlChart } from '../../charts/controlChart/ControlChart';
import { chartPanels, chartTextAlternative, signalRowText, signalRows } from '../../charts/controlChart/chartText';
import { chartRequestWidth } from '../../charts/controlChart/draw';
import type { ChartRange } from '../../charts/controlChart/draw';
import { withUnit } from '../../charts/controlChart/overlay';
import { ColumnChartFields } from './ColumnChartFields';
import { initialForm, isNumericColumn, toInput } from './columnChartForm';
import type { ColumnChartLink } from './columnChartForm';
import { formatCount } from './format';
import './columnChart.css';

/** A chart of a whole column can hold thousands of signals; the list shows the first ones (the chart marks all). */
const MAX_SIGNALS_LISTED = 100;

function Signals({ c, describe }: { c: SpcDatasetChartOut; describe: (t: number) => string }) {
  const signals = useMemo(() => signalRows(c), [c]);
  return (
    <section className="card colchart-signals" aria-labelledby="colchart-signals-title">
      <h3 id="colchart-signals-title">Signals</h3>
      {signals.length === 0 ? (
        <p>No special causes found by the enabled tests: the variation looks like common cause.</p>
      ) : (
        <>
          {signals.length > MAX_SIGNALS_LISTED && <p className="hint">The first {MAX_SIGNALS_LISTED} of {formatCount(signals.length)} points with signals; the chart marks all of them.</p>}
          <ul data-testid="colchart-signal-list">
            {signals.slice(0, MAX_SIGNALS_LISTED).map((s) => (
              <li key={s.index}>{signalRowText(s, describe, (v) => withUnit(v, c.unit))}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Result({ c, fileName, request }: { c: SpcDatasetChartOut; fileName: string; request: Input<'spc-dataset-chart'> }) {
  const panels = useMemo(() => chartPanels(c), [c]);
  // Progressive detail: the zoomed range, again decimated to the same width (full resolution when it fits).
  const [range, setRange] = useState<ChartRange | null>(null);
  const zoomed = useCall('spc-dataset-chart', range && request.view?.width ? { ...request, view: { width: request.view.width, range } } : null, ['datasets']);
  const detail = useMemo(() => (range && zoomed.data ? chartPanels(zoomed.data) : null), [range, zoomed.data]);
  const text = useMemo(() => chartTextAlternative(c), [c]);
  const descriptions = useMemo(() => new Map(c.testDescriptions.map((d) => [d.test, d.text])), [c]);
  const describe = (t: number) => descriptions.get(t) ?? `Test ${t}`;
  const left = [c.rows.filtered > 0 ? `${formatCount(c.rows.filtered)} left out by the filter` : '', c.rows.missing > 0 ? `${formatCount(c.rows.missing)} without a value` : ''].filter(Boolean).join(', ');
  return (
    <>
      <p className="hint">
        {c.source}. {formatCount(c.rows.used)} of {formatCount(c.rows.total)} rows plotted{left ? ` (${left})` : ''}; σ estimated as {c.sigmaMethod}.
      </p>
      <ControlChart title={c.title} unit={c.unit} panels={panels} describeTest={describe} textAlternative={text} fileName={fileName} onRange={setRange} detail={detail} />
      <Signals c={c} describe={describe} />
    </>
  );
}

/** The dataset's "Control chart" tab: the form, then the chart with limits, stages, signals and its text alternative. */
export function ColumnChart({ dataset, link }: { dataset: DatasetInfo; link: ColumnChartLink }) {
  const [form, setForm] = useState(() => initialForm(dataset.columns, link));
  const [request, setRequest] = useState<Input<'spc-dataset-chart'> | null>(null);
  const res = useCall('spc-dataset-chart', request, ['datasets']);
  const result = useRef<HTMLDivElement>(null);
  // The form is tall: bring a newly drawn chart into view (not on refetches after an import).
  const scrollToResult = useRef(false);
  useEffect(() => {
    if (!scrollToResult.current || res.loading) return;
    scrollToResult.current = false;
    result.current?.scrollIntoView({ block: 'start' });
  }, [res.loading, res.data]);
  if (!dataset.columns.some(isNumericColumn)) {
    return (
      <EmptyState title="No numeric column to chart">
        A control chart plots numbers over time: durations, counts, scores. Re-import the file with a column typed as integer or real (the import wizard lets you change the inferred types).
      </EmptyState>
    );
  }
  const busy = request !== null && res.loading;
  const c = request !== null && !res.error ? res.data : undefined;
  const status = busy ? 'Drawing the chart…' : c ? `Chart drawn: ${c.panels[0]!.total} points, ${signalRows(c).length} points with signals.` : '';
  return (
    <div className="colchart">
      <ColumnChartFields dataset={dataset} form={form} onChange={setForm} onSubmit={(f) => { scrollToResult.current = true; setRequest({ ...toInput(f, dataset.id), view: { width: chartRequestWidth() } }); }} busy={busy} />
      <p className="visually-hidden" role="status">{status}</p>
      {request === null && (
        <EmptyState title="No chart yet">
          Choose a column and how its rows form subgroups, then Draw chart. For a latency log: total_ms, X̄-S, daily time buckets, split at the date of the change.
        </EmptyState>
      )}
      {request !== null && res.error && !busy && <p className="error-banner" role="alert">{res.error}</p>}
      {c && (
        <div ref={result} className="colchart-result" data-testid="colchart-result">
          <Result c={c} request={request!} fileName={`${dataset.name}_${request!.value}`.replace(/[^\w-]+/g, '_')} />
        </div>
      )}
    </div>
  );
}
