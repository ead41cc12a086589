import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import type { AffinityGroup } from '../../../../common/contract/schemas/affinity';
import type { Idea } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { AutosaveText } from '../../components/fields';
import { newId, useChange } from '../../api/useChange';
import type { SectionProps } from '../sectionProps';
import './affinity.css';

type Column = Readonly<{ group: AffinityGroup | null; ideas: Idea[] }>;

/**
 * Affinity grouping: idea cards move between named groups by drag and drop, or from the keyboard
 * (focus a card, ← / → moves it one column). Ideas whose group was removed show as ungrouped.
 */
export function AffinityPage({ event }: SectionProps) {
  const eventId = event.id;
  const ideas = useCall('idea-list', { eventId }, ['ideas']);
  const { data: groups, error } = useCall('affinity-group-list', { eventId }, ['affinity']);
  const ops = useChange(['affinity', 'ideas']);
  const [name, setName] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const board = useRef<HTMLDivElement>(null);
  const known = new Set((groups ?? []).map((g) => g.id));
  const columns: Column[] = [
    { group: null, ideas: (ideas.data ?? []).filter((i) => !i.groupId || !known.has(i.groupId)) },
    ...(groups ?? []).map((g) => ({ group: g, ideas: (ideas.data ?? []).filter((i) => i.groupId === g.id) })),
  ];
  useEffect(() => {
    if (focusId) board.current?.querySelector<HTMLElement>(`[data-idea-id="${CSS.escape(focusId)}"]`)?.focus();
  }, [focusId, ideas.data]);
  const offscreen = useOffscreenColumns(board, columns.length);
  const scrollBoard = (dir: 1 | -1) => board.current?.scrollBy({ left: dir * board.current.clientWidth * 0.8, behavior: 'smooth' });

  const moveTo = (idea: Idea, groupId: string | null) => {
    if ((idea.groupId && known.has(idea.groupId) ? idea.groupId : null) === groupId) return;
    const before = idea.groupId;
    ops.act({
      label: 'move idea to a group',
      run: () => call('idea-update', { id: idea.id, patch: { groupId } }),
      undo: () => call('idea-update', { id: idea.id, patch: { groupId: before } }),
    });
  };
  const onCardKey = (e: KeyboardEvent<HTMLElement>, idea: Idea, col: number) => {
    const to = e.key === 'ArrowRight' ? col + 1 : e.key === 'ArrowLeft' ? col - 1 : -1;
    if (to < 0 || to >= columns.length) return;
    e.preventDefault();
    setFocusId(idea.id);
    moveTo(idea, columns[to]!.group?.id ?? null);
  };
  const addGroup = async () => {
    if (!name.trim()) return;
    const id = newId();
    const n = name.trim();
    await ops.change({ label: 'add group', run: () => call('affinity-group-add', { eventId, id, name: n }), undo: () => call('affinity-group-remove', { id }) }).then(() => setName(''), () => undefined);
  };

  if (ideas.data && ideas.data.length === 0) {
    return (
      <EmptyState title="No ideas to group yet" action={<a className="btn btn-primary" href={`#/event/${encodeURIComponent(eventId)}/ideas`}>Go to ideas</a>}>
        Collect ideas in a brainstorm or an anonymous round first, then sort them here into themes the team agrees on.
      </EmptyState>
    );
  }
  return (
    <div className="affinity-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="affinity-add" aria-label="Add a group" onSubmit={(e) => { e.preventDefault(); void addGroup(); }}>
        <label htmlFor="group-name">New group</label>
        <input id="group-name" value={name} maxLength={200} placeholder="Theme, e.g. Caching" onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={!name.trim()}>Add group</button>
        <span className="hint">Drag cards between groups, or focus a card and press ← / →.</span>
      </form>
      {offscreen.left + offscreen.right > 0 && (
        <div className="affinity-more" data-testid="affinity-more">
          <button type="button" className="btn" disabled={offscreen.left === 0} onClick={() => scrollBoard(-1)}>← Scroll left</button>
          <span role="status">
            {offscreen.left > 0 && `${offscreen.left} column${offscreen.left === 1 ? '' : 's'} to the left`}
            {offscreen.left > 0 && offscreen.right > 0 && ' · '}
            {offscreen.right > 0 && `${offscreen.right} more column${offscreen.right === 1 ? '' : 's'} to the right`}
          </span>
          <button type="button" className="btn" disabled={offscreen.right === 0} onClick={() => scrollBoard(1)}>Scroll right →</button>
        </div>
      )}
      <div className="affinity-board" ref={board} tabIndex={offscreen.left + offscreen.right > 0 ? 0 : undefined} aria-label={offscreen.left + offscreen.right > 0 ? 'Affinity board, scrolls sideways' : undefined} role={offscreen.left + offscreen.right > 0 ? 'region' : undefined}>
        {columns.map((c, col) => {
          const key = c.group?.id ?? 'ungrouped';
          return (
            <section
              key={key}
              className={`affinity-column${over === key ? ' drop-target' : ''}`}
              aria-label={c.group ? `Group ${c.group.name}` : 'Ungrouped ideas'}
              data-testid="affinity-column"
              onDragOver={(e) => { e.preventDefault(); setOver(key); }}
              onDragLeave={() => setOver((o) => (o === key ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const idea = ideas.data?.find((i) => i.id === e.dataTransfer.getData('text/x-idea-id'));
                if (idea) moveTo(idea, c.group?.id ?? null);
              }}
            >
              {c.group ? (
                <div className="column-head">
                  <AutosaveText label="Group name" value={c.group.name} validate={(v) => (v.trim() ? null : 'A group needs a name.')} onCommit={(v, prev) =>
                    ops.change({ label: 'rename group', run: () => call('affinity-group-update', { id: c.group!.id, patch: { name: v } }), undo: () => call('affinity-group-update', { id: c.group!.id, patch: { name: prev } }) })} />
                  <button type="button" className="btn-icon" aria-label={`Remove group ${c.group.name}`} onClick={() => {
                    const g = c.group!;
                    ops.act({ label: `remove group ${g.name}`, run: () => call('affinity-group-remove', { id: g.id }), undo: () => call('affinity-group-add', { eventId, id: g.id, name: g.name, position: g.position }) });
                  }}>×</button>
                </div>
              ) : (
                <h2 className="column-title">Ungrouped</h2>
              )}
              <p className="muted column-count">{c.ideas.length} idea{c.ideas.length === 1 ? '' : 's'}</p>
              <ul className="affinity-cards">
                {c.ideas.map((i) => (
                  <li
                    key={i.id}
                    className="affinity-card"
                    tabIndex={0}
                    draggable
                    data-idea-id={i.id}
                    data-testid="affinity-card"
                    aria-label={`${i.text}. In ${c.group ? c.group.name : 'Ungrouped'}. Press left or right arrow to move.`}
                    onDragStart={(e) => e.dataTransfer.setData('text/x-idea-id', i.id)}
                    onKeyDown={(e) => onCardKey(e, i, col)}
                  >
                    {i.text}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}

/**
 * How many columns of the board lie (partly) outside its visible width, left and right; recounted on scroll and
 * resize. The board shows every column when they fit and scrolls sideways when they do not: these counts say so.
 */
function useOffscreenColumns(board: RefObject<HTMLDivElement | null>, count: number): { left: number; right: number } {
  const [off, setOff] = useState({ left: 0, right: 0 });
  useEffect(() => {
    const el = board.current;
    if (!el) return;
    const measure = () => {
      const b = el.getBoundingClientRect();
      const cols = [...el.children].map((c) => c.getBoundingClientRect());
      const left = cols.filter((c) => c.left < b.left - 1).length;
      const right = cols.filter((c) => c.right > b.right + 1).length;
      setOff((o) => (o.left === left && o.right === right ? o : { left, right }));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      ro.disconnect();
    };
  }, [board, count]);
  return off;
}
