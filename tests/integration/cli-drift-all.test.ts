import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

// `kaizen drift --all-columns` on two files. Expected numbers: scipy 1.17.1 on the same formulas,
//   i = np.arange(2400); ref rows i < 1200, cur rows i ≥ 1200 (written to two files here)
//   b: stats.wasserstein_distance / np.std(ref) = 0.8684582148635949; a: 0.006077177363398365
//   kind p,q vs p,q,r: distance.jensenshannon = 0.3637363395632863 (natural log), base 2 0.4368918683394205
const dir = tempDir('kaizen-cli-drift-all-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function rows(from: number, to: number): string {
  const out = ['timestamp,request_id,a,b,c,tier,kind'];
  for (let i = from; i < to; i++) {
    const day = 1 + Math.floor(i / 120);
    const a = ((i * 7919) % 1000) / 10;
    const b = ((i * 104729) % 1000) / 10 + (i >= 1200 ? 25 : 0);
    const kind = i < 1200 ? ['p', 'q'][i % 2] : ['p', 'q', 'r'][i % 3];
    out.push(`2026-11-${String(day).padStart(2, '0')}T08:00:00Z,txn-${String(i).padStart(5, '0')},${a},${b},${i % 3},${['gold', 'silver', 'bronze'][i % 3]},${kind}`);
  }
  return out.join('\n') + '\n';
}
const ref = writeFile(dir, 'ref.csv', rows(0, 1200));
const cur = writeFile(dir, 'cur.csv', rows(1200, 2400));

describe('kaizen drift --all-columns', () => {
  it('prints every column with PSI and Evidently\'s test, the skipped columns and the dataset drift share (JSON)', async () => {
    const r = await runKaizen('drift', '--reference', ref, '--current', cur, '--all-columns', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['columns', 'dataset_drift', 'threshold', 'skipped', 'errors']);
    expect(j.columns.map((c: { column: string }) => c.column).sort()).toEqual(['a', 'b', 'c', 'kind', 'tier']);
    expect(j.skipped.map((k: { column: string }) => k.column)).toEqual(['timestamp', 'request_id']);
    const by = (c: string) => j.columns.find((x: { column: string }) => x.column === c);
    expect(Object.keys(by('b'))).toEqual(['column', 'kind', 'reference_count', 'current_count', 'missing', 'binning', 'psi', 'psi_band', 'drift', 'ks', 'wasserstein', 'chi_square', 'jensen_shannon', 'test']);
    expect(by('b').wasserstein.normed).toBeCloseTo(0.8684582148635949, 12);
    expect(by('b').test).toMatchObject({ name: 'wasserstein', threshold: 0.1, drift: true });
    expect(by('a').wasserstein.normed).toBeCloseTo(0.006077177363398365, 12);
    expect(by('kind').kind).toBe('categorical');
    expect(by('kind').jensen_shannon).toBeCloseTo(0.4368918683394205, 13);
    expect(by('kind').test.score).toBeCloseTo(0.3637363395632863, 13);
    // A category missing from the reference: χ² is infinite (null in JSON), p = 0.
    expect(by('kind').chi_square).toEqual({ statistic: null, df: 2, pvalue: 0 });
    expect(j.dataset_drift).toEqual({ columns: 5, drifted: 2, share: 0.4, threshold: 0.5, drift: false });
    // Sorted by PSI, largest first.
    const psis = j.columns.map((c: { psi: number }) => c.psi);
    expect(psis).toEqual([...psis].sort((x: number, y: number) => y - x));
  });
  it('--drift-share and --fail-on-drift: exit 1 when the share of drifted columns reaches the threshold', async () => {
    const r = await runKaizen('drift', '--reference', ref, '--current', cur, '--all-columns', '--drift-share', '0.4', '--fail-on-drift');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Dataset drift: 2 of 5 columns drifted \(40 %\); threshold share 0.4 → DATASET DRIFT/);
    expect(r.out).toMatch(/timestamp\tskipped: time column/);
    expect(r.err).toMatch(/dataset drift — 2 of 5 columns drifted/);
    const ok = await runKaizen('drift', '--reference', ref, '--current', cur, '--all-columns', '--fail-on-drift');
    expect(ok.code).toBe(0);
  });
  it('refuses flags that do not fit together (exit 2)', async () => {
    expect((await runKaizen('drift', '--reference', ref, '--current', cur, '--all-columns', '--column', 'a')).code).toBe(2);
    expect((await runKaizen('drift', '--reference', ref, '--current', cur, '--column', 'a', '--drift-share', '0.3')).code).toBe(2);
    const bad = await runKaizen('drift', '--reference', ref, '--current', cur, '--all-columns', '--drift-share', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--drift-share must be above 0 and at most 1/);
  });
});
