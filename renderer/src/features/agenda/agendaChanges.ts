import type { AgendaFields, AgendaSession } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { priorValues } from '../../api/useChange';
import type { Change } from '../../api/useChange';

/** Agenda edits as undoable changes (run them with `useChange(['agenda'])`). */

const fieldsOf = (s: AgendaSession): AgendaFields => ({ title: s.title, day: s.day, activity: s.activity, plannedMinutes: s.plannedMinutes, ownerId: s.ownerId, notes: s.notes });

/** Puts a session back with its id and place (undo of a removal, redo of an add). */
const restore = (s: AgendaSession) => call('agenda-add', { eventId: s.eventId, id: s.id, session: fieldsOf(s), position: s.position });

export function updateSession(s: AgendaSession, patch: Partial<AgendaFields>): Change {
  const before = priorValues<AgendaFields>(s, patch);
  return {
    label: `edit ${s.title}`,
    run: () => call('agenda-update', { id: s.id, patch }),
    undo: () => call('agenda-update', { id: s.id, patch: before }),
  };
}

export function addSession(eventId: string, f: Partial<AgendaFields> & { title: string }): Change<AgendaSession> {
  return {
    label: (s) => `add ${s.title}`,
    run: () => call('agenda-add', { eventId, session: f }),
    undo: (s) => call('agenda-remove', { id: s.id }),
    redo: restore,
  };
}

export function removeSession(s: AgendaSession): Change {
  return {
    label: `remove ${s.title}`,
    run: () => call('agenda-remove', { id: s.id }),
    undo: () => restore(s),
    offerUndo: { message: `Removed “${s.title}”.` },
  };
}

/** Moves session `id` to `index` of `day`; undo puts it back where it is in `sessions` now. */
export function moveSession(sessions: readonly AgendaSession[], id: string, day: number, index: number): Change | null {
  const s = sessions.find((x) => x.id === id);
  if (!s) return null;
  const from = { day: s.day, index: sessions.filter((x) => x.day === s.day).indexOf(s) };
  return {
    label: `move ${s.title}`,
    run: () => call('agenda-move', { id, day, index }),
    undo: () => call('agenda-move', { id, day: from.day, index: from.index }),
  };
}
