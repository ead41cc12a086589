import type { StateCreator } from 'zustand';

export type UiSlice = {
  paletteOpen: boolean;
  newEventOpen: boolean;
  setNewEventOpen: (open: boolean) => void;
  /** Asked from the command palette: open Export event… (in an event) or Import event… (on Home). */
  archiveDialog: 'export' | 'import' | null;
  setArchiveDialog: (d: 'export' | 'import' | null) => void;
  presenter: boolean;
  /** Bumped when main says data changed, so views refetch. Keyed by area. */
  dataVersion: Record<string, number>;
  setPaletteOpen: (open: boolean) => void;
  setPresenter: (on: boolean) => void;
  bumpData: (area: string) => void;
};

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  paletteOpen: false,
  newEventOpen: false,
  setNewEventOpen: (newEventOpen) => set({ newEventOpen }),
  archiveDialog: null,
  setArchiveDialog: (archiveDialog) => set({ archiveDialog }),
  presenter: false,
  dataVersion: {},
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setPresenter: (presenter) => set({ presenter }),
  bumpData: (area) => set((s) => ({ dataVersion: { ...s.dataVersion, [area]: (s.dataVersion[area] ?? 0) + 1 } })),
});
