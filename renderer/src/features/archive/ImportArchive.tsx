import { useEffect, useRef, useState } from 'react';
import type { ImportSource } from '../../../../common/contract/schemas/datasets';
import { AppError } from '../../../../common/contract/errors';
import { call, errorMessage } from '../../api/client';
import { useChange } from '../../api/useChange';
import { navigate } from '../../router';
import { useAppStore } from '../../store';
import { uploadArchive } from './archiveTransfer';
import { ArchiveProgressBar, useArchiveJob } from './useArchiveJob';

type Pending = Readonly<{ source: ImportSource; name: string; passphrase?: string; mode?: 'copy' | 'replace' }>;
type Ask = { kind: 'passphrase'; wrong: boolean } | { kind: 'conflict'; message: string };

/**
 * Home → Import event…, and a .kaizen dropped anywhere on Home. The file reaches main as a dialog handle
 * (desktop) or an upload (browser mode), never as a path. An encrypted archive asks for its passphrase; an event
 * already here asks whether to import a copy or replace it (never merged).
 */
export function ImportArchive() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [ask, setAsk] = useState<Ask | null>(null);
  const [pass, setPass] = useState('');
  const [dragging, setDragging] = useState(false);
  const { progress, run, cancel } = useArchiveJob();
  const toast = useAppStore((s) => s.toast);
  const ops = useChange(['events']);
  const fileInput = useRef<HTMLInputElement>(null);
  const asked = useAppStore((s) => s.archiveDialog === 'import');
  const setArchiveDialog = useAppStore((s) => s.setArchiveDialog);

  const attempt = async (p: Pending) => {
    setAsk(null);
    setPending(p);
    try {
      const r = await run('Importing the event', (jobId) => ops.save(() => call('archive-import', { source: p.source, passphrase: p.passphrase, mode: p.mode, jobId }), { quiet: true }));
      setPending(null);
      toast({ kind: 'success', message: `Imported “${r.name}”${r.datasets ? ` with ${r.datasets} dataset${r.datasets === 1 ? '' : 's'}` : ''}.${r.backup ? ' The event it replaced was saved to backups first.' : ''}` });
      navigate({ page: 'event', eventId: r.eventId, section: 'charter' });
    } catch (e) {
      const details = e instanceof AppError ? (e.details as { needsPassphrase?: boolean; exists?: boolean } | undefined) : undefined;
      if (details?.needsPassphrase) return setAsk({ kind: 'passphrase', wrong: false });
      if (e instanceof AppError && /wrong passphrase or damaged archive/.test(e.message) && p.passphrase) return setAsk({ kind: 'passphrase', wrong: true });
      if (e instanceof AppError && e.code === 'CONFLICT' && details?.exists) return setAsk({ kind: 'conflict', message: e.message.replace(/ Choose:.*$/, '') });
      giveUp(p);
      const msg = errorMessage(e);
      toast({ kind: msg.includes('cancelled') ? 'info' : 'error', message: msg });
    }
  };

  const giveUp = (p: Pending | null) => {
    setAsk(null);
    setPending(null);
    setPass('');
    if (p?.source.kind === 'upload') void call('archive-upload-discard', { uploadId: p.source.uploadId }).catch(() => undefined);
  };

  const fromFile = async (file: File) => {
    if (!/\.kaizen$/i.test(file.name)) {
      toast({ kind: 'error', message: `${file.name} is not a Kaizen event archive (.kaizen). Datasets are imported on an event's Data page.` });
      return;
    }
    try {
      const uploadId = await run('Uploading the archive', () => uploadArchive(file, () => undefined));
      await attempt({ source: { kind: 'upload', uploadId }, name: file.name });
    } catch (e) {
      toast({ kind: 'error', message: errorMessage(e) });
    }
  };

  const choose = async () => {
    const info = await call('app-info', {});
    if (!info.nativeDialogs) return fileInput.current?.click();
    const r = await call('dialog-open-file', { title: 'Import event', filters: [{ name: 'Kaizen event archive', extensions: ['kaizen'] }] });
    if (r.canceled || !r.handle) return;
    await attempt({ source: { kind: 'handle', handle: r.handle }, name: r.name ?? 'archive' });
  };

  // Import event… from the command palette.
  useEffect(() => {
    if (!asked) return;
    setArchiveDialog(null);
    void choose();
  });

  // A .kaizen dropped anywhere on Home.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      setDragging(false);
      void fromFile(file);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  });

  return (
    <>
      <button type="button" className="btn" onClick={() => void choose()} disabled={progress !== null}>Import event…</button>
      <input ref={fileInput} type="file" accept=".kaizen" hidden aria-label="Event archive to import" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void fromFile(f); }} />
      {dragging && <div className="drop-hint" role="status">Drop a .kaizen file to import the event</div>}
      {progress && <div className="archive-import-progress"><ArchiveProgressBar progress={progress} onCancel={cancel} /></div>}
      {ask && pending && <AskDialog ask={ask} name={pending.name} pass={pass} setPass={setPass} onCancel={() => giveUp(pending)} onAnswer={(a) => void attempt({ ...pending, ...a })} />}
    </>
  );
}

function AskDialog(props: { ask: Ask; name: string; pass: string; setPass: (s: string) => void; onCancel: () => void; onAnswer: (a: { passphrase?: string; mode?: 'copy' | 'replace' }) => void }) {
  const { ask, name, pass, setPass, onCancel, onAnswer } = props;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="archive-ask-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      {ask.kind === 'passphrase' ? (
        <form onSubmit={(e) => { e.preventDefault(); if (pass) onAnswer({ passphrase: pass }); }}>
          <h2 id="archive-ask-title">Passphrase for {name}</h2>
          <p>{ask.wrong ? 'Wrong passphrase or damaged archive. Try again.' : 'This archive is encrypted.'}</p>
          <div className="field">
            <label htmlFor="archive-import-pass">Passphrase</label>
            <input id="archive-import-pass" type="password" autoComplete="current-password" autoFocus value={pass} onChange={(e) => setPass(e.target.value)} />
          </div>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onCancel}>Cancel</button>
            <button type="submit" className="btn btn-primary" disabled={!pass}>Import</button>
          </div>
        </form>
      ) : (
        <>
          <h2 id="archive-ask-title">This event is already here</h2>
          <p>{ask.message}</p>
          <p>Import a copy (new ids, both kept), or replace the event here with the archive’s (the current one is saved to the data folder’s backups first). Nothing is merged.</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onCancel}>Cancel</button>
            <button type="button" className="btn btn-danger-outline" onClick={() => onAnswer({ mode: 'replace' })}>Replace it</button>
            <button type="button" className="btn btn-primary" autoFocus onClick={() => onAnswer({ mode: 'copy' })}>Import as a copy</button>
          </div>
        </>
      )}
    </dialog>
  );
}
