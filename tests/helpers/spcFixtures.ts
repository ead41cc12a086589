/** Loads a published qcc dataset typed into tests/fixtures/spc as rows of strings. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadFixture(name: string): Record<string, string>[] {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'spc', `${name}.csv`), 'utf8');
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

/** Loads a JSON fixture of tests/fixtures/spc (reference values computed with scipy/numpy, each citing its source). */
export function loadJsonFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'spc', `${name}.json`), 'utf8')) as T;
}
