import type { systemMethods } from '../../../common/contract/schemas/system';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';

export function systemHandlers(ctx: ServiceContext): Handlers<keyof typeof systemMethods> {
  const { platform } = ctx;
  const unsupported = () =>
    new AppError('UNSUPPORTED', 'Native file dialogs exist only in the desktop app; use the file picker in the page.');
  return {
    'job-cancel': ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
    'app-info': () => ({
      version: ctx.version,
      dataDir: ctx.dataDir,
      dbPath: ctx.dbPath,
      transport: platform.transport,
      nativeDialogs: Boolean(platform.showOpenDialog),
      storeWarning: ctx.health.storeWarning,
    }),
    'dialog-open-file': async (o) => {
      if (!platform.showOpenDialog) throw unsupported();
      const r = await platform.showOpenDialog(o);
      const chosen = r.paths[0];
      if (r.canceled || !chosen) return { canceled: true, handle: null, name: null };
      return { canceled: false, ...ctx.files.issue(chosen, 'open') };
    },
    'dialog-save-file': async (o) => {
      if (!platform.showSaveDialog) throw unsupported();
      const r = await platform.showSaveDialog(o);
      if (r.canceled || !r.path) return { canceled: true, handle: null, name: null };
      return { canceled: false, ...ctx.files.issue(r.path, 'save') };
    },
  };
}
