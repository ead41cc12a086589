import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { startHost } from '../../host/server';
import type { Command } from '../command';
import { guarded, numberFlag, parse } from '../command';

/** The built renderer sits next to the built CLI: out/renderer beside out/cli. */
export function rendererDir(): string {
  return process.env.KAIZEN_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener: the printed URL is enough.
  }
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
      const services = await createServices({
        dataDir: values['data-dir'] ?? defaultDataDir(),
        platform: { transport: 'browser' },
        seedDemo: true,
      });
      const host = await startHost({ services, staticDir: rendererDir(), port });
      io.out(`Kaizen Studio is running at ${host.url}`);
      if (!values['no-open']) openBrowser(host.url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void host.close().then(() => {
            services.close();
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      return 0;
    }),
};
