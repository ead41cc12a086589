import { useState } from 'react';
import './knowledge.css';
import type { EventSummary } from '../../../../common/contract/schemas/events';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { fmt } from '../../format';

/** Home: archived events, out of the main list; read-only until reopened; deleting one asks first. */
export function ArchivedEvents() {
  const { data } = useCall('event-list', { archived: true }, ['events']);
  const ops = useChange(['events']);
  const [confirmDelete, setConfirmDelete] = useState<EventSummary | null>(null);
  if (!data || data.length === 0) return null;
  const remove = (e: EventSummary) => {
    setConfirmDelete(null);
    ops.act({
      label: `Delete archived "${e.name}"`,
      run: () => call('event-delete', { id: e.id, confirmArchived: true }),
      undo: () => call('event-restore', { id: e.id }),
      offerUndo: { message: `Deleted "${e.name}".`, ms: 10_000, undone: `Restored "${e.name}" (still archived).` },
    });
  };
  return (
    <section className="archived-events" aria-labelledby="archived-title">
      <h2 id="archived-title">Archived</h2>
      <p className="muted">Read-only: open one to read it or take its report; reopen it (facilitator’s passphrase) to change it.</p>
      <ul className="archived-list">
        {data.map((e) => (
          <li key={e.id} data-testid="archived-row">
            <a href={`#/event/${encodeURIComponent(e.id)}/charter`} className="event-link">{e.name}</a>
            <span className="muted"> archived {e.archivedAt ? fmt().date(e.archivedAt) : ''}</span>
            <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setConfirmDelete(e)} aria-label={`Delete archived ${e.name}`}>Delete</button>
          </li>
        ))}
      </ul>
      {confirmDelete && (
        <ConfirmDialog
          title="Delete this archived event?"
          message={`“${confirmDelete.name}” is archived: its outcomes are part of the knowledge base. Deleting it removes it from the list and from search; the deletion is written to the change log. You can undo this right after.`}
          confirmLabel="Delete archived event"
          danger
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => remove(confirmDelete)}
        />
      )}
    </section>
  );
}
