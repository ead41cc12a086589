import type { Idea, IdeaFields } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { priorValues } from '../../api/useChange';
import type { Change } from '../../api/useChange';

/** Idea edits as undoable changes (run them with `useChange(['ideas'])`). */

const fieldsOf = (i: Idea): IdeaFields => ({ text: i.text, author: i.author, category: i.category, stageRef: i.stageRef, kpiRef: i.kpiRef, groupId: i.groupId });

/** Puts an idea back with its id and place (undo of a removal or merge, redo of an add). */
const restore = (i: Idea) => call('idea-add', { eventId: i.eventId, id: i.id, idea: fieldsOf(i), position: i.position });

export function addIdea(eventId: string, f: Partial<IdeaFields> & { text: string }): Change<Idea> {
  return { label: 'add idea', run: () => call('idea-add', { eventId, idea: f }), undo: (i) => call('idea-remove', { id: i.id }), redo: restore };
}

export function updateIdea(i: Idea, patch: Partial<IdeaFields>): Change {
  const before = priorValues<IdeaFields>(i, patch);
  return { label: 'edit idea', run: () => call('idea-update', { id: i.id, patch }), undo: () => call('idea-update', { id: i.id, patch: before }) };
}

export function removeIdea(i: Idea): Change {
  return { label: 'delete idea', run: () => call('idea-remove', { id: i.id }), undo: () => restore(i), offerUndo: { message: 'Idea deleted.' } };
}

/** Folds `sources` into `target`; undo gives the target its old text back and re-creates the others. */
export function mergeIdeas(target: Idea, sources: readonly Idea[]): Change<{ before: Idea; removed: Idea[] }> {
  return {
    label: (r) => `merge ${r.removed.length + 1} ideas`,
    run: () => call('idea-merge', { targetId: target.id, sourceIds: sources.map((s) => s.id) }),
    undo: async (r) => {
      await call('idea-update', { id: r.before.id, patch: { text: r.before.text } });
      for (const s of r.removed) await restore(s);
    },
    offerUndo: { message: (r) => `Merged ${r.removed.length + 1} ideas.` },
  };
}
