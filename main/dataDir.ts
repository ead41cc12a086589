import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Kaizen Studio';

/** Same folder Electron's app.getPath('userData') uses, so the CLI, browser mode and the app share data. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KAIZEN_DATA_DIR) return path.resolve(env.KAIZEN_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
