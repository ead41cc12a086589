import fs from 'node:fs';
import path from 'node:path';

/** Finds resources/ next to the source tree, the build output, or the packaged app. */
export function defaultResourcesDir(): string {
  const fromEnv = process.env.KAIZEN_RESOURCES_DIR;
  if (fromEnv) return fromEnv;
  const candidates: string[] = [];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'resources'));
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    candidates.push(path.join(dir, 'resources'));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'demo', 'event.json')));
  if (!found) throw new Error(`Kaizen Studio resources not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function appVersion(): string {
  return process.env.KAIZEN_VERSION ?? '0.1.0';
}
