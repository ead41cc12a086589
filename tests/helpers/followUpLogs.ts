import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './bundle';

/**
 * December 2026 of the demo's inference log from the demo's own seeded generator (`--follow-up held|degraded|improved`),
 * cut to the days before `before` (YYYY-MM-DD; rows start with their timestamp). The month is generated once per
 * folder; returns the path of the cut file.
 */
export function followUpLog(dir: string, kind: 'held' | 'degraded' | 'improved', before = '2027-01-01'): string {
  const month = path.join(dir, `inference-${kind}-month.csv`);
  if (!fs.existsSync(month)) execFileSync(process.execPath, [path.join(ROOT, 'scripts/generate-demo-data.mjs'), '--follow-up', kind, '--out', month]);
  const lines = fs.readFileSync(month, 'utf8').trimEnd().split('\n');
  const out = path.join(dir, `inference-${kind}-${before}.csv`);
  fs.writeFileSync(out, `${[lines[0], ...lines.slice(1).filter((l) => l < before)].join('\n')}\n`);
  return out;
}
