import type { StateCreator } from 'zustand';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** Autosave status shown in the header: every change is a contract call that commits. */
export type SaveSlice = {
  saveState: SaveState;
  saveError: string | null;
  pending: number;
  /** Wraps a save so the header shows Saving… then Saved (or the error). */
  trackSave: <T>(p: Promise<T>) => Promise<T>;
};

export const createSaveSlice: StateCreator<SaveSlice, [], [], SaveSlice> = (set) => ({
  saveState: 'idle',
  saveError: null,
  pending: 0,
  trackSave: async (p) => {
    set((s) => ({ pending: s.pending + 1, saveState: 'saving' }));
    try {
      const v = await p;
      set((s) => ({ pending: s.pending - 1, saveState: s.pending - 1 > 0 ? 'saving' : 'saved', saveError: null }));
      return v;
    } catch (e) {
      set((s) => ({ pending: s.pending - 1, saveState: 'error', saveError: e instanceof Error ? e.message : String(e) }));
      throw e;
    }
  },
});
