import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useModalDialog } from '../../components/useModalDialog';

/**
 * "Link a large file…": the rows stay in the file (Parquet, a folder of Parquet, CSV/TSV, JSON Lines) and DuckDB reads
 * them in place. The page never hands main a path: it picks one of the files main offers from the allowed folders
 * (<data folder>/linked-files/ and KAIZEN_LINK_DIRS) by folder number and relative name (source-link-chosen).
 */
export function LinkFileDialog({ eventId, onClose }: { eventId: string; onClose: (datasetId: string | null) => void }) {
  const ref = useModalDialog(true);
  const candidates = useCall('source-link-candidates', {}, ['datasets']);
  const [choice, setChoice] = useState<string>('');
  const [name, setName] = useState('');
  const [convert, setConvert] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const files = candidates.data?.files ?? [];
  const chosen = files.find((f) => `${f.folder}:${f.relative}` === choice) ?? null;

  const submit = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const linked = await call('source-link-chosen', { eventId, folder: chosen.folder, relative: chosen.relative, convertParquet: convert && chosen.format !== 'parquet' && chosen.format !== 'parquet-folder', ...(name.trim() ? { name: name.trim() } : {}) });
      onClose(linked.datasetId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="lf-title" onCancel={(e) => { e.preventDefault(); onClose(null); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2 id="lf-title">Link a large file</h2>
        <p className="muted">The rows stay in the file; KPIs and PSI are computed from it in place. Only the link, the columns and the results are kept here.</p>
        {candidates.error && <p className="error-banner">{candidates.error}</p>}
        <div className="field">
          <label htmlFor="lf-file">File</label>
          <select id="lf-file" value={choice} onChange={(e) => setChoice(e.target.value)} required>
            <option value="">{files.length === 0 ? 'No linkable files in the allowed folders' : 'Choose a file…'}</option>
            {files.map((f) => (
              <option key={`${f.folder}:${f.relative}`} value={`${f.folder}:${f.relative}`}>
                {f.relative} ({f.format})
              </option>
            ))}
          </select>
          <small className="hint">
            Files in {(candidates.data?.folders ?? []).map((f) => f.label).join(', ') || 'the allowed folders'} — put a file there (or start the app with KAIZEN_LINK_DIRS) to offer it.
          </small>
        </div>
        <div className="field">
          <label htmlFor="lf-name">Dataset name (optional)</label>
          <input id="lf-name" type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </div>
        {chosen && chosen.format !== 'parquet' && chosen.format !== 'parquet-folder' && (
          <label className="check">
            <input type="checkbox" checked={convert} onChange={(e) => setConvert(e.target.checked)} /> Convert once to day-partitioned Parquet in the data folder (faster later queries)
          </label>
        )}
        {error && (
          <p className="error-banner" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => onClose(null)} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !chosen}>
            {busy ? 'Linking…' : 'Link file'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
