import { spawn } from 'node:child_process';

/** Starts a program detached from this one; failures are silent (the printed URL is enough). */
export type Launcher = (command: string, args: string[]) => void;

export const spawnDetached: Launcher = (command, args) => {
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener: the printed URL is enough.
  }
};

/**
 * The command that opens `url` in the user's browser: $BROWSER when set (as Python's webbrowser and most CLIs
 * honour it), else the platform's opener; null on a Linux without a display.
 */
export function browserCommand(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): { command: string; args: string[] } | null {
  if (env.BROWSER) return { command: env.BROWSER, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [url] };
}

/**
 * Opens the browser. The URL it is given must not carry the long-lived token: every local user can read a
 * process's arguments (`ps`), so `kaizen serve` passes a one-time launch code (host.launchUrl()) instead.
 */
export function openBrowser(url: string, launch: Launcher = spawnDetached, env: NodeJS.ProcessEnv = process.env): boolean {
  const cmd = browserCommand(url, env);
  if (!cmd) return false;
  launch(cmd.command, cmd.args);
  return true;
}
