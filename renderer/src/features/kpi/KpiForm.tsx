import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Input } from '../../../../common/contract/api';
import { KPI_BUCKETS, KPI_STATISTICS } from '../../../../common/domain/kpi/aggregate';
import type { KpiBucket, KpiStatistic } from '../../../../common/domain/kpi/aggregate';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { Field } from '../../components/fields';

const STAT_LABELS: Record<KpiStatistic, string> = { mean: 'Mean', median: 'Median', p90: '90th percentile', p95: '95th percentile', p99: '99th percentile', min: 'Minimum', max: 'Maximum', count: 'Row count', sum: 'Sum', rate: 'Rate of a condition' };

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** New KPI: from a template or blank; source is a dataset aggregation or manual entries. */
export function KpiForm({ eventId, onDone }: { eventId: string; onDone: (id: string | null) => void }) {
  const templates = useCall('kpi-templates', {}, []);
  const datasets = useCall('dataset-list', { eventId }, ['datasets']);
  const toast = useAppStore((s) => s.toast);
  const ops = useChange(['kpis']);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [direction, setDirection] = useState<'lower' | 'higher'>('lower');
  const [kind, setKind] = useState<'dataset' | 'manual'>('dataset');
  const [datasetId, setDatasetId] = useState('');
  const [column, setColumn] = useState('');
  const [statistic, setStatistic] = useState<KpiStatistic>('p95');
  const [bucket, setBucket] = useState<KpiBucket>('day');
  const [filterCol, setFilterCol] = useState('');
  const [filterVal, setFilterVal] = useState('');
  const [condVal, setCondVal] = useState('');
  const [target, setTarget] = useState('');
  const [threshold, setThreshold] = useState('');
  const [lsl, setLsl] = useState('');
  const [usl, setUsl] = useState('');
  const [baselineFrom, setBaselineFrom] = useState('');
  const [baselineTo, setBaselineTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ds = datasets.data?.find((d) => d.id === datasetId) ?? datasets.data?.[0];
  const columns = ds?.columns ?? [];
  const numeric = columns.filter((c) => c.type === 'integer' || c.type === 'real');
  const applyTemplate = (id: string) => {
    const t = templates.data?.find((x) => x.id === id);
    if (!t) return;
    setName(t.name);
    setUnit(t.unit === 'share' ? '' : t.unit);
    setDirection(t.direction);
    if (t.statistic) setStatistic(t.statistic);
    const byRole = t.role ? columns.find((c) => c.role === t.role) : undefined;
    if (byRole) setColumn(byRole.name);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const col = column || (statistic === 'rate' ? columns[0]?.name : numeric[0]?.name) || '';
    const source: Input<'kpi-create'>['source'] =
      kind === 'manual' || !ds
        ? { kind: 'manual' }
        : {
            kind: 'dataset',
            datasetId: ds.id,
            column: col,
            statistic,
            bucket,
            filters: filterCol && filterVal ? [{ column: filterCol, op: '=', value: filterVal }] : [],
            ...(statistic === 'rate' ? { condition: { column: col, op: '=' as const, value: condVal } } : {}),
          };
    try {
      // The form shows a failure itself (quiet: no toast).
      const k = await ops.save(() => call('kpi-create', { eventId, name, unit, direction, source, target: num(target), alertThreshold: num(threshold), lsl: num(lsl), usl: num(usl), baselineFrom: baselineFrom || null, baselineTo: baselineTo || null }), { quiet: true });
      toast({ kind: 'info', message: `Created KPI “${k.name}”.` });
      onDone(k.id);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form className="card kpi-form" onSubmit={(e) => void submit(e)} aria-labelledby="kpi-form-title">
      <h2 id="kpi-form-title">New KPI</h2>
      <div className="kpi-form-grid">
        <Field label="Start from a template">{(id) => (<select id={id} defaultValue="" onChange={(e) => applyTemplate(e.target.value)}>
            <option value="">(blank)</option>
            {templates.data?.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>)}</Field>
        <Field label="Name">{(id) => (<input id={id} value={name} onChange={(e) => setName(e.target.value)} required />)}</Field>
        <Field label="Unit">{(id) => (<input id={id} value={unit} onChange={(e) => setUnit(e.target.value)} placeholder="ms, h, runs/week" />)}</Field>
        <Field label="Better when">{(id) => (<select id={id} value={direction} onChange={(e) => setDirection(e.target.value as 'lower' | 'higher')}>
            <option value="lower">Lower</option>
            <option value="higher">Higher</option>
          </select>)}</Field>
        <Field label="Source">{(id) => (<select id={id} value={kind} onChange={(e) => setKind(e.target.value as 'dataset' | 'manual')}>
            <option value="dataset" disabled={!datasets.data?.length}>Computed from a dataset</option>
            <option value="manual">Manual entries</option>
          </select>)}</Field>
        {kind === 'dataset' && ds && (
          <>
            <Field label="Dataset">{(id) => (<select id={id} value={ds.id} onChange={(e) => setDatasetId(e.target.value)}>
                {datasets.data?.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>)}</Field>
            <Field label="Statistic">{(id) => (<select id={id} value={statistic} onChange={(e) => setStatistic(e.target.value as KpiStatistic)}>
                {KPI_STATISTICS.map((s) => <option key={s} value={s}>{STAT_LABELS[s]}</option>)}
              </select>)}</Field>
            <Field label={statistic === 'rate' ? 'Condition column' : 'Column'}>{(id) => (<select id={id} value={column} onChange={(e) => setColumn(e.target.value)}>
                <option value="">(choose)</option>
                {(statistic === 'rate' ? columns : numeric).map((c) => <option key={c.name} value={c.name}>{c.name}{c.unit ? ` (${c.unit})` : ''}</option>)}
              </select>)}</Field>
            {statistic === 'rate' && <Field label="… equals">{(id) => (<input id={id} value={condVal} onChange={(e) => setCondVal(e.target.value)} placeholder="failed" />)}</Field>}
            <Field label="Per">{(id) => (<select id={id} value={bucket} onChange={(e) => setBucket(e.target.value as KpiBucket)}>
                {KPI_BUCKETS.map((b) => <option key={b} value={b}>{b}</option>)}
              </select>)}</Field>
            <Field label="Only rows where (optional)">{(id) => (<select id={id} value={filterCol} onChange={(e) => setFilterCol(e.target.value)}>
                <option value="">(all rows)</option>
                {columns.filter((c) => c.type === 'category' || c.type === 'text').map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
              </select>)}</Field>
            {filterCol && <Field label={`${filterCol} equals`}>{(id) => (<input id={id} value={filterVal} onChange={(e) => setFilterVal(e.target.value)} />)}</Field>}
          </>
        )}
        <Field label="Target">{(id) => (<input id={id} inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />)}</Field>
        <Field label="Alert threshold">{(id) => (<input id={id} inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />)}</Field>
        <Field label="LSL (optional)" hint="Lower spec limit, for capability">{(id) => (<input id={id} inputMode="decimal" value={lsl} onChange={(e) => setLsl(e.target.value)} />)}</Field>
        <Field label="USL (optional)" hint="Upper spec limit, for capability">{(id) => (<input id={id} inputMode="decimal" value={usl} onChange={(e) => setUsl(e.target.value)} />)}</Field>
        <Field label="Baseline from">{(id) => (<input id={id} type="date" value={baselineFrom} onChange={(e) => setBaselineFrom(e.target.value)} />)}</Field>
        <Field label="Baseline to">{(id) => (<input id={id} type="date" value={baselineTo} onChange={(e) => setBaselineTo(e.target.value)} />)}</Field>
      </div>
      {kind === 'dataset' && statistic === 'rate' && <p className="hint">Rates are entered and shown as shares of rows; targets and thresholds are fractions (0.02 = 2 %).</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="kpi-form-actions">
        <button type="submit" className="btn btn-primary">Create KPI</button>
        <button type="button" className="btn" onClick={() => onDone(null)}>Cancel</button>
      </div>
    </form>
  );
}
