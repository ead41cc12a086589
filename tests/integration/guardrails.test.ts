import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGuardrails } from '../../common/domain/sustain/guardrails';
import { kpiBuckets, kpiColumns } from '../../main/services/sustain/check';
import { readLogColumns } from '../../main/services/sustain/logColumns';
import { runKaizen, writeFile } from '../helpers/cli';
import { followUpLog } from '../helpers/followUpLogs';
import { tempDir, tempServices } from '../helpers/tempServices';

type Check = { name: string; kind: string; status: 'pass' | 'fail' | 'no-data'; value: number | null; limit: number | null; detail: string };
type Family = { name: string; type: string; help: string; metrics: { value: string; labels?: Record<string, string> }[] };
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

const root = path.resolve(__dirname, '../..');
let dir: string;
let dataDir: string;
let eventId: string;
let guardrails: string;
const logs = { held: '', degraded: '' };

/**
 * The first week of December 2026 of the demo's inference log, from the demo's own seeded generator: what a weekly CI
 * job would check. (The whole held month trips the held UCL once — 19 Dec, 391.75 ms against 391.43 ms: limits held
 * from the 19 days after the change are tight, σ 4.6 ms against 7.2 ms over December.)
 */
function followUp(kind: 'held' | 'degraded'): string {
  const week = followUpLog(dir, kind, '2026-12-08');
  expect(fs.readFileSync(week, 'utf8').split('\n').length).toBeGreaterThan(10_000);
  return week;
}

beforeAll(async () => {
  dir = tempDir('kaizen-guardrails-');
  dataDir = path.join(dir, 'data');
  const s = await tempServices({ dataDir });
  eventId = (await s.call('demo-create', {})).id;
  s.close();
  logs.held = followUp('held');
  logs.degraded = followUp('degraded');
  guardrails = path.join(dir, 'guardrails.json');
  const r = await runKaizen('guardrails', 'export', '--event', eventId, '--out', guardrails, '--data-dir', dataDir, '--drift', 'score,region', '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const check = async (...extra: string[]) => {
  const r = await runKaizen('guardrails', 'check', guardrails, '--json', ...extra);
  return { ...r, json: r.out ? (JSON.parse(r.out) as { passed: boolean; checks: Check[] }) : null };
};
const byName = (checks: Check[], name: string) => {
  const c = checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check "${name}" in ${checks.map((x) => x.name).join(', ')}`);
  return c;
};

describe('kaizen guardrails export', () => {
  it('exports the demo event: dataset KPIs with held limits and tests, drift bins without reference rows, fairness thresholds from the registry policy', () => {
    const g = JSON.parse(fs.readFileSync(guardrails, 'utf8'));
    expect(g.format).toBe('kaizen-guardrails');
    expect(g.version).toBe(1);
    const p95 = g.kpis.find((k: { name: string }) => k.name === 'Inference p95 response time');
    expect(p95.direction).toBe('lower');
    expect(p95.definition).toMatchObject({ column: 'total_ms', statistic: 'p95', bucket: 'day', timeColumn: 'timestamp' });
    // Held from the event's "after" stage (the caching change on 12 November), as the KPI chart draws it.
    expect(p95.limits).toMatchObject({ chart: 'imr', stage: 'After caching change', from: '2026-11-12', to: '2026-11-30', points: 19 });
    expect(p95.limits.ucl).toBeCloseTo(p95.limits.center + 3 * p95.limits.sigma, 9);
    expect(p95.tests.enabled).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p95.alertThreshold).toBe(415);
    const feature = g.kpis.find((k: { name: string }) => k.name === 'Feature computation p95');
    expect(feature.definition.filters).toEqual([{ column: 'endpoint', op: '=', value: '/score' }]);
    expect(g.skipped.map((s: { name: string }) => s.name)).toContain('Retraining latency (trigger → deployed)');
    // Drift: 10 reference-quantile bins (9 inner edges) and their fractions; no reference values in the file.
    const score = g.drift.find((d: { column: string }) => d.column === 'score');
    expect(score.edges).toHaveLength(9);
    expect(score.reference).toHaveLength(10);
    // Fractions after the ε fill of empty bins (not renormalised), so the sum is 1 within a few ε.
    expect(Math.abs(score.reference.reduce((a: number, b: number) => a + b, 0) - 1)).toBeLessThan(0.001);
    expect(g.drift.find((d: { column: string }) => d.column === 'region').categories.sort()).toEqual(['APAC', 'EU', 'LATAM', 'US']);
    expect(fs.readFileSync(guardrails, 'utf8')).not.toContain('txn-');
    expect(g.fairness.map((f: { metric: string; threshold: number }) => [f.metric, f.threshold])).toEqual([['demographic_parity_difference', 0.02], ['equalized_odds_difference', 0.05]]);
    expect(g.fairness[0].filters).toEqual([{ column: 'model_version', op: '=', value: 'fraud-v3.2' }]);
  });
});

describe('kaizen guardrails check', () => {
  it('computes the same series as the KPI service: the demo event\'s own November log gives every point the board shows', async () => {
    const g = parseGuardrails(JSON.parse(fs.readFileSync(guardrails, 'utf8')));
    const s = await tempServices({ dataDir });
    const board = await s.call('kpi-list', { eventId });
    s.close();
    const log = path.join(root, 'resources/demo/inference-log.csv');
    for (const name of ['Inference p95 response time', 'Feature computation p95']) {
      const k = g.kpis.find((x) => x.name === name)!;
      const { points } = kpiBuckets(k, await readLogColumns(log, new Set(kpiColumns(k))));
      const shown = board.find((x) => x.name === name)!.points;
      expect(points.map((p) => [new Date(p.start).toISOString().slice(0, 10), p.value, p.n])).toEqual(shown.map((p) => [p.date, p.value, p.n]));
      expect(points).toHaveLength(30);
    }
    // Against the limits held from after the change, the event's own log fails on the 11 days before it (1–11 Nov).
    const r = await check('--data', log);
    expect(r.code).toBe(1);
    expect(byName(r.json!.checks, 'Inference p95 response time: held control limits').detail).toMatch(/^11 of 30 points above the UCL .* first 2026-11-01 .* worst 2026-11-11/);
  });

  it('a week that holds the gain passes: exit 0, JUnit with 0 failures', async () => {
    const junit = path.join(dir, 'held.xml');
    const r = await check('--data', logs.held, '--junit', junit);
    expect(r.err).toBe('');
    expect(r.json!.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.json!.passed).toBe(true);
    for (const name of ['Inference p95 response time: held control limits', 'Feature computation p95: held control limits', 'Inference p95 response time: alert threshold', 'score (Inference log): drift']) {
      expect(byName(r.json!.checks, name).status).toBe('pass');
    }
    // KPIs of the other demo logs have no data in an inference log: reported, not failed.
    expect(byName(r.json!.checks, 'Model AUC: held control limits')).toMatchObject({ status: 'no-data', detail: 'The log has no columns "date", "auc".' });
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="Kaizen guardrails: Cut p95 latency of the fraud-scoring API" tests="\d+" failures="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(r.json!.checks.length);
    expect(xml).not.toContain('<failure');
  });

  it('a week where the feature cache is off fails: exit 1, the failing checks named in JSON and JUnit', async () => {
    const junit = path.join(dir, 'degraded.xml');
    const r = await check('--data', logs.degraded, '--junit', junit);
    expect(r.code).toBe(1);
    expect(r.json!.passed).toBe(false);
    const limits = byName(r.json!.checks, 'Feature computation p95: held control limits');
    expect(limits.status).toBe('fail');
    expect(limits.value!).toBeGreaterThan(limits.limit!);
    expect(limits.detail).toMatch(/above the UCL — the bad side/);
    expect(byName(r.json!.checks, 'Inference p95 response time: held control limits').status).toBe('fail');
    expect(byName(r.json!.checks, 'Inference p95 response time: alert threshold').status).toBe('fail');
    const xml = fs.readFileSync(junit, 'utf8');
    const failed = r.json!.checks.filter((c) => c.status === 'fail');
    expect(xml).toContain(`failures="${failed.length}"`);
    expect(xml).toMatch(/<testcase classname="kaizen.guardrails.limits" name="Feature computation p95: held control limits" time="0">\n\s+<failure message="[^"]*above the UCL/);
  });

  it('reads JSON Lines logs with the importer too: the same checks as the CSV', async () => {
    const lines = fs.readFileSync(logs.held, 'utf8').trimEnd().split('\n');
    const head = lines[0]!.split(',');
    const jsonl = lines.slice(1).map((l) => JSON.stringify(Object.fromEntries(l.split(',').map((v, i) => [head[i], v !== '' && Number.isFinite(Number(v)) ? Number(v) : v])))).join('\n');
    const file = writeFile(dir, 'held.jsonl', `${jsonl}\n`);
    const [a, b] = [await check('--data', logs.held), await check('--data', file)];
    expect(b.code).toBe(0);
    expect(b.json!.checks).toEqual(a.json!.checks);
  });

  it('a latency KPI below its lower limit is an improvement: it passes, and says so', async () => {
    // The held month with every latency halved: far below the held LCL, on the good side.
    const lines = fs.readFileSync(logs.held, 'utf8').trimEnd().split('\n');
    const head = lines[0]!.split(',');
    const cols = ['feature_ms', 'total_ms'].map((c) => head.indexOf(c));
    const faster = [lines[0], ...lines.slice(1).map((l) => l.split(',').map((v, i) => (cols.includes(i) ? (Number(v) / 2).toFixed(1) : v)).join(','))].join('\n');
    const file = writeFile(dir, 'faster.csv', `${faster}\n`);
    const r = await check('--data', file);
    expect(r.code).toBe(0);
    const c = byName(r.json!.checks, 'Inference p95 response time: held control limits');
    expect(c.status).toBe('pass');
    expect(c.detail).toMatch(/beyond the limit on the good side .* an improvement, not a failure/);
    expect(byName(r.json!.checks, 'Inference p95 response time: special-cause tests').status).toBe('pass');
  });

  it('a bad guardrails file is exit 2 naming the field; a missing --data or unreadable log is exit 2', async () => {
    const g = JSON.parse(fs.readFileSync(guardrails, 'utf8'));
    g.kpis[1].limits.sigma = 'wide';
    const bad = writeFile(dir, 'bad.json', JSON.stringify(g));
    let r = await runKaizen('guardrails', 'check', bad, '--data', logs.held, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json is not a valid guardrails file: kpis\[1\]\.limits\.sigma: /);
    g.kpis[1].limits.sigma = 1;
    g.version = 7;
    r = await runKaizen('guardrails', 'check', writeFile(dir, 'v7.json', JSON.stringify(g)), '--data', logs.held);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/version: /);
    r = await runKaizen('guardrails', 'check', writeFile(dir, 'notjson.json', '{"format":'), '--data', logs.held);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/notjson\.json: not readable JSON/);
    r = await runKaizen('guardrails', 'check', guardrails);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--data is required/);
    r = await runKaizen('guardrails', 'check', guardrails, '--data', writeFile(dir, 'empty.csv', 'timestamp,total_ms\n'));
    expect(r.code).toBe(2);
  });

  it('--require-data turns checks without data into failures', async () => {
    const r = await check('--data', logs.held, '--require-data');
    expect(r.code).toBe(1);
    expect(byName(r.json!.checks, 'Model AUC: held control limits').status).toBe('fail');
  });
});

describe('exit flags on kaizen spc and kaizen drift', () => {
  it('spc --fail-on-signal exits 1 when a point signals, 0 without the flag or without signals', async () => {
    const values = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 40, 10, 11];
    const spiky = writeFile(dir, 'spiky.csv', `v\n${values.join('\n')}\n`);
    const calm = writeFile(dir, 'calm.csv', `v\n${values.filter((v) => v !== 40).join('\n')}\n`);
    expect((await runKaizen('spc', '--input', spiky, '--value', 'v', '--chart', 'imr', '--json')).code).toBe(0);
    const r = await runKaizen('spc', '--input', spiky, '--value', 'v', '--chart', 'imr', '--json', '--fail-on-signal');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/special-cause signal/);
    expect(JSON.parse(r.out).panels[0].signals).toContainEqual({ test: 1, index: 13 });
    expect((await runKaizen('spc', '--input', calm, '--value', 'v', '--chart', 'imr', '--fail-on-signal')).code).toBe(0);
  });

  it('drift --fail-above X exits 1 when PSI is above X, 0 otherwise and by default', async () => {
    const ref = writeFile(dir, 'ref.csv', `x\n${Array.from({ length: 400 }, (_, i) => i % 100).join('\n')}\n`);
    const cur = writeFile(dir, 'cur.csv', `x\n${Array.from({ length: 400 }, (_, i) => (i % 100) + 30).join('\n')}\n`);
    const args = ['drift', '--reference', ref, '--current', cur, '--column', 'x', '--json'];
    const psi = JSON.parse((await runKaizen(...args)).out).psi as number;
    expect(psi).toBeGreaterThan(0.5);
    expect((await runKaizen(...args)).code).toBe(0);
    expect((await runKaizen(...args, '--fail-above', '0.25')).code).toBe(1);
    expect((await runKaizen(...args, '--fail-above', String(psi + 1))).code).toBe(0);
    expect((await runKaizen('drift', '--reference', ref, '--current', ref, '--column', 'x', '--fail-above', '0.1')).code).toBe(0);
  });
});

describe('kaizen metrics', () => {
  it('prints the KPIs in OpenMetrics text that a Prometheus parser reads: sanitised names, escaped labels, # EOF', async () => {
    const s = await tempServices({ dataDir });
    await s.call('kpi-create', { eventId, name: 'Odd "quoted" \\ name\nwith a line', unit: 'ms', direction: 'lower', source: { kind: 'manual' }, target: 5 });
    s.close();
    const r = await runKaizen('metrics', '--event', eventId, '--data-dir', dataDir);
    expect(r.code).toBe(0);
    const text = r.out;
    expect(text.endsWith('# EOF\n')).toBe(true);
    const families = parsePrometheus(text);
    const p95 = families.find((f) => f.name === 'kaizen_kpi_inference_p95_response_time_ms')!;
    expect(p95.type).toBe('GAUGE');
    const stat = (f: Family, s: string) => f.metrics.find((m) => m.labels?.stat === s);
    expect(stat(p95, 'value')!.labels).toMatchObject({ kpi: 'Inference p95 response time', date: '2026-11-30', direction: 'lower', event: 'Cut p95 latency of the fraud-scoring API' });
    expect(Number(stat(p95, 'ucl')!.value)).toBeGreaterThan(Number(stat(p95, 'center')!.value));
    expect(Number(stat(p95, 'alert_threshold')!.value)).toBe(415);
    for (const f of families) expect(f.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    const odd = families.find((f) => f.name === 'kaizen_kpi_odd_quoted_name_with_a_line_ms')!;
    expect(stat(odd, 'target')!.labels!.kpi).toBe('Odd "quoted" \\ name\nwith a line');
    expect(text).toContain('kpi="Odd \\"quoted\\" \\\\ name\\nwith a line"');
    // A unit the name already ends with is not repeated.
    expect(families.map((f) => f.name)).toContain('kaizen_kpi_model_auc');
  });

  it('an unknown event is exit 2', async () => {
    const r = await runKaizen('metrics', '--event', 'nope', '--data-dir', dataDir);
    expect(r.code).toBe(2);
  });
});
