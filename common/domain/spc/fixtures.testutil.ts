// Test-only loader for the published qcc datasets typed into tests/fixtures/spc (Node is fine in tests).
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path';

export function loadFixture(name: string): Record<string, string>[] {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'spc', `${name}.csv`), 'utf8');
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}
