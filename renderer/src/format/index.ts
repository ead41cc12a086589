import { useAppStore } from '../store';
import { createFormats } from './format';
import type { Formats } from './format';

export type { Formats } from './format';

/** The operating system's locale: Electron passes app.getLocale() to the page as navigator.language. */
export function systemLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-GB';
}

let current: Formats = createFormats(systemLocale());

/** The formats in use now. Components read them through `useFormats()` so a locale change re-renders them. */
export function fmt(): Formats {
  return current;
}

/** Called when Display settings load or change (null: the operating system's locale). */
export function applyLocale(chosen: string | null): Formats {
  const locale = chosen ?? systemLocale();
  if (current.locale !== locale) current = createFormats(locale);
  return current;
}

/** The current formats; re-renders the caller when the locale changes. */
export function useFormats(): Formats {
  useAppStore((s) => s.locale);
  return current;
}

/** A calendar day in the current locale (drop-in for the reports' fixed `formatDate`). */
export function formatDate(iso: string | null | undefined): string {
  return current.date(iso);
}

/** A day and time in the current locale. */
export function formatDateTime(iso: string | number | null | undefined): string {
  return current.dateTime(iso);
}
