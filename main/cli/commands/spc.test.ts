import { describe, expect, it } from 'vitest';
import { buildChart } from '../../../common/domain/spc/buildChart';
import { describeTest, presetConfig } from '../../../common/domain/spc/runRules';
import type { TestNumber } from '../../../common/domain/spc/runRules';
import type { SpcPanel, SpcPoint, SpcResult } from '../../../common/domain/spc/types';
import { spcText } from './spc';

const nelson = presetConfig('nelson');
const describe_ = (t: TestNumber) => describeTest(t, nelson.k[t]);

/** An I-MR chart in two stages whose second half shifts: signals on both panels, spread over the series. */
function staged(n: number): SpcResult {
  const subgroups = Array.from({ length: n }, (_, i) => ({
    label: String(i + 1),
    values: [400 + ((i * 7919) % 13) + (i % 97 === 0 ? 40 : 0) - (i > n * 0.75 ? 12 : 0)],
    stage: i < n / 2 ? 'before' : 'after',
  }));
  return buildChart({ chart: 'imr', subgroups, tests: nelson });
}

/** The summary as it was built before (a search of the points per signal), kept as the reference. */
function textBefore(r: SpcResult, file: string): string[] {
  const fmt = (v: number | undefined) => (v === undefined ? '—' : Number(v.toPrecision(7)).toString());
  const lines = [`${r.chart} chart of ${file} (${r.sigmaMethod}, limits ±${r.nsigmas} σ)`];
  const target = (t: number | undefined) => (t === undefined ? '' : `  target μ0 ${fmt(t)}`);
  for (const p of r.panels) {
    lines.push(`  ${p.statistic}: CL ${fmt(p.center)}  UCL ${p.ucl !== undefined ? fmt(p.ucl) : 'varies'}  LCL ${p.lcl !== undefined ? fmt(p.lcl) : 'varies'}  σ ${fmt(p.sigma)}${target(p.target)}  (${p.points.length} points)`);
    if (p.stages.length > 1) for (const s of p.stages) lines.push(`    stage ${s.name} (points ${s.from}–${s.to}): CL ${fmt(s.center)}  UCL ${s.ucl === null ? 'varies' : fmt(s.ucl)}  LCL ${s.lcl === null ? 'varies' : fmt(s.lcl)}${target(s.target)}`);
    if (p.signals.length === 0) lines.push('    no signals');
    for (const s of p.signals) {
      const pt = p.points.find((q) => q.index === s.index)!;
      lines.push(`    point ${s.index} (subgroup ${pt.subgroup}, value ${fmt(pt.value)}): ${describe_(s.test)}`);
    }
  }
  return lines;
}

/** The same result with every panel's points behind a proxy that counts how many points are read. */
function counted(r: SpcResult): { result: SpcResult; reads: () => number } {
  let reads = 0;
  const panels = r.panels.map((p): SpcPanel => ({
    ...p,
    points: new Proxy(p.points, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as SpcPoint[],
  }));
  return { result: { ...r, panels }, reads: () => reads };
}

describe('spcText (kaizen spc without --json)', () => {
  it('prints the same lines as before on a staged chart with signals on both panels', () => {
    const r = staged(2_000);
    expect(r.panels.every((p) => p.signals.length > 20)).toBe(true);
    const lines = spcText(r, 'log.csv', describe_);
    expect(lines).toEqual(textBefore(r, 'log.csv'));
    expect(lines).toContain('    stage before (points 1–1000): CL ' + Number(r.panels[0]!.stages[0]!.center.toPrecision(7)).toString() + '  UCL ' + Number(r.panels[0]!.stages[0]!.ucl!.toPrecision(7)).toString() + '  LCL ' + Number(r.panels[0]!.stages[0]!.lcl!.toPrecision(7)).toString());
  });

  it('reads each point once per panel, however many signals there are (linear, not a search per signal)', () => {
    const r = staged(6_000);
    const signals = r.panels.reduce((a, p) => a + p.signals.length, 0);
    const points = r.panels.reduce((a, p) => a + p.points.length, 0);
    expect(signals).toBeGreaterThan(200);
    const { result, reads } = counted(r);
    spcText(result, 'log.csv', describe_);
    // A search per signal reads on average half the points for each of the signals (here over 20 million reads).
    expect(reads()).toBeLessThanOrEqual(points);
  });

  it('says "no signals" for a panel without any', () => {
    const r = buildChart({ chart: 'imr', subgroups: [5, 5.1, 4.9, 5, 5.05].map((v, i) => ({ label: String(i + 1), values: [v] })), tests: presetConfig('minitab') });
    expect(spcText(r, 'x.csv', describe_)).toEqual(textBefore(r, 'x.csv'));
    expect(spcText(r, 'x.csv', describe_).filter((l) => l === '    no signals')).toHaveLength(2);
  });
});
