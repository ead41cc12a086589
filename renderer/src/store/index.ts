import { create } from 'zustand';
import { createHistorySlice } from './historySlice';
import type { HistorySlice } from './historySlice';
import { createToastSlice } from './toastSlice';
import type { ToastSlice } from './toastSlice';
import { createSaveSlice } from './saveSlice';
import type { SaveSlice } from './saveSlice';
import { createUiSlice } from './uiSlice';
import type { UiSlice } from './uiSlice';
import { createDisplaySlice } from './displaySlice';
import type { DisplaySlice } from './displaySlice';

export type AppState = HistorySlice & ToastSlice & SaveSlice & UiSlice & DisplaySlice;

/** The one store, built from slices. Components read it through atomic selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createHistorySlice(...a),
  ...createToastSlice(...a),
  ...createSaveSlice(...a),
  ...createUiSlice(...a),
  ...createDisplaySlice(...a),
}));
