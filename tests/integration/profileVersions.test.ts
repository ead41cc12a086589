import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIME_COLUMN_SKIP } from '../../main/importers/profiler';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The profile's comparison of a new version with the previous one (issue 20): a time column is not compared (an
// append always brings later dates, so PSI flagged it as "shifted"), and category columns are compared by their
// shares (one bin per value). Expected PSI by hand: shares 0.5/0.5 → 0.9/0.1:
//   (0.9 − 0.5)·ln(0.9/0.5) + (0.1 − 0.5)·ln(0.1/0.5) = 0.4·ln 1.8 + 0.4·ln 5 = 0.878890…
let s: TestServices;
let eventId: string;
const dir = tempDir('kaizen-profile-versions-');

function log(name: string, days: [number, number], euShare: number): string {
  const rows = ['timestamp,region,cache_hit,total_ms'];
  let i = 0;
  for (let d = days[0]; d <= days[1]; d++) {
    for (let k = 0; k < 20; k++, i++) {
      const region = k < euShare * 20 ? 'eu' : 'us';
      rows.push(`2026-11-${String(d).padStart(2, '0')}T${String(k).padStart(2, '0')}:00:00Z,${region},${k % 4 === 0},${100 + ((i * 37) % 50)}`);
    }
  }
  const f = path.join(dir, name);
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

const expectedPsi = 0.4 * Math.log(1.8) + 0.4 * Math.log(5);

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Profile versions' })).id;
}, 60_000);
afterAll(() => s.close());

describe('profile against the previous version', () => {
  it('an append: the time column is skipped with the reason, category shares are compared, numbers as before', async () => {
    const v1 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: log('a.csv', [1, 10], 0.5) }, name: 'log' });
    const v2 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: log('b.csv', [11, 20], 0.9) }, name: 'log', append: true });
    expect(v2.version).toBe(2);
    const p = await s.call('dataset-profile', { datasetId: v1.datasetId! });
    const col = (n: string) => p.columns.find((c) => c.name === n)!;
    expect(col('timestamp').psi).toBeNull();
    expect(col('timestamp').psiSkipped).toBe(TIME_COLUMN_SKIP);
    expect(col('timestamp').warnings.some((w) => w.code === 'drift')).toBe(false);
    expect(v2.warnings.some((w) => w.code === 'drift' && w.column === 'timestamp')).toBe(false);
    expect(col('region').psi).toMatchObject({ kind: 'categorical', flagged: true, againstVersion: 1, edges: [] });
    expect(col('region').psi!.value).toBeCloseTo(expectedPsi, 12);
    expect(col('region').warnings.find((w) => w.code === 'drift')!.message).toBe(`region: category shares shifted against version 1 (PSI ${expectedPsi.toFixed(3)} > 0.2).`);
    expect(v2.warnings.some((w) => w.code === 'drift' && w.column === 'region')).toBe(true);
    // Booleans are categories too: every 4th row true on both sides → PSI 0.
    expect(col('cache_hit').psi).toMatchObject({ kind: 'categorical', value: 0, flagged: false });
    expect(col('total_ms').psi).toMatchObject({ kind: 'numeric', flagged: false });
  }, 60_000);

  it('a full new version: category shares against the previous version read back from the store', async () => {
    const v1 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: log('c.csv', [1, 10], 0.5) }, name: 'full' });
    await s.call('dataset-import', { eventId, source: { kind: 'path', path: log('d.csv', [11, 20], 0.9) }, name: 'full' });
    const p = await s.call('dataset-profile', { datasetId: v1.datasetId! });
    const col = (n: string) => p.columns.find((c) => c.name === n)!;
    expect(col('region').psi!.value).toBeCloseTo(expectedPsi, 12);
    expect(col('region').psi!.kind).toBe('categorical');
    expect(col('timestamp').psiSkipped).toBe(TIME_COLUMN_SKIP);
  }, 60_000);
});
