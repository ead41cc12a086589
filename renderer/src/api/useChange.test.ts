import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../store';
import { changeIn, priorValues, saveIn } from './useChange';

// The toast slice dismisses toasts with window.setTimeout; in node, window is the global object.
beforeAll(() => {
  (globalThis as { window?: unknown }).window = globalThis;
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState({ ...initial, undoStack: [], redoStack: [], toasts: [], dataVersion: {}, saveState: 'idle', saveError: null, pending: 0 }));

const state = () => useAppStore.getState();

/** A tiny "server": a list of rows changed by the calls a page would make. */
function rows() {
  const list: string[] = [];
  return {
    list,
    add: async (s: string) => {
      list.push(s);
      return { id: s, position: list.length - 1 };
    },
    remove: async (s: string) => {
      const i = list.indexOf(s);
      if (i < 0) throw new Error(`No row ${s}.`);
      list.splice(i, 1);
      return { id: s, position: i };
    },
    insert: async (s: string, at: number) => {
      list.splice(at, 0, s);
    },
  };
}

describe('saveIn', () => {
  it('shows Saving… then saved, refreshes the areas and returns the value', async () => {
    let during = '';
    const v = await saveIn(['ideas', 'affinity'], async () => {
      await Promise.resolve(); // the contract call is on its way
      during = state().saveState;
      return 42;
    });
    expect(v).toBe(42);
    expect(during).toBe('saving');
    expect(state().saveState).toBe('saved');
    expect(state().dataVersion).toEqual({ ideas: 1, affinity: 1 });
    expect(state().undoStack).toEqual([]);
  });

  it('turns a failure into an error toast, refreshes anyway (optimistic controls fall back) and re-throws', async () => {
    await expect(saveIn(['team'], () => Promise.reject(new Error('The team member no longer exists.')))).rejects.toThrow('no longer exists');
    expect(state().toasts.map((t) => [t.kind, t.message])).toEqual([['error', 'The team member no longer exists.']]);
    expect(state().saveState).toBe('error');
    expect(state().saveError).toBe('The team member no longer exists.');
    expect(state().dataVersion).toEqual({ team: 1 });
  });

  it('quiet: the caller shows the error, no toast', async () => {
    await expect(saveIn([], () => Promise.reject(new Error('Name is required.')), { quiet: true })).rejects.toThrow();
    expect(state().toasts).toEqual([]);
    expect(state().saveState).toBe('error');
  });

  it('a run that throws before its first await is handled the same way', async () => {
    await expect(saveIn([], () => { throw new Error('Name the KPI first.'); })).rejects.toThrow('Name the KPI first.');
    expect(state().toasts[0]?.message).toBe('Name the KPI first.');
    expect(state().pending).toBe(0);
  });
});

describe('changeIn', () => {
  it('records the inverse; undo and redo replay it in order, with the label, the save state and a refresh', async () => {
    const db = rows();
    await changeIn(['agenda'], { label: 'add Kick-off', run: () => db.add('Kick-off'), undo: (r) => db.remove(r.id) });
    await changeIn(['agenda'], { label: (r) => `add ${r.id}`, run: () => db.add('Gemba walk'), undo: (r) => db.remove(r.id) });
    expect(db.list).toEqual(['Kick-off', 'Gemba walk']);
    expect(state().undoStack.map((c) => c.label)).toEqual(['add Kick-off', 'add Gemba walk']);

    expect(await state().undo()).toBe('add Gemba walk');
    expect(db.list).toEqual(['Kick-off']);
    expect(state().saveState).toBe('saved');
    expect(state().dataVersion.agenda).toBe(3);
    expect(await state().undo()).toBe('add Kick-off');
    expect(db.list).toEqual([]);
    expect(state().redoStack.map((c) => c.label)).toEqual(['add Gemba walk', 'add Kick-off']);

    // Redo repeats run when no redo is given.
    expect(await state().redo()).toBe('add Kick-off');
    expect(db.list).toEqual(['Kick-off']);
    expect(state().undoStack.map((c) => c.label)).toEqual(['add Kick-off']);
  });

  it('undo gets what run returned; a given redo is used instead of repeating run', async () => {
    const db = rows();
    await db.add('a');
    await db.add('b');
    await db.add('c');
    let reruns = 0;
    await changeIn(['vsm'], {
      label: 'remove b',
      run: () => { reruns++; return db.remove('b'); },
      undo: (removed) => db.insert(removed.id, removed.position),
      redo: (removed) => db.remove(removed.id),
    });
    await state().undo();
    expect(db.list).toEqual(['a', 'b', 'c']);
    await state().redo();
    expect(db.list).toEqual(['a', 'c']);
    expect(reruns).toBe(1);
  });

  it('a failed change is not recorded and leaves the redo stack alone', async () => {
    const db = rows();
    await changeIn([], { label: 'add a', run: () => db.add('a'), undo: () => db.remove('a') });
    await state().undo();
    await expect(changeIn([], { label: 'remove z', run: () => db.remove('z'), undo: () => db.add('z') })).rejects.toThrow('No row z.');
    expect(state().undoStack).toEqual([]);
    expect(state().redoStack.map((c) => c.label)).toEqual(['add a']);
    expect(state().toasts.map((t) => t.message)).toEqual(['No row z.']);
  });

  it('a failing undo rejects without its own toast (the Undo button shows it) and marks the save state', async () => {
    await changeIn([], { label: 'edit', run: async () => undefined, undo: () => Promise.reject(new Error('The row was removed meanwhile.')) });
    await expect(state().undo()).rejects.toThrow('removed meanwhile');
    expect(state().toasts).toEqual([]);
    expect(state().saveState).toBe('error');
  });

  it('offerUndo: the toast’s Undo runs the inverse and confirms', async () => {
    const db = rows();
    await db.add('Sprint review');
    await changeIn(['events'], {
      label: 'Delete "Sprint review"',
      run: () => db.remove('Sprint review'),
      undo: (r) => db.insert(r.id, r.position),
      offerUndo: { message: (r) => `Deleted "${r.id}".`, ms: 10_000, undone: 'Restored "Sprint review".' },
    });
    const t = state().toasts.at(-1)!;
    expect([t.kind, t.message, t.action?.label]).toEqual(['info', 'Deleted "Sprint review".', 'Undo']);
    t.action!.run();
    await expect.poll(() => db.list).toEqual(['Sprint review']);
    await expect.poll(() => state().toasts.at(-1)?.message).toBe('Restored "Sprint review".');
  });
});

describe('priorValues', () => {
  it('takes the current value of each patched field', () => {
    expect(priorValues({ title: 'Old', day: 1, notes: 'n' }, { title: 'New', day: 2 })).toEqual({ title: 'Old', day: 1 });
  });
});
