import { useState } from 'react';
import type { RunbookDiff, RunbookVersionInfo } from '../../../../common/contract/schemas/sustain';
import { formatDateTime } from '../../format';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import type { ChangeOps } from '../../api/useChange';

/** A line diff as the `runbook-diff` method returns it: old and new line numbers, + and − marks, colours and words. */
export function DiffView({ diff }: Readonly<{ diff: RunbookDiff }>) {
  return (
    <div>
      <p aria-live="polite">
        Version {diff.from.version} → version {diff.to.version}: <strong>{diff.added}</strong> line{diff.added === 1 ? '' : 's'} added, <strong>{diff.removed}</strong> removed.
      </p>
      <div className="diff" role="table" aria-label={`Changes from version ${diff.from.version} to version ${diff.to.version}`}>
        {diff.lines.map((l, i) => (
          <div key={i} role="row" className={`diff-line diff-${l.kind}`} data-kind={l.kind}>
            <span role="cell" className="ln">{l.oldLine ?? ''}</span>
            <span role="cell" className="ln">{l.newLine ?? ''}</span>
            <span role="cell" className="mark" aria-label={l.kind === 'added' ? 'added' : l.kind === 'removed' ? 'removed' : 'unchanged'}>
              {l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}
            </span>
            <span role="cell">{l.text || ' '}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** Every version (newest first) with restore, and a diff between any two. */
export function RunbookHistory({ runbookId, ops, onRestored }: Readonly<{ runbookId: string; ops: ChangeOps; onRestored: () => void }>) {
  const { data: versions, error } = useCall('runbook-versions', { id: runbookId }, ['runbooks']);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<RunbookDiff | null>(null);
  const list: readonly RunbookVersionInfo[] = versions ?? [];
  const latest = list[0]?.version ?? 1;
  const a = from ?? Math.max(1, latest - 1);
  const b = to ?? latest;
  const show = () => {
    call('runbook-diff', { id: runbookId, from: a, to: b }).then(setDiff, ops.fail);
  };
  const restore = (v: number) => {
    ops
      .save(() => call('runbook-restore', { id: runbookId, version: v }))
      .then(() => {
        setDiff(null);
        onRestored();
      })
      .catch(() => undefined);
  };
  return (
    <section aria-label="Versions">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <table className="version-table">
        <caption className="visually-hidden">Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Title</th>
            <th scope="col">Note</th>
            <th scope="col">By</th>
            <th scope="col">Saved</th>
            <th scope="col">Lines</th>
            <th scope="col"><span className="visually-hidden">Restore</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.id} data-testid="runbook-version">
              <td>{v.version}</td>
              <td>{v.title}</td>
              <td>{v.note || (v.restoredFrom ? `Restored version ${v.restoredFrom}` : '')}</td>
              <td>{v.author}</td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td>{v.lines}</td>
              <td>
                {v.version !== latest && (
                  <button type="button" className="btn btn-small" aria-label={`Restore version ${v.version} as a new version`} onClick={() => restore(v.version)}>
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length > 1 ? (
        <form className="runbook-actions" aria-label="Compare two versions" onSubmit={(e) => { e.preventDefault(); show(); }}>
          <label htmlFor="diff-from">Compare version</label>
          <select id="diff-from" value={a} onChange={(e) => setFrom(Number(e.target.value))}>
            {list.map((v) => <option key={v.id} value={v.version}>{v.version}</option>)}
          </select>
          <label htmlFor="diff-to">with version</label>
          <select id="diff-to" value={b} onChange={(e) => setTo(Number(e.target.value))}>
            {list.map((v) => <option key={v.id} value={v.version}>{v.version}</option>)}
          </select>
          <button type="submit" className="btn btn-primary">Show changes</button>
        </form>
      ) : (
        <p className="muted">Only one version so far: every save adds one, and any two can be compared here.</p>
      )}
      {diff && <DiffView diff={diff} />}
    </section>
  );
}
