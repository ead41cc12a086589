import { useEffect, useMemo, useState } from 'react';
import type { Output } from '../../../../common/contract/api';
import type { LifecycleKind, LifecycleSpecInput, LifecycleStored } from '../../../../common/contract/schemas/lifecycle';
import { headline, summarizeLifecycle } from '../../../../common/domain/lifecycle/run';
import type { LifecycleResult, LifecycleSpec } from '../../../../common/domain/lifecycle/run';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { fmt } from '../../format';
import { routeHref } from '../../router';
import type { SectionProps } from '../sectionProps';
import { KINDS, initialValues, specOf } from './kinds';
import type { Field, KindDef } from './kinds';
import { LifecycleActions } from './LifecycleActions';
import { LifecycleChart } from './LifecycleChart';
import './lifecycle.css';

type Shown = Readonly<{ spec: LifecycleSpecInput; result: unknown; title: string; resultId: string | null; datasetId: string; secondDatasetId: string | null }>;

/** The rows of a result worth a table (nested curves and heatmaps are left to the chart). */
function tableRows(kind: LifecycleKind, r: unknown): Record<string, unknown>[] {
  const x = r as Record<string, unknown>;
  const pick: Partial<Record<LifecycleKind, string>> = { 'early-stopping': 'runs', search: 'strategies', trace: 'operators', quantization: 'variants', gpu: 'teams', 'load-types': 'types', 'cold-start': 'groups', anonymisation: 'columns', 'batch-schedule': 'offPeakWindows' };
  if (kind === 'threshold') return [x.confusion as Record<string, unknown>];
  const rows = (x[pick[kind]!] as Record<string, unknown>[] | undefined) ?? [];
  return rows.slice(0, 12).map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v === null || typeof v !== 'object')));
}

const cell = (v: unknown) => (typeof v === 'number' ? fmt().sig(v) : v === null || v === undefined ? '—' : String(v));

function ResultTable({ kind, result }: { kind: LifecycleKind; result: unknown }) {
  const rows = tableRows(kind, result);
  if (rows.length === 0) return null;
  const cols = Object.keys(rows[0]!);
  return (
    <div className="lc-table-wrap" tabIndex={0} role="region" aria-label="Result table">
      <table className="lc-table" data-testid="lifecycle-table">
        <thead><tr>{cols.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{cols.map((c) => <td key={c}>{cell(r[c])}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

function FieldInput({ f, value, columns, onChange }: { f: Field; value: string; columns: readonly string[]; onChange: (v: string) => void }) {
  const id = `lc-${f.key}`;
  const control =
    f.type === 'column' ? (
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {f.optional && <option value="">(none)</option>}
        {columns.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    ) : f.type === 'mode' ? (
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="min">lower (a loss)</option>
        <option value="max">higher (AUC, accuracy)</option>
      </select>
    ) : (
      <input id={id} value={value} inputMode={f.type === 'number' ? 'decimal' : undefined} list={f.type === 'columnOrNumber' || f.type === 'columns' ? 'lc-columns' : undefined} onChange={(e) => onChange(e.target.value)} />
    );
  return (
    <label className="lc-field" htmlFor={id}>
      <span>{f.label}</span>
      {control}
    </label>
  );
}

function KindPanel({ eventId, def, saved }: { eventId: string; def: KindDef; saved: LifecycleStored | undefined }) {
  const list = useCall('dataset-list', { eventId }, ['datasets']);
  const datasets = useMemo(() => list.data ?? [], [list.data]);
  const params = saved?.params as { spec?: Record<string, unknown>; datasetId?: string; secondDatasetId?: string | null } | undefined;
  const [datasetId, setDatasetId] = useState<string>('');
  const [secondId, setSecondId] = useState<string>('');
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ds = datasets.find((d) => d.id === datasetId);
  const ds2 = datasets.find((d) => d.id === secondId);

  useEffect(() => {
    if (datasets.length === 0 || values) return;
    const first = datasets.find((d) => d.id === params?.datasetId) ?? datasets.find((d) => def.guess.test(d.name)) ?? datasets[0]!;
    const second = def.second ? (datasets.find((d) => d.id === params?.secondDatasetId) ?? datasets.find((d) => d.id !== first.id && def.second!.guess.test(d.name)) ?? datasets[0]!) : undefined;
    setDatasetId(first.id);
    setSecondId(second?.id ?? '');
    setValues(initialValues(def, first.columns.map((c) => c.name), params?.spec, second?.columns.map((c) => c.name) ?? []));
    if (saved && params?.spec) setShown({ spec: params.spec as LifecycleSpecInput, result: saved.result, title: saved.title, resultId: saved.id, datasetId: first.id, secondDatasetId: second?.id ?? null });
  }, [datasets, values, def, params, saved]);

  if (list.loading && !list.data) return <p>Loading…</p>;
  if (datasets.length === 0)
    return <EmptyState title="No logs to analyse yet">Import a log on the Data page (for this tab: {def.intro.toLowerCase()}). The demo event has a sample log for each tab.</EmptyState>;
  if (!values) return null;

  const run = async (save: boolean): Promise<Output<'lifecycle-run'> | null> => {
    setBusy(true);
    setError(null);
    try {
      const spec = specOf(def, values) as LifecycleSpecInput;
      const out = await call('lifecycle-run', { eventId, datasetId, secondDatasetId: def.second ? secondId : undefined, spec, save });
      setShown({ spec, result: out.result, title: out.title, resultId: out.resultId, datasetId, secondDatasetId: def.second ? secondId : null });
      return out;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const head = shown ? headline(shown.spec as LifecycleSpec, shown.result as LifecycleResult) : null;
  const lines = shown ? summarizeLifecycle(shown.spec as LifecycleSpec, shown.result as LifecycleResult) : [];
  const cols = ds?.columns.map((c) => c.name) ?? [];
  return (
    <section className="lc-panel" aria-label={def.label}>
      <p className="lc-intro">{def.intro}</p>
      <form className="lc-form" onSubmit={(e) => { e.preventDefault(); void run(false); }}>
        <datalist id="lc-columns">{cols.map((c) => <option key={c} value={c} />)}</datalist>
        <label className="lc-field" htmlFor="lc-dataset">
          <span>Log</span>
          <select id="lc-dataset" value={datasetId} onChange={(e) => { setDatasetId(e.target.value); const d = datasets.find((x) => x.id === e.target.value); if (d) setValues(initialValues(def, d.columns.map((c) => c.name), undefined, ds2?.columns.map((c) => c.name) ?? [])); }}>
            {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} (v{d.version}, {fmt().count(d.rowCount)} rows)</option>)}
          </select>
        </label>
        {def.fields.map((f) => <FieldInput key={f.key} f={f} value={values[f.key] ?? ''} columns={cols} onChange={(v) => setValues({ ...values, [f.key]: v })} />)}
        {def.second && (
          <label className="lc-field" htmlFor="lc-second">
            <span>{def.second.label}</span>
            <select id="lc-second" value={secondId} onChange={(e) => setSecondId(e.target.value)}>
              {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} (v{d.version})</option>)}
            </select>
          </label>
        )}
        {def.second?.fields.map((f) => <FieldInput key={f.key} f={f} value={values[f.key] ?? ''} columns={ds2?.columns.map((c) => c.name) ?? []} onChange={(v) => setValues({ ...values, [f.key]: v })} />)}
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Running…' : 'Run'}</button>
      </form>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {shown && head && (
        <div className="lc-result" data-testid="lifecycle-result">
          <h3>{shown.title}</h3>
          <p className="lc-headline"><strong>{head.value === null ? '—' : head.unit === 'share' ? fmt().percent(head.value, 1) : `${fmt().sig(head.value)} ${head.unit}`}</strong> {head.label}</p>
          <ul className="lc-summary">{lines.slice(0, 6).map((l, i) => <li key={i}>{l}</li>)}</ul>
          <LifecycleChart kind={def.id} result={shown.result} />
          <ResultTable kind={def.id} result={shown.result} />
          <LifecycleActions eventId={eventId} kind={def.id} resultId={shown.resultId} head={head} summary={lines} result={shown.result} save={async () => (await run(true))?.resultId ?? null} />
        </div>
      )}
    </section>
  );
}

/** The "Lifecycle" section: a tab per lifecycle analysis over the event's logs (issue 22). */
export function LifecyclePage({ event, sub }: SectionProps) {
  const def = KINDS.find((k) => k.id === sub) ?? KINDS.find((k) => k.id === 'early-stopping')!;
  const saved = useCall('lifecycle-result-list', { eventId: event.id }, ['lifecycle']);
  const latest = saved.data?.find((r) => r.kind === def.id);
  return (
    <div className="lifecycle-page">
      <nav className="lc-tabs" aria-label="Lifecycle analyses">
        {KINDS.map((k) => (
          <a key={k.id} className={`btn btn-small ${k.id === def.id ? 'btn-primary' : ''}`} aria-current={k.id === def.id ? 'page' : undefined} href={routeHref({ page: 'event', eventId: event.id, section: 'lifecycle', sub: k.id })}>
            {k.label}
          </a>
        ))}
      </nav>
      {saved.error && <p className="error-banner" role="alert">{saved.error}</p>}
      {saved.data && <KindPanel key={`${def.id}:${latest?.id ?? ''}`} eventId={event.id} def={def} saved={latest} />}
    </div>
  );
}
