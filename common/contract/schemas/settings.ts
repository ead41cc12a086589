import { z } from 'zod';
import { method } from './define';

/**
 * How the app looks on this machine: its theme and the locale that formats every date and number on screen.
 * Store-wide (the `settings` table), not any event's; reports keep their own fixed formats (README).
 */
export const ThemeChoice = z.enum(['system', 'light', 'dark', 'contrast']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;

/** A BCP 47 tag such as en-GB, en-US or de-DE that Intl knows; null follows the operating system. */
export const LocaleTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-GB, en-US or de-DE')
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a language tag this app can format for');

export const DisplaySettings = z.object({ theme: ThemeChoice, locale: LocaleTag.nullable() });
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const settingsMethods = {
  'settings-get': method(z.object({}).default({}), DisplaySettings),
  /** Changes what is given; `locale: null` goes back to the operating system's locale. Answers the result. */
  'settings-set': method(z.object({ theme: ThemeChoice.optional(), locale: LocaleTag.nullable().optional() }), DisplaySettings),
} as const;
