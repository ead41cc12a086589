import path from 'node:path';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { acquireDataDirLock } from '../../dataDirLock';
import { startHost } from '../../host/server';
import { killAllRenders } from '../../reports/pdf/liveRenders';
import { openBrowser } from '../openBrowser';
import type { Command } from '../command';
import { guarded, numberFlag, parse } from '../command';

/** The built renderer sits next to the built CLI: out/renderer beside out/cli. */
export function rendererDir(): string {
  return process.env.KAIZEN_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run Kaizen Studio in your browser (browser mode)',
  usage: 'kaizen serve [--port N] [--data-dir DIR] [--no-open]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-open': { type: 'boolean' },
      });
      const port = numberFlag(values.port, '--port') ?? 0;
      const dataDir = values['data-dir'] ?? defaultDataDir();
      // One long-running Kaizen Studio per data folder; a second one says who holds it and exits 2 (guarded).
      const lock = acquireDataDirLock(dataDir, 'kaizen serve');
      if (lock.unwritable) io.err(`kaizen: ${lock.unwritable} (${path.resolve(dataDir)}): opening the event store read-only; changes will be refused until there is room.`);
      try {
        const services = await createServices({ dataDir, platform: { transport: 'browser' }, seedDemo: true, backgroundCheck: true });
        const host = await startHost({ services, staticDir: rendererDir(), port }).catch((e: unknown) => {
          services.close();
          throw e;
        });
        // Listen for Ctrl-C before printing the URL: whoever reads the line may stop us at once.
        const stopped = new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            // A PDF still rendering would keep us alive for up to a minute; its Chromium group goes now.
            killAllRenders();
            void host.close().then(() => {
              services.close();
              resolve();
            });
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        // stdout is the user's own terminal: the URL with the token stays there. The browser gets a one-time code.
        io.out(`Kaizen Studio is running at ${host.url}`);
        if (!values['no-open']) openBrowser(host.launchUrl());
        await stopped;
        return 0;
      } finally {
        lock.release();
      }
    }),
};
