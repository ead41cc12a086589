import type { StateCreator } from 'zustand';

export type ThemeName = 'light' | 'dark' | 'contrast';

export type DisplaySlice = {
  /** The locale in use (the chosen one, or the operating system's). */
  locale: string;
  /** The theme on screen after resolving 'system' against the OS (prefers-color-scheme, prefers-contrast). */
  theme: ThemeName;
  setDisplay: (d: { locale?: string; theme?: ThemeName }) => void;
};

export const createDisplaySlice: StateCreator<DisplaySlice, [], [], DisplaySlice> = (set) => ({
  locale: typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-GB',
  theme: 'light',
  setDisplay: (d) => set(d),
});
