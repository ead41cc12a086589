import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../main/cli/index';

export type CliResult = Readonly<{ code: number; out: string; err: string }>;

/** Runs `kaizen <argv…>` in-process, capturing stdout and stderr as the terminal would show them. */
export async function runKaizen(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** Writes a small input file for a CLI test and returns its path. */
export function writeFile(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}
