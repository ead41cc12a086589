import type { systemMethods } from '../../common/contract/schemas/system';
import { AppError } from '../../common/contract/errors';
import type { ServiceContext } from '../context';
import type { Handlers } from '../handlers';

export function systemHandlers(ctx: ServiceContext): Handlers<keyof typeof systemMethods> {
  const { platform } = ctx;
  const unsupported = () =>
    new AppError('UNSUPPORTED', 'Native file dialogs exist only in the desktop app; use the file picker in the page.');
  return {
    'app-info': () => ({
      version: ctx.version,
      dataDir: ctx.dataDir,
      dbPath: ctx.dbPath,
      transport: platform.transport,
      nativeDialogs: Boolean(platform.showOpenDialog),
    }),
    'dialog-open-file': async (o) => {
      if (!platform.showOpenDialog) throw unsupported();
      return platform.showOpenDialog(o);
    },
    'dialog-save-file': async (o) => {
      if (!platform.showSaveDialog) throw unsupported();
      return platform.showSaveDialog(o);
    },
  };
}
