import { useCallback, useEffect, useState } from 'react';
import type { DisplaySettings, ThemeChoice } from '../../../../common/contract/schemas/settings';
import { call, errorMessage } from '../../api/client';
import { applyLocale } from '../../format';
import { useAppStore } from '../../store';
import type { ThemeName } from '../../store/displaySlice';

const DARK = '(prefers-color-scheme: dark)';
const MORE_CONTRAST = '(prefers-contrast: more)';

/** 'system' resolved against the OS: more contrast wins, then dark, else light. */
export function resolveTheme(choice: ThemeChoice): ThemeName {
  if (choice !== 'system') return choice;
  if (typeof window.matchMedia !== 'function') return 'light';
  if (window.matchMedia(MORE_CONTRAST).matches) return 'contrast';
  return window.matchMedia(DARK).matches ? 'dark' : 'light';
}

let saved: DisplaySettings = { theme: 'system', locale: null };
const listeners = new Set<(d: DisplaySettings) => void>();

function apply(d: DisplaySettings): void {
  saved = d;
  const theme = resolveTheme(d.theme);
  document.documentElement.dataset.theme = theme;
  // <html lang> stays 'en': the words are English whatever locale writes the dates and numbers.
  const locale = applyLocale(d.locale).locale;
  useAppStore.getState().setDisplay({ theme, locale });
  for (const l of listeners) l(d);
}

/**
 * Run once by App: loads the display settings from main, applies theme and locale, and follows the OS when the
 * theme is 'system' (a change of the OS setting applies at once).
 */
export function useDisplaySetup(): void {
  useEffect(() => {
    apply(saved);
    call('settings-get', {}).then(apply, () => undefined);
    if (typeof window.matchMedia !== 'function') return;
    const queries = [window.matchMedia(DARK), window.matchMedia(MORE_CONTRAST)];
    const onChange = () => { if (saved.theme === 'system') apply(saved); };
    for (const q of queries) q.addEventListener('change', onChange);
    return () => { for (const q of queries) q.removeEventListener('change', onChange); };
  }, []);
}

/** Stores a change of theme or locale in main and applies what main answers; a refusal is shown as a toast. */
export async function saveDisplay(patch: Partial<DisplaySettings>): Promise<void> {
  try {
    apply(await call('settings-set', patch));
  } catch (e) {
    useAppStore.getState().toast({ kind: 'error', message: `Display settings not saved: ${errorMessage(e)}` });
  }
}

/** The saved choices and a setter that stores them in main, then applies them. */
export function useDisplaySettings(): { settings: DisplaySettings; save: (patch: Partial<DisplaySettings>) => Promise<void> } {
  const [settings, setSettings] = useState(saved);
  useEffect(() => {
    listeners.add(setSettings);
    return () => { listeners.delete(setSettings); };
  }, []);
  const save = useCallback((patch: Partial<DisplaySettings>) => saveDisplay(patch), []);
  return { settings, save };
}
