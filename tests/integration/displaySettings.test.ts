import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../common/contract/errors';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices | null = null;
afterEach(() => {
  s?.close();
  s = null;
});

describe('display settings (theme and locale, store-wide)', () => {
  it('follows the system until set, keeps the choice across a restart, and null returns to the OS locale', async () => {
    s = await tempServices();
    expect(await s.call('settings-get', {})).toEqual({ theme: 'system', locale: null });
    expect(await s.call('settings-set', { locale: 'de-DE', theme: 'contrast' })).toEqual({ theme: 'contrast', locale: 'de-DE' });
    const dataDir = s.dataDir;
    s.close();
    s = await tempServices({ dataDir });
    expect(await s.call('settings-get', {})).toEqual({ theme: 'contrast', locale: 'de-DE' });
    // Only the field given changes.
    expect(await s.call('settings-set', { theme: 'dark' })).toEqual({ theme: 'dark', locale: 'de-DE' });
    expect(await s.call('settings-set', { locale: null, theme: 'system' })).toEqual({ theme: 'system', locale: null });
  });

  it('refuses a locale that is not a language tag and a theme it does not have, changing nothing', async () => {
    s = await tempServices();
    await s.call('settings-set', { locale: 'en-GB' });
    for (const bad of [{ locale: 'de_DE' }, { locale: '"><script>' }, { locale: 'x'.repeat(60) }, { theme: 'neon' }]) {
      const err = await s.call('settings-set', bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION');
    }
    expect(await s.call('settings-get', {})).toEqual({ theme: 'system', locale: 'en-GB' });
  });

  it('a damaged stored value falls back to the default instead of failing', async () => {
    s = await tempServices();
    s.db.prepare("INSERT INTO settings (key, value) VALUES ('display.theme', 'neon'), ('display.locale', 'not a tag')").run();
    expect(await s.call('settings-get', {})).toEqual({ theme: 'system', locale: null });
  });
});
