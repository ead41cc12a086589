import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { psiCategorical, psiQuantile } from '../drift/psi';
import { driftCheck, kpiChecks, psiAgainstReference } from './evaluate';
import type { GuardrailCheck } from './evaluate';
import { junitXml, labelValue, metricName, openMetricsText, xmlEscape } from './formats';
import { parseGuardrails } from './guardrails';
import type { DriftGuardrail, KpiGuardrail } from './guardrails';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);
const days = (values: number[]) => values.map((value, i) => ({ start: T0 + i * DAY, value, n: 100 }));

/** An I-MR KPI held at centre 100, σ 2 (UCL 106, LCL 94) with the given tests. */
function kpi(direction: 'lower' | 'higher', enabled: number[] = [1, 2, 3, 4, 5, 6, 7, 8], alertThreshold: number | null = null): KpiGuardrail {
  return {
    name: 'Latency',
    unit: 'ms',
    direction,
    definition: { dataset: 'log', timeColumn: 't', column: 'v', statistic: 'p95', bucket: 'day', filters: [], condition: null },
    limits: { chart: 'imr', stage: 'After', from: '2026-11-12', to: '2026-11-30', points: 19, center: 100, sigma: 2, ucl: 106, lcl: 94, nsigmas: 3, lambda: 0.2, cusumK: 0.5, cusumH: 4 },
    tests: { enabled, k: { 1: 3, 2: 9, 3: 6, 4: 14, 5: 2, 6: 4, 7: 15, 8: 8 } },
    alertThreshold,
    target: null,
  };
}
const kind = (checks: GuardrailCheck[], k: string) => checks.find((c) => c.kind === k)!;
/** Noise around 100 that trips no test: ±1 alternating in pairs (no run of 9 on a side, no trend, no alternation of 14). */
const calm = (n: number) => Array.from({ length: n }, (_, i) => 100 + ([0.5, 0.8, -0.6, -0.4][i % 4] ?? 0));

describe('kpiChecks: fails only on the bad side', () => {
  it('a point above the UCL fails a lower-is-better KPI and passes, as an improvement, a higher-is-better one', () => {
    const v = [...calm(10), 112, ...calm(4)];
    const lower = kind(kpiChecks(kpi('lower', [1]), days(v)), 'limits');
    expect(lower).toMatchObject({ status: 'fail', value: 112, limit: 106 });
    expect(lower.detail).toMatch(/1 of 15 points above the UCL — the bad side/);
    const higher = kind(kpiChecks(kpi('higher', [1]), days(v)), 'limits');
    expect(higher.status).toBe('pass');
    expect(higher.detail).toMatch(/good side .* an improvement, not a failure/);
    expect(higher.limit).toBe(94);
  });

  it('a run of 9 below the centre (test 2) fails a higher-is-better KPI and is noted for a lower-is-better one', () => {
    const v = [...calm(4), ...Array.from({ length: 9 }, () => 98.5), ...calm(3)];
    const higher = kind(kpiChecks(kpi('higher'), days(v)), 'special-cause');
    expect(higher.status).toBe('fail');
    expect(higher.detail).toMatch(/signals? on the bad side .*Test 2: 9 points in a row/);
    const lower = kind(kpiChecks(kpi('lower'), days(v)), 'special-cause');
    expect(lower.status).toBe('pass');
    expect(lower.detail).toMatch(/Test 2: 9 points in a row on the same side of the centre line — on the good side/);
  });

  it('a rising trend (test 3) is bad for latency, a falling one is not', () => {
    const up = [...calm(4), 99, 99.5, 100, 100.5, 101, 101.5, ...calm(2)];
    const down = [...calm(4), 101.5, 101, 100.5, 100, 99.5, 99, ...calm(2)];
    expect(kind(kpiChecks(kpi('lower', [1, 3]), days(up)), 'special-cause').status).toBe('fail');
    expect(kind(kpiChecks(kpi('lower', [1, 3]), days(down)), 'special-cause').status).toBe('pass');
  });

  it('alternation (test 4) fails either way; points hugging the centre line (test 7) pass as less variation', () => {
    const saw = Array.from({ length: 16 }, (_, i) => (i % 2 ? 101.5 : 98.5));
    expect(kind(kpiChecks(kpi('lower', [1, 4]), days(saw)), 'special-cause').status).toBe('fail');
    expect(kind(kpiChecks(kpi('higher', [1, 4]), days(saw)), 'special-cause').status).toBe('fail');
    const flat = Array.from({ length: 16 }, (_, i) => 100 + (i % 3 === 0 ? 0.3 : -0.2));
    const c = kind(kpiChecks(kpi('lower', [1, 7]), days(flat)), 'special-cause');
    expect(c.status).toBe('pass');
    expect(c.detail).toMatch(/Test 7: .* less variation/);
  });

  it('the alert threshold fails on the bad side only, naming the first and worst buckets', () => {
    const v = [...calm(3), 104, 105, ...calm(2)];
    const c = kind(kpiChecks(kpi('lower', [1], 103.5), days(v)), 'threshold');
    expect(c).toMatchObject({ status: 'fail', value: 105, limit: 103.5 });
    expect(c.detail).toMatch(/2 of 7 days above the alert threshold 103.5 ms; first 2026-12-04 \(104 ms\), worst 2026-12-05 \(105 ms\)/);
    expect(kind(kpiChecks(kpi('higher', [1], 103.5), days(v)), 'threshold').status).toBe('fail');
    expect(kind(kpiChecks(kpi('higher', [1], 90), days(v)), 'threshold').status).toBe('pass');
  });

  it('fewer than 2 buckets is no-data for every check of the KPI', () => {
    const checks = kpiChecks(kpi('lower', [1, 2], 103), days([100]));
    expect(checks.map((c) => [c.kind, c.status])).toEqual([['limits', 'no-data'], ['special-cause', 'no-data'], ['threshold', 'no-data']]);
  });
});

describe('psiAgainstReference', () => {
  // A deterministic sample: the same PSI as the drift analysis computed with the reference rows themselves.
  const ref = Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  const cur = Array.from({ length: 3000 }, (_, i) => ((Math.sin(i * 78.233) * 12345.678) % 1) * 1.2 + 0.1);
  it('equals psiQuantile when the bins and reference fractions come from the stored result', () => {
    const full = psiQuantile(ref, cur);
    const g: DriftGuardrail = { name: 'x', column: 'x', kind: 'numeric', binning: 'quantile', edges: full.bins.slice(1).map((b) => b.lower!), categories: [], reference: full.bins.map((b) => b.reference), fill: 0.0001, threshold: 0.2, referenceRows: ref.length, reference_window: 'test' };
    expect(psiAgainstReference(g, { numbers: Float64Array.from(cur) }).psi).toBeCloseTo(full.psi, 12);
    expect(driftCheck(g, { numbers: cur }).status).toBe(full.psi >= 0.2 ? 'fail' : 'pass');
  });

  it('categorical: equals psiCategorical (ε mode), a new category included', () => {
    const r = ['a', 'a', 'b', 'c', 'c', 'c'];
    const c = ['a', 'b', 'b', 'd'];
    const full = psiCategorical(r, c, 'quantile');
    const refOnly = full.bins.filter((b) => b.referenceCount > 0);
    const g: DriftGuardrail = { name: 'x', column: 'x', kind: 'categorical', binning: 'categorical', edges: [], categories: refOnly.map((b) => b.label), reference: refOnly.map((b) => b.reference), fill: 0.0001, threshold: 0.2, referenceRows: r.length, reference_window: 'test' };
    expect(psiAgainstReference(g, { categories: new Map([['a', 1], ['b', 2], ['d', 1]]) }).psi).toBeCloseTo(full.psi, 12);
  });

  it('no values is no-data', () => {
    const g: DriftGuardrail = { name: 'x', column: 'x', kind: 'numeric', binning: 'quantile', edges: [1], categories: [], reference: [0.5, 0.5], fill: 0.0001, threshold: 0.2, referenceRows: 2, reference_window: 'test' };
    expect(driftCheck(g, { numbers: [Number.NaN] }).status).toBe('no-data');
  });
});

describe('parseGuardrails', () => {
  it('names the field at fault', () => {
    const file = { format: 'kaizen-guardrails', version: 1, event: { id: 'e', name: 'E' }, exportedAt: 'now', kpis: [kpi('lower')], drift: [], fairness: [], skipped: [] };
    expect(parseGuardrails(file).kpis[0]!.name).toBe('Latency');
    const bad = structuredClone(file) as unknown as { kpis: { direction: string }[] };
    bad.kpis[0]!.direction = 'sideways';
    expect(() => parseGuardrails(bad, 'g.json')).toThrow(/^g\.json is not a valid guardrails file: kpis\[0\]\.direction: /);
    expect(() => parseGuardrails({ ...file, drift: [{ name: 'x', column: 'x', kind: 'numeric', binning: 'quantile', edges: [2, 1], categories: [], reference: [0.5, 0.5], fill: 0.0001, threshold: 0.2, referenceRows: 2, reference_window: '' }] })).toThrow(/drift\[0\]\.edges\[1\]: edges must be strictly increasing; drift\[0\]\.reference: needs 3 fractions/);
    expect(() => parseGuardrails({ ...file, extra: 1 })).toThrow(/\(top level\): Unrecognized key/);
  });
});

describe('JUnit XML', () => {
  it('is well-formed XML a strict parser reads back, with hostile names and details escaped', () => {
    const checks: GuardrailCheck[] = [
      { name: 'p95 <script>alert("x")</script> & \'co\'', kind: 'limits', status: 'fail', value: 5, limit: 3, detail: 'above the UCL ]]> <b> & "quoted" \u0001 bell' },
      { name: 'ok', kind: 'drift', status: 'pass', value: 0.01, limit: 0.2, detail: 'PSI 0.01' },
      { name: 'none', kind: 'fairness', status: 'no-data', value: null, limit: 0.02, detail: 'one group' },
    ];
    const xml = junitXml('Suite "A" & B', checks, '2026-12-03T10:00:00Z');
    const seen: { name: string; attributes: Record<string, string> }[] = [];
    const texts: string[] = [];
    const parser = new SaxesParser();
    parser.on('opentag', (t) => seen.push({ name: t.name, attributes: t.attributes as Record<string, string> }));
    parser.on('text', (t) => texts.push(t));
    parser.write(xml).close();
    const suite = seen.find((t) => t.name === 'testsuite')!;
    expect(suite.attributes).toMatchObject({ name: 'Suite "A" & B', tests: '3', failures: '1', skipped: '1' });
    expect(seen.filter((t) => t.name === 'testcase').map((t) => t.attributes.name)).toEqual(['p95 <script>alert("x")</script> & \'co\'', 'ok', 'none']);
    expect(seen.find((t) => t.name === 'failure')!.attributes.message).toBe('above the UCL ]]> <b> & "quoted" \uFFFD bell');
    expect(seen.find((t) => t.name === 'skipped')!.attributes.message).toBe('one group');
    expect(texts.join('')).toContain('value 5, limit 3: above the UCL');
    expect(xmlEscape('a\uD800b')).toBe('a\uFFFDb');
  });
});

describe('OpenMetrics', () => {
  it('sanitises names, escapes labels and ends with # EOF', () => {
    expect(metricName('Inference p95 — response time (ms)')).toBe('inference_p95_response_time_ms');
    expect(metricName('Crédit état')).toBe('credit_etat');
    expect(metricName('95th pct')).toBe('_95th_pct');
    expect(labelValue('a "b" \\ c\nd')).toBe('a \\"b\\" \\\\ c\\nd');
    const text = openMetricsText('E', [
      { name: 'Latency', unit: 'ms', direction: 'lower', value: 1.5, date: '2026-12-01', center: 1, ucl: 2, lcl: null, target: null, alertThreshold: null, stage: 'After' },
      { name: 'Latency!', unit: 'ms', direction: 'lower', value: null, date: null, center: null, ucl: null, lcl: null, target: 3, alertThreshold: null, stage: null },
    ]);
    expect(text.split('\n').filter((l) => l.startsWith('# TYPE'))).toEqual(['# TYPE kaizen_kpi_latency_ms gauge', '# TYPE kaizen_kpi_latency_ms_2 gauge']);
    expect(text).toContain('kaizen_kpi_latency_ms{event="E",kpi="Latency",direction="lower",stat="value",date="2026-12-01"} 1.5\n');
    expect(text).not.toContain('stat="lcl"');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });
});
