import { useEffect, useMemo, useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import type { DatasetInfo, VersionInfo } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { HistogramOverlay } from './charts';
import { ConfidencePanel } from './ConfidencePanel';
import { DriftSeriesPanel } from './DriftSeriesPanel';
import { explainDrift } from '../../../../common/domain/drift/explain';
import { DatasetDriftVerdict, DriftTable } from './DriftTable';
import { num, pct } from './format';
import { driftKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import { useDistinct } from './useDataset';
import type { Columns } from './useDataset';
import { fmt } from '../../format';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns }>;
type Binning = 'quantile' | 'evidently' | 'equal-width';
/** How the two windows are chosen: date ranges on the timestamp, values of a column, or whole dataset versions. */
type Mode = 'dates' | 'value' | 'version';
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** One dataset version as an option label: number, file, rows and import date. */
function versionLabel(v: VersionInfo): string {
  return `v${v.version} — ${v.fileName}, ${fmt().count(v.rowCount)} rows (${v.importedAt.slice(0, 10)})`;
}

/** Drift between a reference and a current window: PSI table sorted by PSI, bins, overlaid histograms, KS. */
export function DriftPage({ eventId, ds, columns }: Props) {
  const ts = columns.timestamp;
  const profile = useCall('dataset-profile', ts ? { datasetId: ds.id } : null, ['datasets']);
  const span = profile.data?.columns.find((c) => c.name === ts);
  const candidates = useMemo(() => [...columns.numeric, ...columns.categorical].filter((c) => c !== ts), [columns, ts]);
  const [features, setFeatures] = useState<string[]>(() => candidates.slice(0, 12));
  const [dates, setDates] = useState<{ rf: string; rt: string; cf: string; ct: string } | null>(null);
  const [mode, setMode] = useState<Mode>('dates');
  const versions = useCall('dataset-versions', { datasetId: ds.id }, ['datasets']);
  const versionList = versions.data ?? [];
  const [refVersion, setRefVersion] = useState<number | null>(null);
  const [curVersion, setCurVersion] = useState<number | null>(null);
  // Defaults: the previous version as reference, the latest as current (a pick from another dataset is ignored).
  const known = (v: number | null) => (versionList.some((x) => x.version === v) ? v : null);
  const rver = known(refVersion) ?? versionList.at(-2)?.version ?? versionList.at(-1)?.version ?? null;
  const cver = known(curVersion) ?? versionList.at(-1)?.version ?? null;
  const [byColumn, setByColumn] = useState(columns.role('model-version') ?? columns.categorical[0] ?? '');
  const distinct = useDistinct(ds.id, byColumn ? [byColumn] : [], columns.all);
  const [refValue, setRefValue] = useState('');
  const [curValue, setCurValue] = useState('');
  const [binning, setBinning] = useState<Binning>('quantile');
  /** Which columns: the chosen features, or every column of the dataset (Evidently-style table and dataset verdict). */
  const [scope, setScope] = useState<'chosen' | 'all'>('chosen');
  const [threshold, setThreshold] = useState(0.2);
  const [result, setResult] = useState<{ input: Input<'analysis-drift'>; output: Output<'analysis-drift'> } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useAnalysisJob();
  useEffect(() => {
    if (dates || !span || span.min === null || span.max === null) return;
    const third = Math.max(DAY, Math.floor((span.max - span.min) / 3 / DAY) * DAY);
    setDates({ rf: day(span.min), rt: day(span.min + third - DAY), cf: day(span.min + third), ct: day(span.min + 2 * third - DAY) });
  }, [span, dates]);
  if (!ts) return <p className="warning">Drift windows need a timestamp column; mark one with the “Timestamp” role on the Data page.</p>;
  const run = async () => {
    if (!dates) return;
    if (scope === 'chosen' && features.length === 0) return setProblem('Choose at least one feature.');
    const values = distinct[byColumn] ?? [];
    const rv = refValue || values[0] || '';
    const cv = curValue || values[1] || '';
    if (mode === 'value' && (!byColumn || !rv || !cv)) return setProblem('Choose the column and the two values to compare.');
    if (mode === 'version' && (rver === null || cver === null)) return setProblem('Choose the reference and current dataset versions.');
    const window = (side: 'ref' | 'cur'): Input<'analysis-drift'>['reference'] => {
      if (mode === 'version') return { kind: 'version', version: (side === 'ref' ? rver : cver)! };
      if (mode === 'value') return { kind: 'value', column: byColumn, value: side === 'ref' ? rv : cv };
      return side === 'ref' ? { kind: 'dates', column: ts, from: dates.rf, to: dates.rt } : { kind: 'dates', column: ts, from: dates.cf, to: dates.ct };
    };
    const input: Input<'analysis-drift'> = {
      eventId,
      datasetId: ds.id,
      reference: window('ref'),
      current: window('cur'),
      ...(scope === 'all' ? { allColumns: true } : { features }),
      binning,
      threshold,
    };
    setBusy(true);
    setProblem(null);
    try {
      const output = await job.run('analysis-drift', input);
      setResult({ input, output });
      setSelected(output.features[0]?.column ?? null);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const sel = result?.output.features.find((f) => f.column === selected);
  const drifted = result?.output.features.filter((f) => f.drift) ?? [];
  return (
    <section aria-labelledby="drift-h">
      <h2 id="drift-h">Drift — {ds.name}</h2>
      {!dates && <p role="status">{profile.error ?? 'Reading the date range of the log…'}</p>}
      {dates && <form className="card analysis-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <div className="field">
          <label htmlFor="drift-mode">Compare</label>
          <select id="drift-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="dates">two date ranges</option>
            <option value="value">two values of a column</option>
            <option value="version">two dataset versions</option>
          </select>
        </div>
        {mode === 'version' && (
          <>
            <div className="field"><label htmlFor="drift-rver">Reference version</label><select id="drift-rver" value={rver ?? ''} onChange={(e) => setRefVersion(Number(e.target.value))}>{versionList.map((v) => <option key={v.id} value={v.version}>{versionLabel(v)}</option>)}</select></div>
            <div className="field"><label htmlFor="drift-cver">Current version</label><select id="drift-cver" value={cver ?? ''} onChange={(e) => setCurVersion(Number(e.target.value))}>{versionList.map((v) => <option key={v.id} value={v.version}>{versionLabel(v)}</option>)}</select></div>
            {versions.error && <p className="warning">{versions.error}</p>}
            {versions.data && versionList.length < 2 && <p className="analysis-help">This dataset has one version; re-import a newer file on the Data page to compare versions.</p>}
          </>
        )}
        {mode === 'value' && (
          <>
            <div className="field"><label htmlFor="drift-by">Column</label><select id="drift-by" value={byColumn} onChange={(e) => { setByColumn(e.target.value); setRefValue(''); setCurValue(''); }}>{columns.categorical.map((c) => <option key={c}>{c}</option>)}</select></div>
            <div className="field"><label htmlFor="drift-rv">Reference value</label><select id="drift-rv" value={refValue || distinct[byColumn]?.[0] || ''} onChange={(e) => setRefValue(e.target.value)}>{(distinct[byColumn] ?? []).map((v) => <option key={v}>{v}</option>)}</select></div>
            <div className="field"><label htmlFor="drift-cv">Current value</label><select id="drift-cv" value={curValue || distinct[byColumn]?.[1] || ''} onChange={(e) => setCurValue(e.target.value)}>{(distinct[byColumn] ?? []).map((v) => <option key={v}>{v}</option>)}</select></div>
          </>
        )}
        {mode === 'dates' && (['rf', 'rt', 'cf', 'ct'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`drift-${k}`}>{{ rf: 'Reference from', rt: 'Reference to', cf: 'Current from', ct: 'Current to' }[k]}</label>
            <input id={`drift-${k}`} type="date" value={dates[k]} onChange={(e) => setDates({ ...dates, [k]: e.target.value })} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="drift-binning">PSI binning</label>
          <select id="drift-binning" value={binning} onChange={(e) => setBinning(e.target.value as Binning)}>
            <option value="quantile">Reference deciles (default)</option>
            <option value="evidently">Evidently (Sturges)</option>
            <option value="equal-width">Equal width, 10 bins</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="drift-threshold">Alert threshold (PSI)</label>
          <input id="drift-threshold" type="number" step={0.01} min={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value) || 0.2)} />
        </div>
        <div className="field">
          <label htmlFor="drift-scope">Columns</label>
          <select id="drift-scope" value={scope} onChange={(e) => setScope(e.target.value as 'chosen' | 'all')}>
            <option value="chosen">chosen features</option>
            <option value="all">all columns of the dataset</option>
          </select>
        </div>
        {scope === 'chosen' && <div className="field wide">
          <label htmlFor="drift-features">Features and prediction score (Ctrl-click for several)</label>
          <select id="drift-features" multiple value={features} onChange={(e) => setFeatures([...e.target.selectedOptions].map((o) => o.value))}>
            {candidates.map((c) => <option key={c}>{c}</option>)}
          </select>
        </div>}
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Comparing…' : 'Compare windows'}</button>
      </form>}
      <AnalysisProgress job={job} label="Comparing windows" />
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {!result && !problem && <p className="analysis-help">Pick a reference period (how things were) and a current period; each feature gets a PSI with its bins and, for numbers, a KS test. Bands: &lt; 0.10 stable, 0.10–0.25 moderate, &gt; 0.25 significant.</p>}
      {result && (
        <div className="card">
          <p className="verdict" role="status">
            {drifted.length ? `${drifted.length} of ${result.output.features.length} features drifted (PSI ≥ ${threshold}): ${drifted.map((f) => f.column).join(', ')}.` : `No feature reached PSI ${threshold}.`}{' '}
            <span className="muted">{fmt().count(result.output.referenceRows)} reference vs {fmt().count(result.output.currentRows)} current rows.</span>
          </p>
          {result.output.datasetDrift && <DatasetDriftVerdict d={result.output.datasetDrift} skipped={result.output.skipped ?? []} />}
          <DriftTable features={result.output.features} selected={selected} onSelect={setSelected} threshold={threshold} />
          {result.output.errors.map((e) => <p key={e.column} className="warning">{e.message}</p>)}
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-drift', { ...result.input, save: true })).resultId}
            kpi={result.output.features[0] && result.input.current.kind === 'dates' ? driftKpi({ datasetId: result.input.datasetId, feature: result.output.features[0].column, timestamp: result.input.current.column, reference: result.input.reference, binning: result.input.binning ?? 'quantile', bins: result.input.bins, categorical: result.output.features[0].binning === 'categorical', threshold }) : undefined}
            actionTitle={drifted.length ? `Investigate drift in ${drifted.map((f) => f.column).slice(0, 3).join(', ')}` : 'Review drift monitoring thresholds'}
            actionDescription={`Drift ${result.input.current.kind === 'dates' ? `${result.input.current.from}–${result.input.current.to}` : result.input.current.kind === 'value' ? `${result.input.current.column} = ${result.input.current.value}` : `dataset version ${result.input.current.version}`} vs reference; ${result.output.features.map((f) => `${f.column} PSI ${fmt().fixed(f.psi, 3)}`).join(', ')}.`}
          />
        </div>
      )}
      {sel && (
        <div className="analysis-grid">
          <div className="card">
            <HistogramOverlay title={`${sel.column}: reference vs current by PSI bin`} bins={sel.bins} />
          </div>
          <div className="card">
            <table className="analysis-table" aria-label={`Bins of ${sel.column}`}>
              <caption className="muted">{sel.bins.length} bins ({sel.binning}); fractions after empty-bin fill{sel.detail.fill.reference || sel.detail.fill.current ? ` (fill ${sel.detail.fill.reference ?? sel.detail.fill.current})` : ''}</caption>
              <thead><tr><th scope="col">bin</th><th scope="col">reference</th><th scope="col">current</th><th scope="col">PSI term</th></tr></thead>
              <tbody>
                {sel.detail.bins.map((b) => <tr key={b.label}><td>{b.label}</td><td>{pct(b.reference)} ({b.referenceCount})</td><td>{pct(b.current)} ({b.currentCount})</td><td>{num(b.contribution, 4)}</td></tr>)}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {sel && result && (
        <p className="analysis-help drift-explain" role="note" aria-label={`Reading of ${sel.column}`}>
          {explainDrift({ psi: sel.psi, band: sel.band, threshold, ksP: sel.ks?.pvalue ?? null, n: sel.detail.referenceCount, m: sel.detail.currentCount }).text}
          {sel.stats && <> {sel.stats.test.why}.</>}
        </p>
      )}
      {sel && result?.input.reference.kind === 'dates' && (
        <DriftSeriesPanel eventId={eventId} ds={ds} feature={sel.column} categorical={sel.binning === 'categorical'} timestamp={ts} reference={result.input.reference} binning={binning} threshold={threshold} />
      )}
      <ConfidencePanel eventId={eventId} ds={ds} columns={columns} />
    </section>
  );
}
