import type { StateCreator } from 'zustand';

/** A user change that can be undone by replaying its inverse contract call. */
export type UndoableCommand = Readonly<{
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}>;

export type HistorySlice = {
  undoStack: UndoableCommand[];
  redoStack: UndoableCommand[];
  /** Records a change that has already been applied. */
  record: (cmd: UndoableCommand) => void;
  undo: () => Promise<string | null>;
  redo: () => Promise<string | null>;
  clearHistory: () => void;
};

const LIMIT = 100;

export const createHistorySlice: StateCreator<HistorySlice, [], [], HistorySlice> = (set, get) => ({
  undoStack: [],
  redoStack: [],
  record: (cmd) => set((s) => ({ undoStack: [...s.undoStack, cmd].slice(-LIMIT), redoStack: [] })),
  undo: async () => {
    const cmd = get().undoStack.at(-1);
    if (!cmd) return null;
    set((s) => ({ undoStack: s.undoStack.slice(0, -1) }));
    await cmd.undo();
    set((s) => ({ redoStack: [...s.redoStack, cmd] }));
    return cmd.label;
  },
  redo: async () => {
    const cmd = get().redoStack.at(-1);
    if (!cmd) return null;
    set((s) => ({ redoStack: s.redoStack.slice(0, -1) }));
    await cmd.redo();
    set((s) => ({ undoStack: [...s.undoStack, cmd] }));
    return cmd.label;
  },
  clearHistory: () => set({ undoStack: [], redoStack: [] }),
});
