import { useState } from 'react';
import type { FormEvent } from 'react';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import type { RowCondition } from '../../../../common/contract/schemas/kpi';
import { KPI_BUCKETS } from '../../../../common/domain/kpi/aggregate';
import type { KpiBucket } from '../../../../common/domain/kpi/aggregate';
import type { RulePreset } from '../../../../common/domain/spc/runRules';
import { CHART_KINDS, CHART_LABELS, CHART_SHORT_LABELS } from '../../../../common/domain/spc/types';
import type { ChartKind } from '../../../../common/domain/spc/types';
import { Field } from '../../components/fields';
import { isAttributeChart, isNumericColumn, withGrouping } from './columnChartForm';
import type { ColumnChartForm } from './columnChartForm';

const GROUPINGS: readonly [ColumnChartForm['grouping'], string][] = [
  ['none', 'None: one point per row'],
  ['size', 'Consecutive rows, fixed size'],
  ['column', 'Rows with the same value of a column'],
  ['time', 'Time bucket (UTC)'],
];
const BUCKET_LABELS: Readonly<Record<KpiBucket, string>> = { hour: 'Hour', day: 'Day', week: 'Week (Monday start)' };
const PRESETS: readonly [RulePreset, string][] = [['nelson', 'Nelson (all 8 tests)'], ['we', 'Western Electric (1, 5, 6 and 2 with K = 8)'], ['minitab', 'Minitab default (test 1)']];
const STAGE_MODES: readonly [ColumnChartForm['stageMode'], string][] = [
  ['none', 'No stages: one set of limits'],
  ['dates', 'Split at dates'],
  ['column', 'From a column'],
  ['phase1', 'Phase I baseline, held'],
];
const OPS: readonly RowCondition['op'][] = ['=', '!=', '>', '>=', '<', '<='];

type Props = Readonly<{ dataset: DatasetInfo; form: ColumnChartForm; onChange: (f: ColumnChartForm) => void; onSubmit: (f: ColumnChartForm) => void; busy: boolean }>;

function ColumnSelect({ id, value, columns, onChange, empty }: { id: string; value: string; columns: readonly DatasetInfo['columns'][number][]; onChange: (v: string) => void; empty?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type}{c.unit ? `, ${c.unit}` : ''})</option>)}
    </select>
  );
}

/** The chart request: column, chart type, subgrouping, stages, tests and one optional filter. */
export function ColumnChartFields({ dataset, form: f, onChange, onSubmit, busy }: Props) {
  const [date, setDate] = useState('');
  const [name, setName] = useState('After');
  const cols = dataset.columns;
  const numeric = cols.filter(isNumericColumn);
  const times = cols.filter((c) => c.type === 'timestamp');
  const set = (patch: Partial<ColumnChartForm>) => onChange({ ...f, ...patch });
  const withPending = (): ColumnChartForm => ({ ...f, stages: [...f.stages.filter((s) => s.date !== date), { date, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date)) });
  const addStage = () => {
    onChange(withPending());
    setDate('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A typed stage date not yet added is what the user means to chart with.
    if (f.stageMode === 'dates' && date && name.trim()) {
      const next = withPending();
      onChange(next);
      setDate('');
      onSubmit(next);
    } else onSubmit(f);
  };
  return (
    <form className="card colchart-form" onSubmit={submit} aria-labelledby="colchart-form-title">
      <h3 id="colchart-form-title">Chart a column</h3>
      <p className="hint">One column of this dataset on a control chart, with limits, stages and the tests for special causes. Nothing is saved; the chart is listed under Versions &amp; lineage.</p>
      <div className="colchart-grid">
        <Field label="Column">{(id) => <ColumnSelect id={id} value={f.value} columns={numeric} onChange={(v) => set({ value: v })} />}</Field>
        <Field label="Chart type">{(id) => (
          <select id={id} value={f.chart} onChange={(e) => set({ chart: e.target.value as ChartKind })}>
            {CHART_KINDS.map((c) => <option key={c} value={c} title={CHART_LABELS[c]}>{CHART_SHORT_LABELS[c]}</option>)}
          </select>
        )}</Field>
        <Field label="Subgroups">{(id) => (
          <select id={id} value={f.grouping} onChange={(e) => onChange(withGrouping(f, e.target.value as ColumnChartForm['grouping']))}>
            {GROUPINGS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        )}</Field>
        {f.grouping === 'size' && (
          <Field label="Rows per subgroup">{(id) => <input id={id} type="number" min={1} step={1} value={f.subgroupSize} onChange={(e) => set({ subgroupSize: Math.max(1, Math.round(Number(e.target.value) || 1)) })} />}</Field>
        )}
        {f.grouping === 'column' && (
          <Field label="Group by column">{(id) => <ColumnSelect id={id} value={f.groupColumn} columns={cols.filter((c) => c.name !== f.value)} onChange={(v) => set({ groupColumn: v })} />}</Field>
        )}
        {f.grouping === 'time' && (
          <>
            <Field label="Timestamp column">{(id) => <ColumnSelect id={id} value={f.timeColumn} columns={times} onChange={(v) => set({ timeColumn: v })} />}</Field>
            <Field label="Bucket">{(id) => (
              <select id={id} value={f.bucket} onChange={(e) => set({ bucket: e.target.value as KpiBucket })}>
                {KPI_BUCKETS.map((b) => <option key={b} value={b}>{BUCKET_LABELS[b]}</option>)}
              </select>
            )}</Field>
          </>
        )}
        {isAttributeChart(f.chart) && (
          <Field label="Size column" hint="Items inspected (P, NP) or units (U) per row">{(id) => <ColumnSelect id={id} value={f.sizeColumn} columns={numeric.filter((c) => c.name !== f.value)} onChange={(v) => set({ sizeColumn: v })} empty={f.chart === 'c' ? 'None (C chart)' : 'Choose…'} />}</Field>
        )}
        {f.chart === 'cusum' ? (
          <>
            <Field label="k (allowance, σ)">{(id) => <input id={id} type="number" min={0} max={5} step={0.25} value={f.cusumK} onChange={(e) => e.target.value !== '' && Number(e.target.value) >= 0 && set({ cusumK: Number(e.target.value) })} />}</Field>
            <Field label="h (decision interval, σ)">{(id) => <input id={id} type="number" min={0.5} max={20} step={0.5} value={f.cusumH} onChange={(e) => Number(e.target.value) > 0 && set({ cusumH: Number(e.target.value) })} />}</Field>
          </>
        ) : (
          <>
            <Field label="Tests for special causes">{(id) => (
              <select id={id} value={f.preset} onChange={(e) => set({ preset: e.target.value as RulePreset })}>
                {PRESETS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
              </select>
            )}</Field>
            <Field label="Limits at ± K σ">{(id) => <input id={id} type="number" min={1} max={6} step={0.5} value={f.nsigmas} onChange={(e) => Number(e.target.value) > 0 && set({ nsigmas: Number(e.target.value) })} />}</Field>
          </>
        )}
      </div>
      <fieldset className="colchart-set">
        <legend>Stages</legend>
        <div className="colchart-grid">
          <Field label="Limits per stage">{(id) => (
            <select id={id} value={f.stageMode} onChange={(e) => set({ stageMode: e.target.value as ColumnChartForm['stageMode'] })}>
              {STAGE_MODES.map(([v, l]) => <option key={v} value={v} disabled={v === 'dates' && times.length === 0}>{l}</option>)}
            </select>
          )}</Field>
          {f.stageMode === 'phase1' && (
            <>
              <Field label="Limits from point" hint="The baseline: points known to be in control">{(id) => <input id={id} type="number" min={1} step={1} value={f.limitsFrom.from} onChange={(e) => set({ limitsFrom: { ...f.limitsFrom, from: Math.max(1, Math.round(Number(e.target.value)) || 1) } })} />}</Field>
              <Field label="to point" hint="Later points are judged against these limits (Phase II)">{(id) => <input id={id} type="number" min={1} step={1} value={f.limitsFrom.to} onChange={(e) => set({ limitsFrom: { ...f.limitsFrom, to: Math.max(1, Math.round(Number(e.target.value)) || 1) } })} />}</Field>
            </>
          )}
          {f.stageMode === 'column' && (
            <Field label="Stage column" hint="Each subgroup takes the stage of its first row">{(id) => <ColumnSelect id={id} value={f.stageColumn} columns={cols.filter((c) => c.name !== f.value)} onChange={(v) => set({ stageColumn: v })} />}</Field>
          )}
          {f.stageMode === 'dates' && (
            <>
              <Field label="Stage starts">{(id) => <input id={id} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}</Field>
              <Field label="Stage name">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
              <div className="colchart-add"><button type="button" className="btn" disabled={!date || !name.trim()} onClick={addStage}>Add stage</button></div>
            </>
          )}
        </div>
        {f.stageMode === 'dates' && (
          f.stages.length === 0 ? <p className="hint">Split where the process was deliberately changed (the countermeasure date), not where the chart looks different.</p> : (
            <ul className="colchart-stages" aria-label="Stage split dates">
              <li>{f.firstStage} (from the first point)</li>
              {f.stages.map((s) => (
                <li key={s.date}>
                  {s.name} from {s.date}{' '}
                  <button type="button" className="btn btn-small" aria-label={`Remove stage ${s.name}`} onClick={() => set({ stages: f.stages.filter((x) => x.date !== s.date) })}>Remove</button>
                </li>
              ))}
            </ul>
          )
        )}
      </fieldset>
      <fieldset className="colchart-set">
        <legend>Only rows where (optional)</legend>
        <div className="colchart-grid">
          <Field label="Filter column">{(id) => <ColumnSelect id={id} value={f.filter.column} columns={cols} onChange={(v) => set({ filter: { ...f.filter, column: v } })} empty="All rows" />}</Field>
          {f.filter.column && (
            <>
              <Field label="Condition">{(id) => (
                <select id={id} value={f.filter.op} onChange={(e) => set({ filter: { ...f.filter, op: e.target.value as RowCondition['op'] } })}>
                  {OPS.map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              )}</Field>
              <Field label="Value">{(id) => <input id={id} value={String(f.filter.value)} onChange={(e) => set({ filter: { ...f.filter, value: e.target.value } })} />}</Field>
            </>
          )}
        </div>
      </fieldset>
      <div className="colchart-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !f.value}>{busy ? 'Drawing…' : 'Draw chart'}</button>
      </div>
    </form>
  );
}
