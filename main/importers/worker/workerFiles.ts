import fs from 'node:fs';
import path from 'node:path';

/**
 * A bundled worker beside the running bundle (out/<entry>/ → out/workers/<name>.cjs), or in
 * KAIZEN_WORKERS_DIR (the benchmarks bundle their own); null when running unbundled (vitest), where
 * callers do the same work in-process.
 */
export function workerFile(name: 'import.worker' | 'parse.worker' | 'analysis.worker'): string | null {
  const dirs = [process.env.KAIZEN_WORKERS_DIR, typeof __dirname === 'undefined' ? undefined : path.join(__dirname, '..', 'workers'), typeof __dirname === 'undefined' ? undefined : __dirname];
  for (const d of dirs) {
    if (!d) continue;
    const f = path.join(d, `${name}.cjs`);
    if (fs.existsSync(f)) return f;
  }
  return null;
}
