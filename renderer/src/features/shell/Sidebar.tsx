import { useEffect, useState } from 'react';
import { routeHref } from '../../router';
import { sections } from '../sections';
import type { Section } from '../sections';
import { CommandsAndHelp } from './ShortcutsHelp';
import './sidebar.css';

const GROUPS = ['Plan', 'Measure', 'Analyse', 'Workshop', 'Improve', 'Govern', 'Sustain', 'Report'] as const;
const STORE = 'kaizen.sidebar.open';

/** The groups the facilitator opened (remembered on this machine); the current section's group is always open. */
function loadOpen(): Set<string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(STORE) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The event's sections in collapsible groups, so the whole sidebar fits a 1280×720 projector: each group title is a
 * button (aria-expanded) with the number of its sections; the current section's group opens by itself.
 */
export function Sidebar({ eventId, eventName, current }: { eventId: string; eventName: string | undefined; current: Section }) {
  const [open, setOpen] = useState<Set<string>>(loadOpen);
  useEffect(() => {
    try {
      localStorage.setItem(STORE, JSON.stringify([...open]));
    } catch {
      // Storage full or blocked: the groups still open and close for this session.
    }
  }, [open]);
  const toggle = (g: string, isOpen: boolean) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (isOpen) next.delete(g);
      else next.add(g);
      return next;
    });
  return (
    <nav className="sidebar" aria-label="Event sections">
      <a className="sidebar-back" href="#/">← All events</a>
      <CommandsAndHelp />
      <div className="sidebar-event" title={eventName}>{eventName ?? '…'}</div>
      {GROUPS.map((g) => {
        const items = sections.filter((s) => s.group === g);
        if (items.length === 0) return null;
        const here = current.group === g;
        const isOpen = here || open.has(g);
        const listId = `sidebar-group-${g.toLowerCase()}`;
        return (
          <div key={g} className={`sidebar-group${isOpen ? ' open' : ''}`}>
            <button
              type="button"
              className="sidebar-group-title"
              aria-expanded={isOpen}
              aria-controls={listId}
              disabled={here}
              title={here ? 'The current section is in this group' : undefined}
              onClick={() => toggle(g, isOpen)}
            >
              <span aria-hidden="true" className="sidebar-caret">{isOpen ? '▾' : '▸'}</span> {g}
              {!isOpen && <span className="sidebar-count"> ({items.length})</span>}
            </button>
            <ul id={listId} hidden={!isOpen}>
              {items.map((s) => (
                <li key={s.id}>
                  <a href={routeHref({ page: 'event', eventId, section: s.id })} aria-current={s.id === current.id ? 'page' : undefined} className={s.id === current.id ? 'active' : undefined}>
                    {s.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
