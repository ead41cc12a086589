import type { Idea, IdeaFields } from '../../../../common/contract/schemas/workshop';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

const fieldsOf = (i: Idea): IdeaFields => ({ text: i.text, author: i.author, category: i.category, stageRef: i.stageRef, kpiRef: i.kpiRef, groupId: i.groupId });

/** Idea changes: autosaved contract calls, each recorded with its inverse for undo. */
export function useIdeaActions(eventId: string) {
  const trackSave = useAppStore((s) => s.trackSave);
  const record = useAppStore((s) => s.record);
  const bumpData = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const bump = () => bumpData('ideas');
  const fail = (e: unknown) => toast({ kind: 'error', message: errorMessage(e) });
  const restore = async (i: Idea) => { await call('idea-add', { eventId, id: i.id, idea: fieldsOf(i), position: i.position }); };

  const add = async (f: Partial<IdeaFields> & { text: string }) => {
    const i = await trackSave(call('idea-add', { eventId, idea: f }));
    bump();
    record({
      label: 'add idea',
      undo: async () => { await call('idea-remove', { id: i.id }); bump(); },
      redo: async () => { await restore(i); bump(); },
    });
  };
  const update = async (i: Idea, patch: Partial<IdeaFields>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, i[k as keyof IdeaFields]])) as Partial<IdeaFields>;
    const apply = async (p: Partial<IdeaFields>) => { await call('idea-update', { id: i.id, patch: p }); bump(); };
    await trackSave(apply(patch));
    record({ label: 'edit idea', undo: () => apply(before), redo: () => apply(patch) });
  };
  const remove = async (i: Idea) => {
    await trackSave(call('idea-remove', { id: i.id }));
    bump();
    const undo = async () => { await restore(i); bump(); };
    record({ label: 'delete idea', undo, redo: async () => { await call('idea-remove', { id: i.id }); bump(); } });
    toast({ kind: 'info', message: 'Idea deleted.', action: { label: 'Undo', run: () => void undo().catch(fail) } });
  };
  const merge = async (target: Idea, sources: readonly Idea[]) => {
    const r = await trackSave(call('idea-merge', { targetId: target.id, sourceIds: sources.map((s) => s.id) }));
    bump();
    const undo = async () => {
      await call('idea-update', { id: r.before.id, patch: { text: r.before.text } });
      for (const s of r.removed) await restore(s);
      bump();
    };
    record({ label: `merge ${r.removed.length + 1} ideas`, undo, redo: async () => { await call('idea-merge', { targetId: target.id, sourceIds: sources.map((s) => s.id) }); bump(); } });
    toast({ kind: 'info', message: `Merged ${r.removed.length + 1} ideas.`, action: { label: 'Undo', run: () => void undo().catch(fail) } });
  };
  return { add, update, remove, merge, fail };
}
