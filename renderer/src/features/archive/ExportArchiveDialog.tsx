import { useEffect, useRef, useState } from 'react';
import type { ArchiveRedaction } from '../../../../common/contract/schemas/archive';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { fileStem } from '../../../../common/domain/text/fileStem';
import { errorMessage } from '../../api/client';
import { useAppStore } from '../../store';
import { formatBytes } from '../report/download';
import { exportArchiveFile } from './archiveTransfer';
import { ArchiveProgressBar, useArchiveJob } from './useArchiveJob';

const REDACTIONS: readonly { id: ArchiveRedaction; label: string; help: string }[] = [
  { id: 'rows', label: 'Leave out raw dataset rows', help: 'Profiles, KPI series and stored results stay.' },
  { id: 'names', label: 'Replace people’s names with their roles', help: 'e.g. “Facilitator”, “Data engineer 2”.' },
  { id: 'free-text', label: 'Leave out notes', help: 'Free-text notes and comments are emptied.' },
];

/** Export event…: one .kaizen file, optionally redacted and encrypted, with progress and Cancel. */
export function ExportArchiveDialog({ event, onClose }: { event: KaizenEvent; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [redact, setRedact] = useState<ArchiveRedaction[]>([]);
  const [encrypt, setEncrypt] = useState(false);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const { progress, run, cancel } = useArchiveJob();
  const toast = useAppStore((s) => s.toast);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const passError = !encrypt ? null : pass.length < 8 ? 'At least 8 characters.' : pass !== again ? 'The two passphrases differ.' : null;

  const submit = async () => {
    if (passError) return;
    try {
      const r = await run('Exporting the event', (jobId) => exportArchiveFile({ eventId: event.id, fileStem: fileStem(event.name, 'event'), redact, passphrase: encrypt ? pass : undefined, jobId }));
      if (!r) return;
      toast({ kind: 'success', message: `Exported ${r.name} (${formatBytes(r.bytes)}).` });
      onClose();
    } catch (e) {
      const msg = errorMessage(e);
      toast({ kind: msg.includes('cancelled') ? 'info' : 'error', message: msg });
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="archive-export-title" onCancel={(e) => { e.preventDefault(); if (!progress) onClose(); }}>
      <h2 id="archive-export-title">Export event</h2>
      <p>One <code>.kaizen</code> file holding “{event.name}”: every part of it, its datasets and its change log, to open on another computer.</p>
      <fieldset className="field">
        <legend>Redact</legend>
        {REDACTIONS.map((r) => (
          <label key={r.id} className="checkbox">
            <input type="checkbox" checked={redact.includes(r.id)} onChange={(e) => setRedact((cur) => (e.target.checked ? [...cur, r.id] : cur.filter((x) => x !== r.id)))} />
            {' '}{r.label} <span className="muted">{r.help}</span>
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} /> Encrypt with a passphrase
      </label>
      {encrypt && (
        <div className="field-row">
          <div className={`field${passError && pass ? ' field-invalid' : ''}`}>
            <label htmlFor="archive-pass">Passphrase</label>
            <input id="archive-pass" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="archive-pass-again">Passphrase again</label>
            <input id="archive-pass-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          </div>
        </div>
      )}
      {encrypt && passError && pass && <p className="field-error">{passError}</p>}
      {encrypt && <p className="muted">Nobody can open the file without the passphrase, and it cannot be recovered: keep it somewhere safe.</p>}
      <ArchiveProgressBar progress={progress} onCancel={cancel} />
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={progress !== null}>Close</button>
        <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={progress !== null || passError !== null}>Export</button>
      </div>
    </dialog>
  );
}
