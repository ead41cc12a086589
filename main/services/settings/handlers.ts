import { DisplaySettings, LocaleTag, ThemeChoice } from '../../../common/contract/schemas/settings';
import type { settingsMethods } from '../../../common/contract/schemas/settings';
import { readSetting, writeSetting } from '../../db/repositories/settings';
import type { Db } from '../../db/connection';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';

const THEME_KEY = 'display.theme';
const LOCALE_KEY = 'display.locale';

/** Reads the display settings; a value damaged in the file falls back to its default rather than failing. */
function readDisplay(db: Db): DisplaySettings {
  const theme = ThemeChoice.safeParse(readSetting(db, THEME_KEY));
  const locale = LocaleTag.safeParse(readSetting(db, LOCALE_KEY));
  return DisplaySettings.parse({ theme: theme.success ? theme.data : 'system', locale: locale.success ? locale.data : null });
}

export function settingsHandlers(ctx: ServiceContext): Handlers<keyof typeof settingsMethods> {
  return {
    'settings-get': () => readDisplay(ctx.db),
    'settings-set': ({ theme, locale }) => {
      ctx.db.transaction(() => {
        if (theme !== undefined) writeSetting(ctx.db, THEME_KEY, theme === 'system' ? null : theme);
        if (locale !== undefined) writeSetting(ctx.db, LOCALE_KEY, locale);
      })();
      return readDisplay(ctx.db);
    },
  };
}
