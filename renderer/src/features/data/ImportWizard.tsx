import { useEffect, useRef, useState } from 'react';
import type { ImportResult, ImportSource, Preview, ReadOptions, Rule } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useAppStore } from '../../store';
import { ColumnSettings, specsFromPreview } from './ColumnSettings';
import type { Spec } from './ColumnSettings';
import { formatBytes, formatCount, formatDuration } from './format';
import { RulesEditor } from './RulesEditor';
import { ImportSummary } from './ImportSummary';
import { uploadFile } from './upload';
import { useJobProgress } from './useJobProgress';

/** A file from the page's picker or drop (uploaded), or a native dialog's handle (desktop app; never a path). */
export type PickedFile = Readonly<{ file: File } | { handle: string; name: string }>;

type Phase = 'uploading' | 'preview' | 'checked' | 'importing' | 'done';

const newJobId = () => `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * The import wizard: upload (browser mode) → preview with inferred types the user can override →
 * optional rule check (dry run: counts per reason, first 100) → import with progress and cancel → summary.
 */
export function ImportWizard({ eventId, picked, onClose }: { eventId: string; picked: PickedFile; onClose: (datasetId: string | null) => void }) {
  const bump = useAppStore((s) => s.bumpData);
  const [phase, setPhase] = useState<Phase>('uploading');
  const [sent, setSent] = useState(0);
  const [source, setSource] = useState<ImportSource | null>(null);
  const [options, setOptions] = useState<ReadOptions>({ encoding: 'auto' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [specs, setSpecs] = useState<Spec[]>([]);
  /** Sources of the columns marked personal (flagged on the dataset; the DPA review is raised once). */
  const [personal, setPersonal] = useState<string[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [name, setName] = useState('');
  const [append, setAppend] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useJobProgress(jobId);
  const datasets = useCall('dataset-list', { eventId }, ['datasets']);
  /** The dataset the typed name points at (a follow-up file rarely carries the dataset's name). */
  const target = datasets.data?.find((d) => d.name === name.trim()) ?? null;
  const canAppend = preview?.existingDatasetId != null || target !== null;
  const abort = useRef(new AbortController());
  const size = 'file' in picked ? picked.file.size : null;
  const fileName = 'file' in picked ? picked.file.name : picked.name;

  useEffect(() => {
    const ctrl = abort.current;
    if ('handle' in picked) {
      setSource({ kind: 'handle', handle: picked.handle });
      return;
    }
    uploadFile(picked.file, (s) => setSent(s), ctrl.signal).then(
      (uploadId) => setSource({ kind: 'upload', uploadId }),
      (e: unknown) => setError(errorMessage(e)),
    );
    return () => ctrl.abort();
  }, [picked]);

  useEffect(() => {
    if (!source) return;
    call('dataset-preview', { eventId, source, options }).then(
      (p) => {
        setPreview(p);
        const next = specsFromPreview(p);
        setSpecs(next);
        if (p.existingDatasetId) {
          void call('dpa-personal-list', { datasetId: p.existingDatasetId }).then(
            (flags) => setPersonal(next.filter((s) => flags.some((f) => f.personal && f.column === s.name)).map((s) => s.source)),
            () => undefined,
          );
        }
        setRules((r) => (r.length > 0 ? r : p.savedRules));
        setName((n) => n || fileName.replace(/\.[^.]+$/, ''));
        setError(null);
        setPhase('preview');
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setPhase('preview');
      },
    );
  }, [source, options, eventId, fileName]);

  const run = async (dryRun: boolean) => {
    if (!source || !preview) return;
    const id = newJobId();
    setError(null);
    if (!dryRun) {
      setJobId(id);
      setPhase('importing');
    }
    try {
      const personalNames = specs.filter((s) => personal.includes(s.source) && s.privacy !== 'drop').map((s) => s.name);
      const r = await call('dataset-import', { eventId, source, name: name.trim() || undefined, options, columns: specs, rules, append: append && canAppend, dryRun, jobId: id, personal: personalNames });
      if (dryRun) {
        setCheck(r);
        setPhase('checked');
      } else {
        setResult(r);
        setPhase('done');
        bump('datasets');
      }
    } catch (e) {
      setError(errorMessage(e));
      setPhase('preview');
    } finally {
      setJobId(null);
    }
  };

  const cancelImport = () => {
    if (jobId) void call('job-cancel', { jobId });
  };

  const discard = () => {
    abort.current.abort();
    if (source?.kind === 'upload' && phase !== 'done') void call('dataset-upload-discard', { uploadId: source.uploadId }).catch(() => undefined);
    onClose(result?.datasetId ?? null);
  };

  const ambiguous = specs.some((s, i) => s.type === 'timestamp' && s.dateFormat === null && preview?.columns[i]?.needsDateOrder);
  const setOpt = (patch: Partial<ReadOptions>) => setOptions((o) => ({ ...o, ...patch }));

  return (
    <section className="card wizard" aria-labelledby="wizard-h" data-testid="import-wizard">
      <div className="wizard-head">
        <h2 id="wizard-h">Import {fileName}</h2>
        <button type="button" className="btn" onClick={discard}>
          {phase === 'done' ? 'Close' : 'Cancel'}
        </button>
      </div>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {phase === 'uploading' && size !== null && !error && (
        <div className="progress-block">
          <progress max={size || 1} value={sent} aria-label="Upload progress" />
          <span>
            Reading the file: {formatBytes(sent)} of {formatBytes(size)}
          </span>
        </div>
      )}
      {preview && (phase === 'preview' || phase === 'checked') && (
        <>
          <p className="hint" data-testid="wizard-file-info">
            {preview.format.toUpperCase()} · {formatBytes(preview.size)} · encoding {preview.encoding ?? 'n/a'}
            {preview.delimiter ? ` · delimiter “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''} · numbers like {preview.numberLocale === 'dot' ? '1,234.5' : '1.234,5'}
          </p>
          {preview.notes.map((n) => (
            <p className="warning" key={n}>
              {n}
            </p>
          ))}
          <div className="field-row wizard-options">
            <div className="field">
              <label htmlFor="ds-name">Dataset name</label>
              <input id="ds-name" list="ds-name-existing" value={name} onChange={(e) => setName(e.target.value)} />
              <datalist id="ds-name-existing">
                {datasets.data?.map((d) => (
                  <option key={d.id} value={d.name} />
                ))}
              </datalist>
              {canAppend && <span className="hint">A dataset with this name exists: importing adds a new version.</span>}
            </div>
            <div className="field">
              <label htmlFor="ds-enc">Encoding</label>
              <select id="ds-enc" value={options.encoding} onChange={(e) => setOpt({ encoding: e.target.value as ReadOptions['encoding'] })}>
                <option value="auto">Detect ({preview.encoding ?? '—'})</option>
                <option value="utf-8">UTF-8</option>
                <option value="utf-16le">UTF-16 LE</option>
                <option value="utf-16be">UTF-16 BE</option>
                <option value="latin1">Latin-1</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="ds-num">Number format</label>
              <select id="ds-num" value={options.numberLocale ?? preview.numberLocale} onChange={(e) => setOpt({ numberLocale: e.target.value as 'dot' | 'comma' })}>
                <option value="dot">1,234.5 (decimal point)</option>
                <option value="comma">1.234,5 (decimal comma)</option>
              </select>
            </div>
            {preview.sheets.length > 1 && (
              <div className="field">
                <label htmlFor="ds-sheet">Sheet</label>
                <select id="ds-sheet" value={options.sheet ?? preview.sheet ?? ''} onChange={(e) => setOpt({ sheet: e.target.value })}>
                  {preview.sheets.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </div>
            )}
            {canAppend && (
              <label className="checkbox">
                <input type="checkbox" checked={append} onChange={(e) => setAppend(e.target.checked)} /> Append only new rows
              </label>
            )}
          </div>
          <h3>Preview: first {Math.min(preview.rows.length, 8)} rows</h3>
          <div className="wizard-preview" tabIndex={0} aria-label="Preview of the first rows">
            <table data-testid="wizard-preview">
              <thead>
                <tr>
                  {preview.headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, 8).map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j}>{v ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Columns: inferred types (change any)</h3>
          {/* Not a scroll box of its own: the column table fits the page's width and the page scrolls (issue 19). */}
          <div className="wizard-columns-wrap">
            <ColumnSettings preview={preview} specs={specs} onChange={setSpecs} personal={personal} onPersonal={(src, on) => setPersonal((p) => (on ? [...p, src] : p.filter((x) => x !== src)))} />
          </div>
          <RulesEditor columns={specs.filter((s) => s.privacy !== 'drop').map((s) => s.name)} rules={rules} onChange={setRules} />
          {phase === 'checked' && check && <ImportSummary result={check} />}
          <div className="wizard-actions">
            {rules.length > 0 && phase === 'preview' && (
              <button type="button" className="btn" disabled={ambiguous} onClick={() => void run(true)}>
                Check rules first
              </button>
            )}
            <button type="button" className="btn btn-primary" disabled={ambiguous} onClick={() => void run(false)}>
              {check && check.rejected > 0 ? `Import valid rows (${formatCount(check.rejected)} to quarantine)` : 'Import'}
            </button>
            {ambiguous && <span className="field-error">Choose the day/month order of the highlighted date column first.</span>}
          </div>
        </>
      )}
      {phase === 'importing' && (
        <div className="progress-block" data-testid="import-progress">
          <progress max={100} value={progress?.percent ?? undefined} aria-label="Import progress" />
          <span>
            {progress ? `${formatCount(progress.rows)} rows · ${Math.floor(progress.percent ?? 0)} % · ${progress.etaSeconds === null ? 'estimating time left…' : `about ${formatDuration(progress.etaSeconds)} left`}` : 'Starting…'}
          </span>
          <button type="button" className="btn" onClick={cancelImport}>
            Cancel import
          </button>
        </div>
      )}
      {phase === 'done' && result && (
        <>
          <ImportSummary result={result} />
          <button type="button" className="btn btn-primary" onClick={() => onClose(result.datasetId)}>
            Show the dataset
          </button>
        </>
      )}
    </section>
  );
}
