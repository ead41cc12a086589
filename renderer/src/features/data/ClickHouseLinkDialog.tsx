import { useState } from 'react';
import { call, errorMessage, transportKind } from '../../api/client';
import { AppError } from '../../../../common/contract/errors';
import { useModalDialog } from '../../components/useModalDialog';

/**
 * "Link a ClickHouse table…": the rows stay on the server; the app stores the link (clickhouse://user@host:port/db/table),
 * the columns and the fingerprint. In the desktop app a password typed here is checked against the server and kept in
 * the OS keychain (clickhouse-password-set), never in the event's store; in browser mode it is read from
 * KAIZEN_CLICKHOUSE_PASSWORD where `kaizen serve` runs, so the field is not offered.
 */
export function ClickHouseLinkDialog({ eventId, onClose }: { eventId: string; onClose: (datasetId: string | null) => void }) {
  const ref = useModalDialog(true);
  const desktop = transportKind() === 'ipc';
  const [url, setUrl] = useState('clickhouse://');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (desktop && password) {
        await call('clickhouse-password-set', { url: url.trim(), password });
        setPassword('');
      }
      const linked = await call('clickhouse-link', { eventId, url: url.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
      onClose(linked.datasetId);
    } catch (e) {
      const reason = e instanceof AppError ? (e.details as { reason?: string } | undefined)?.reason : undefined;
      if (reason === 'auth' || reason === 'password-needed') setNeedsPassword(true);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="ch-link-title" onCancel={(e) => { e.preventDefault(); onClose(null); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2 id="ch-link-title">Link a ClickHouse table</h2>
        <p className="muted">The rows stay on the server: every chart and KPI is one aggregation run there. Only the link, the columns and the results are kept here.</p>
        <div className="field">
          <label htmlFor="ch-url">Table link</label>
          <input id="ch-url" type="text" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="clickhouse://user@host:8123/database/table" spellCheck={false} autoFocus />
          <small className="hint">The server's HTTP port (8123; clickhouse+https:// and 8443 for TLS). Never put a password in the link.</small>
        </div>
        <div className="field">
          <label htmlFor="ch-name">Dataset name (optional)</label>
          <input id="ch-name" type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </div>
        {desktop ? (
          <div className="field">
            <label htmlFor="ch-password">Password{needsPassword ? ' (needed)' : ' (if the server asks for one)'}</label>
            <input id="ch-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" aria-describedby="ch-pw-note" />
            <small id="ch-pw-note" className="hint">Checked with the server, then kept in this computer's keychain — never in the event's data or an archive.</small>
          </div>
        ) : (
          <p className="hint" id="ch-pw-note">
            The password is read from <code>KAIZEN_CLICKHOUSE_PASSWORD</code> where <code>kaizen serve</code> runs; it is never typed into the browser or stored.
          </p>
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
          <button type="submit" className="btn btn-primary" disabled={busy || !/^clickhouse(\+https)?:\/\/./.test(url.trim())}>
            {busy ? 'Linking…' : 'Link table'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
