import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-12-03T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Capability depth' })).id;
});
afterEach(() => s.close());

/** Deterministic N(0, 1) values (LCG + Box-Muller), so the test data are the same on every run. */
function normals(n: number, seed: number): number[] {
  let x = seed;
  const u = () => ((x = (x * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}
const day = (i: number) => new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10);

/** A manual KPI: 25 days around 50 (before), then 25 days around 30 (after the change on day 25). */
async function stagedKpi(after: (v: number[]) => number[] = (v) => v) {
  const kpi = await s.call('kpi-create', { eventId, name: 'Handling time', unit: 'min', direction: 'lower', source: { kind: 'manual' }, lsl: 20, usl: 40, chart: { preset: 'minitab', stages: [{ date: day(25), name: 'After' }] } });
  const before = normals(25, 11).map((z) => 50 + 1.5 * z);
  const later = after(normals(25, 23).map((z) => 30 + 1.5 * z));
  const all = [...before, ...later];
  for (let i = 0; i < all.length; i++) await s.call('kpi-entry-add', { kpiId: kpi.id, date: day(i), value: Number(all[i]!.toFixed(3)) });
  return { kpi, before, later };
}

describe('capability of a staged KPI against its own spec limits', () => {
  it('computes the last stage by default (a staged, shifted series is not pooled) and any stage on request', async () => {
    const { kpi, later } = await stagedKpi();
    const cap = await s.call('spc-capability', { kpiId: kpi.id });
    expect(cap.stage).toEqual({ name: 'After', from: 26, to: 50, names: ['Before', 'After'] });
    expect(cap.n).toBe(25);
    expect(cap.mean).toBeCloseTo(later.reduce((a, b) => a + b, 0) / 25, 2);
    // Pooled over both stages σ_overall would be ≈ 10 (the 20-minute shift); within the stage it is ≈ 1.5.
    expect(cap.sigma_overall).toBeLessThan(2.5);
    expect(cap.lsl).toBe(20);
    expect(cap.usl).toBe(40);
    expect(cap.inControl).toBe(true);
    expect(cap.signals).toEqual([]);
    expect(cap.cpk).toBeGreaterThan(1.33);
    expect(cap.verdict).toMatch(/^Capable \(normal\): Cpk .* ≥ 1.33 in stage "After"/);
    expect(cap.normality!.p).toBeGreaterThan(0.05);
    expect(cap.normality!.plot).toHaveLength(25);
    const before = await s.call('spc-capability', { kpiId: kpi.id, stage: 'Before' });
    expect(before.stage.from).toBe(1);
    expect(before.mean).toBeGreaterThan(45);
    expect(before.cpk).toBeLessThan(0);
    expect(before.verdict).toMatch(/^Not capable/);
    await expect(s.call('spc-capability', { kpiId: kpi.id, stage: 'During' })).rejects.toThrow(/no stage "During"; its stages are Before, After/);
  });

  it('refuses to call an out-of-control stage capable and lists the signals', async () => {
    const { kpi } = await stagedKpi((v) => v.map((x, i) => (i === 12 ? x + 12 : x)));
    const cap = await s.call('spc-capability', { kpiId: kpi.id });
    expect(cap.inControl).toBe(false);
    expect(cap.signals).toContainEqual({ index: 38, date: day(37), tests: [1] });
    expect(cap.verdict).toMatch(/^Not judged: the chart shows \d+ points? out of control in stage "After"/);
    expect(cap.warnings[0]).toMatch(/out of control .*point 38 \(2026-11-07: test 1\)/);
  });

  it('Box-Cox and percentile methods on request, with λ shown', async () => {
    const { kpi } = await stagedKpi((v) => v.map((x) => Math.exp((x - 30) / 6) * 30));
    const bc = await s.call('spc-capability', { kpiId: kpi.id, method: 'boxcox' });
    expect(bc.boxCox!.lambda).toBeGreaterThan(-5);
    expect(bc.boxCox!.indices.ppk).not.toBeNull();
    expect(bc.verdict).toMatch(/Box-Cox λ = /);
    const given = await s.call('spc-capability', { kpiId: kpi.id, method: 'boxcox', lambda: 0 });
    expect(given.boxCox!.lambda).toBe(0);
    expect(given.boxCox!.lsl).toBeCloseTo(Math.log(20), 12);
    const pc = await s.call('spc-capability', { kpiId: kpi.id, method: 'percentile' });
    expect(pc.percentile!.ppk).not.toBeNull();
    expect(pc.percentile!.warning).toMatch(/Only 25 values/);
  });

  it('the report uses the same spec limits, stage and numbers as the KPI page', async () => {
    const { kpi } = await stagedKpi();
    await s.call('kpi-update', { id: kpi.id, patch: { alertThreshold: 45 } });
    const cap = await s.call('spc-capability', { kpiId: kpi.id });
    const out = tempDir('kaizen-cap-report-');
    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r.html'), sections: ['kpis'] })).files[0]!.path, 'utf8');
    expect(html).toContain('LSL 20 min, USL 40 min');
    expect(html).not.toContain('alert threshold)');
    expect(html).toContain(`After (points 26–50, n = 25)`);
    expect(html).toContain(`<dd>${cap.cpk!.toFixed(2)}</dd>`);
    expect(html).toContain(cap.verdict.replace(/"/g, '&quot;'));
  });

  it('spec limits are KPI fields: saved, validated, logged', async () => {
    const k = await s.call('kpi-create', { eventId, name: 'x', direction: 'lower', source: { kind: 'manual' } });
    expect(k.lsl).toBeNull();
    const u = await s.call('kpi-update', { id: k.id, patch: { lsl: 1.5, usl: 9 } });
    expect([u.lsl, u.usl]).toEqual([1.5, 9]);
    await expect(s.call('kpi-update', { id: k.id, patch: { usl: 1 } })).rejects.toThrow(/upper spec limit \(1\) must be above the lower spec limit \(1.5\)/);
    const log = s.db.prepare("SELECT payload FROM change_log WHERE entity = 'kpi' AND action = 'update'").pluck().all() as string[];
    expect(JSON.parse(log[0]!)).toMatchObject({ lsl: 1.5, usl: 9 });
  });
});

describe('historical (known) parameters on the KPI chart', () => {
  it('centre and limits come from the known mean and σ instead of the data', async () => {
    const { kpi } = await stagedKpi();
    await s.call('kpi-update', { id: kpi.id, patch: { chart: { ...kpi.chart, stages: [], knownMean: 40, knownSigma: 2 } } });
    const chart = await s.call('spc-chart-get', { kpiId: kpi.id });
    const i = chart.panels[0]!;
    expect(i.center).toBe(40);
    expect(i.ucl).toBeCloseTo(46, 12);
    expect(i.lcl).toBeCloseTo(34, 12);
    expect(chart.sigmaMethod).toMatch(/known σ/);
  });
});
