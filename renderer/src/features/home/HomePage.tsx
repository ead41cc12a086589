import { useState } from 'react';
import { TARGET_AREA_LABELS } from '../../../../common/contract/schemas/events';
import type { EventSummary } from '../../../../common/contract/schemas/events';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { useAppStore } from '../../store';
import { NewEventForm } from './NewEventForm';
import { KnowledgeSearch } from '../knowledge/KnowledgeSearch';
import { ArchivedEvents } from '../knowledge/ArchivedEvents';
import { ArchiveButton } from '../knowledge/ArchiveControls';
import { ImportArchive } from '../archive/ImportArchive';
import { DisplaySettingsButton } from '../settings/DisplaySettingsButton';
import { fmt } from '../../format';

function formatDates(e: EventSummary): string {
  if (!e.startDate) return 'No dates yet';
  return e.endDate && e.endDate !== e.startDate ? `${e.startDate} → ${e.endDate}` : e.startDate;
}

function formatWhen(iso: string | null): string {
  if (!iso) return 'never';
  return fmt().dateTime(iso);
}

export function HomePage() {
  const [query, setQuery] = useState('');
  const creating = useAppStore((s) => s.newEventOpen);
  const setCreating = useAppStore((s) => s.setNewEventOpen);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [renameDraft, setRenameDraft] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<EventSummary | null>(null);
  const { data: events, error, loading } = useCall('event-list', { query }, ['events']);
  const toast = useAppStore((s) => s.toast);
  const ops = useChange(['events']);

  const open = (id: string) => navigate({ page: 'event', eventId: id, section: 'charter' });

  const createDemo = async () => {
    const e = await ops.save(() => call('demo-create', {})).catch(alreadyShown);
    if (!e) return;
    toast({ kind: 'success', message: `Demo event "${e.name}" created.` });
    open(e.id);
  };

  const duplicate = async (e: EventSummary) => {
    const copy = await ops.save(() => call('event-duplicate', { id: e.id })).catch(alreadyShown);
    if (copy) toast({ kind: 'success', message: `Duplicated as "${copy.name}".` });
  };

  const remove = (e: EventSummary) => {
    setConfirmDelete(null);
    ops.act({
      label: `Delete "${e.name}"`,
      run: () => call('event-delete', { id: e.id }),
      undo: () => call('event-restore', { id: e.id }),
      offerUndo: { message: `Deleted "${e.name}".`, ms: 10_000, undone: `Restored "${e.name}".` },
    });
  };

  const rename = (e: EventSummary) => {
    const name = renameDraft.trim();
    setRenaming(null);
    if (!name || name === e.name) return;
    ops.act({
      label: `Rename "${e.name}"`,
      run: () => call('event-update', { id: e.id, patch: { name } }),
      undo: () => call('event-update', { id: e.id, patch: { name: e.name } }),
    });
  };

  const list = events ?? [];
  const noEventsAtAll = !loading && !query && list.length === 0;
  const { data: archivedEvents } = useCall('event-list', { archived: true }, ['events']);
  const onlyArchived = (archivedEvents?.length ?? 0) > 0;

  return (
    <main className="home" aria-labelledby="home-title">
      <header className="home-header">
        <div>
          <h1 id="home-title">Kaizen events</h1>
          <p className="subtitle">Map the AI workflow, measure it, find the constraint, prove the gain held.</p>
        </div>
        <div className="home-actions">
          <DisplaySettingsButton className="btn" />
          <button type="button" className="btn" onClick={() => void createDemo()}>Create demo event</button>
          <ImportArchive />
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} aria-keyshortcuts="Control+N">
            New event
          </button>
        </div>
      </header>

      {creating && <NewEventForm onClose={() => setCreating(false)} onCreated={(id) => open(id)} />}

      {!noEventsAtAll && (
        <div className="search-row">
          <label htmlFor="event-search" className="visually-hidden">Search events by name</label>
          <input
            id="event-search"
            type="search"
            placeholder="Search events by name"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      )}

      {error && <p className="error-banner" role="alert">{error}</p>}

      {noEventsAtAll ? (
        <EmptyState
          title={onlyArchived ? 'No open events' : 'No events yet'}
          action={
            <>
              <button type="button" className="btn btn-primary" onClick={() => void createDemo()}>Create the demo event</button>
              <button type="button" className="btn" onClick={() => setCreating(true)}>Start an empty event</button>
            </>
          }
        >
          {onlyArchived && 'Every event here is archived (listed below, read-only). '}
          The demo event, “Cut p95 latency of the fraud-scoring API”, comes with a charter, a team and a readiness
          checklist, so you can see every part of Kaizen Studio before your own workshop.
        </EmptyState>
      ) : (
        <table className="event-table">
          <caption className="visually-hidden">Events</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Dates</th>
              <th scope="col">Facilitator</th>
              <th scope="col">Target area</th>
              <th scope="col">Last opened</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id} data-testid="event-row">
                <td>
                  {renaming === e.id ? (
                    <input
                      aria-label={`New name for ${e.name}`}
                      autoFocus
                      value={renameDraft}
                      onChange={(ev) => setRenameDraft(ev.target.value)}
                      onBlur={() => rename(e)}
                      onKeyDown={(ev) => {
                        if (ev.key === 'Enter') rename(e);
                        if (ev.key === 'Escape') setRenaming(null);
                      }}
                    />
                  ) : (
                    <a href={`#/event/${encodeURIComponent(e.id)}/charter`} className="event-link">
                      {e.name}
                    </a>
                  )}
                  {e.isDemo && <span className="badge">Demo</span>}
                </td>
                <td>{formatDates(e)}</td>
                <td>{e.facilitator || '—'}</td>
                <td>{TARGET_AREA_LABELS[e.targetArea]}</td>
                <td>{formatWhen(e.lastOpenedAt)}</td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small" onClick={() => { setRenaming(e.id); setRenameDraft(e.name); }} aria-label={`Rename ${e.name}`}>Rename</button>
                  <button type="button" className="btn btn-small" onClick={() => void duplicate(e)} aria-label={`Duplicate ${e.name}`}>Duplicate</button>
                  <ArchiveButton event={e} />
                  <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setConfirmDelete(e)} aria-label={`Delete ${e.name}`}>Delete</button>
                </td>
              </tr>
            ))}
            {list.length === 0 && !loading && (
              <tr><td colSpan={6} className="muted">No event name contains “{query}”.</td></tr>
            )}
          </tbody>
        </table>
      )}

      <KnowledgeSearch />
      <ArchivedEvents />

      {confirmDelete && (
        <ConfirmDialog
          title="Delete this event?"
          message={`“${confirmDelete.name}” and everything in it will be removed from the list. You can undo this right after.`}
          confirmLabel="Delete event"
          danger
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => remove(confirmDelete)}
        />
      )}
    </main>
  );
}
