import { useMemo, useState } from 'react';
import { ACTION_STATUSES, ACTION_STATUS_LABELS } from '../../../../common/contract/schemas/actions';
import type { ActionStatus } from '../../../../common/contract/schemas/actions';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import { ActionRow } from './ActionRow';
import { useLinkTargets } from './useLinkTargets';
import { ALL_ACTIONS, filterActions, groupByOwner, sortActions } from './actionQuery';
import type { ActionFilter, ActionSort } from './actionQuery';
import { newId, useChange } from '../../api/useChange';
import { CalendarExportButton } from '../sustain/CalendarExportButton';
import './actions.css';
import { SimilarCountermeasures } from '../knowledge/SimilarCountermeasures';

const AREAS = ['actions'] as const;

/** Today on this machine as YYYY-MM-DD (the same rule main uses for "overdue"). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Dots per idea over every revealed vote (secret ballots stay secret until revealed). */
function useVotedIdeas(eventId: string) {
  const ideas = useCall('idea-list', { eventId }, ['ideas']);
  const votes = useCall('vote-list', { eventId }, ['voting']);
  return useMemo(() => {
    const dots = new Map<string, number>();
    for (const v of votes.data ?? []) for (const t of v.tally ?? []) dots.set(t.ideaId, (dots.get(t.ideaId) ?? 0) + t.dots);
    return (ideas.data ?? [])
      .map((i) => ({ id: i.id, text: i.text, dots: dots.get(i.id) ?? 0 }))
      .sort((a, b) => b.dots - a.dots);
  }, [ideas.data, votes.data]);
}

export function ActionsPage({ event }: SectionProps) {
  const eventId = event.id;
  const { data: actions, error } = useCall('action-list', { eventId }, AREAS);
  const team = useCall('team-list', { eventId }, ['team']);
  const ideas = useVotedIdeas(eventId);
  const ops = useChange(AREAS);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [due, setDue] = useState('');
  const [ideaId, setIdeaId] = useState('');
  const [titleError, setTitleError] = useState<string | null>(null);
  const [filter, setFilter] = useState<ActionFilter>(ALL_ACTIONS);
  const [sort, setSort] = useState<ActionSort>('due');
  const [byOwner, setByOwner] = useState(false);
  const members = team.data?.members ?? [];
  const today = localToday();
  const ownerName = (id: string | null) => members.find((m) => m.id === id)?.name ?? '';
  const targets = useLinkTargets(eventId, ideas);

  const pickIdea = (id: string) => {
    setIdeaId(id);
    const idea = ideas.find((i) => i.id === id);
    if (idea && !title.trim()) setTitle(idea.text.slice(0, 300));
  };
  const create = async () => {
    if (!title.trim()) {
      setTitleError('Type what will be done, e.g. “Warm the model cache on deploy”.');
      return;
    }
    setTitleError(null);
    const id = newId();
    const input = {
      eventId,
      id,
      title: title.trim(),
      ownerId: ownerId || null,
      dueDate: due || null,
      links: ideaId ? [{ kind: 'idea' as const, id: ideaId }] : [],
    };
    try {
      await ops.change({ label: `add action ${input.title}`, run: () => call('action-create', input), undo: () => call('action-remove', { id }) });
      setTitle('');
      setIdeaId('');
      setDue('');
    } catch {
      /* shown as a toast */
    }
  };

  const shown = sortActions(filterActions(actions ?? [], filter), sort, ownerName);
  const overdueCount = (actions ?? []).filter((a) => a.overdue).length;
  const row = (a: (typeof shown)[number]) => <ActionRow key={a.id} a={a} members={members} targets={targets} today={today} ops={ops} />;

  return (
    <div className="actions-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card action-create" aria-label="Add an action" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <div className="field">
          <label htmlFor="action-from-idea">From idea</label>
          <select id="action-from-idea" value={ideaId} onChange={(e) => pickIdea(e.target.value)}>
            <option value="">— none (ideas by votes) —</option>
            {ideas.map((i) => <option key={i.id} value={i.id}>{i.text.slice(0, 80)}{i.dots > 0 ? ` — ${i.dots} dot${i.dots === 1 ? '' : 's'}` : ''}</option>)}
          </select>
        </div>
        <div className="field action-title-field">
          <label htmlFor="action-title">Action</label>
          <input id="action-title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} placeholder="What will be done" />
          {titleError && <small className="field-error" role="alert">{titleError}</small>}
        </div>
        <div className="field">
          <label htmlFor="action-owner">Owner</label>
          <select id="action-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">No owner yet</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action-due">Due date</label>
          <input id="action-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary">Add action</button>
      </form>
      <SimilarCountermeasures eventId={event.id} text={title} />

      <div className="action-toolbar" role="group" aria-label="Filter and sort actions">
        <label>Owner
          <select aria-label="Filter by owner" value={filter.ownerId} onChange={(e) => setFilter({ ...filter, ownerId: e.target.value })}>
            <option value="all">Everyone</option>
            <option value="none">No owner</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <label>Status
          <select aria-label="Filter by status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as ActionStatus | 'all' | 'open' })}>
            <option value="all">All</option>
            <option value="open">Open (planned or in progress)</option>
            {ACTION_STATUSES.map((s) => <option key={s} value={s}>{ACTION_STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <label>Sort by
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as ActionSort)}>
            <option value="due">Due date</option>
            <option value="status">Status</option>
            <option value="owner">Owner</option>
            <option value="title">Title</option>
            <option value="created">Created</option>
          </select>
        </label>
        <label>Search
          <input type="search" aria-label="Search actions" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} placeholder="Title or description" />
        </label>
        <label className="checkbox"><input type="checkbox" checked={filter.overdueOnly} onChange={(e) => setFilter({ ...filter, overdueOnly: e.target.checked })} /> Overdue only ({overdueCount})</label>
        <label className="checkbox"><input type="checkbox" checked={byOwner} onChange={(e) => setByOwner(e.target.checked)} /> Group by owner</label>
        <CalendarExportButton eventId={event.id} />
      </div>

      {actions && actions.length === 0 ? (
        <EmptyState title="No actions yet">
          Turn the ideas that won the vote and the root causes you found into countermeasures: give each one an owner from the team and a due date.
        </EmptyState>
      ) : shown.length === 0 && actions ? (
        <p className="muted" role="status">No action matches these filters.</p>
      ) : byOwner ? (
        groupByOwner(shown).map((g) => (
          <section key={g.ownerId ?? 'none'} className="owner-group" aria-label={`Actions of ${ownerName(g.ownerId) || 'no owner'}`}>
            <h2>{g.ownerId ? ownerName(g.ownerId) : 'No owner'} <span className="muted">({g.actions.length})</span></h2>
            <ul className="action-list">{g.actions.map(row)}</ul>
          </section>
        ))
      ) : (
        <ul className="action-list" aria-label="Actions">{shown.map(row)}</ul>
      )}
    </div>
  );
}
