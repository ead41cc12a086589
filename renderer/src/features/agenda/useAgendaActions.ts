import type { AgendaFields, AgendaSession } from '../../../../common/contract/schemas/workshop';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

/** Agenda changes: each one commits at once (autosave) and records its inverse for undo. */
export function useAgendaActions(eventId: string, sessions: readonly AgendaSession[] = []) {
  const trackSave = useAppStore((s) => s.trackSave);
  const record = useAppStore((s) => s.record);
  const bumpData = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const bump = () => bumpData('agenda');
  const fail = (e: unknown) => toast({ kind: 'error', message: errorMessage(e) });
  const fieldsOf = (s: AgendaSession): AgendaFields => ({ title: s.title, day: s.day, activity: s.activity, plannedMinutes: s.plannedMinutes, ownerId: s.ownerId, notes: s.notes });

  const update = async (s: AgendaSession, patch: Partial<AgendaFields>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, s[k as keyof AgendaFields]])) as Partial<AgendaFields>;
    const apply = async (p: Partial<AgendaFields>) => { await call('agenda-update', { id: s.id, patch: p }); bump(); };
    await trackSave(apply(patch));
    record({ label: `edit ${s.title}`, undo: () => apply(before), redo: () => apply(patch) });
  };
  const add = async (f: Partial<AgendaFields> & { title: string }) => {
    const s = await trackSave(call('agenda-add', { eventId, session: f }));
    bump();
    record({
      label: `add ${s.title}`,
      undo: async () => { await call('agenda-remove', { id: s.id }); bump(); },
      redo: async () => { await call('agenda-add', { eventId, id: s.id, session: fieldsOf(s), position: s.position }); bump(); },
    });
  };
  const remove = async (s: AgendaSession) => {
    await trackSave(call('agenda-remove', { id: s.id }));
    bump();
    const restore = async () => { await call('agenda-add', { eventId, id: s.id, session: fieldsOf(s), position: s.position }); bump(); };
    record({ label: `remove ${s.title}`, undo: restore, redo: async () => { await call('agenda-remove', { id: s.id }); bump(); } });
    toast({ kind: 'info', message: `Removed “${s.title}”.`, action: { label: 'Undo', run: () => void restore().catch(fail) } });
  };
  const move = async (id: string, day: number, index: number) => {
    const s = sessions.find((x) => x.id === id);
    const from = s ? { day: s.day, index: sessions.filter((x) => x.day === s.day).indexOf(s) } : null;
    const apply = async (d: number, i: number) => { await call('agenda-move', { id, day: d, index: i }); bump(); };
    try {
      await trackSave(apply(day, index));
      if (s && from) record({ label: `move ${s.title}`, undo: () => apply(from.day, from.index), redo: () => apply(day, index) });
    } catch (e) {
      fail(e);
    }
  };
  const end = async (s: AgendaSession) => {
    await trackSave(call('agenda-end', { id: s.id }));
    bump();
  };
  return { update, add, remove, move, end, fail, bump };
}
