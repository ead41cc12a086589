import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinDemoResults } from '../helpers/pinnedResults';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The report shows what the pinned analyses found (issue 20): real results on the demo event, exported to PDF and
// read back with pdftotext, so a number that does not reach the printed page fails here.

let s: TestServices;
let out: string;
let eventId: string;
let pdfText: string;
let html: string;

beforeAll(async () => {
  out = process.env.KAIZEN_KEEP_REPORT ?? tempDir('kaizen-report-results-');
  s = await tempServices({ dataDir: tempDir('kaizen-report-results-data-') });
  eventId = (await s.call('demo-create', {})).id;
  await pinDemoResults((m, i) => s.call(m as never, i), eventId);
  const current = (await s.call('vsm-list', { eventId })).find((m) => m.kind === 'current')!;
  await s.call('vsm-create', { eventId, copyFromId: current.id, name: 'Scoring path after caching' });
  const h = await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'report.html') });
  html = fs.readFileSync(h.files[0]!.path, 'utf8');
  const p = await s.call('report-export', { eventId, format: 'pdf', out: path.join(out, 'report.pdf') });
  pdfText = execFileSync('pdftotext', ['-layout', p.files[0]!.path, '-'], { encoding: 'utf8' });
  await s.call('report-export', { eventId, format: 'a3-pdf', out: path.join(out, 'a3.pdf') });
  await s.call('report-a3-update', { eventId, paper: 'A4' });
  await s.call('report-export', { eventId, format: 'a3-pdf', out: path.join(out, 'a3-a4.pdf') });
}, 180_000);
afterAll(() => {
  s.close();
  if (!process.env.KAIZEN_KEEP_REPORT) fs.rmSync(out, { recursive: true, force: true });
});

const flat = (t: string) => t.replace(/\s+/g, ' ');

/**
 * The printed text from the first occurrence of `needle` on, `chars` long: pages joined with their running footer
 * ("event name … Page n of N") removed and white space flattened, so a table that breaks over a page reads whole.
 */
function textFrom(needle: string, chars = 4000): string {
  const body = flat(pdfText.split('\f').map((p) => p.replace(/^.*Page \d+ of \d+\s*$/m, '')).join(' '));
  const at = body.indexOf(needle);
  expect(at, `the PDF text contains "${needle}"`).toBeGreaterThanOrEqual(0);
  return body.slice(at, at + chars);
}

describe('pinned results in the PDF', () => {
  it('prints the latency percentiles by stage, with the total and the slowest stage', async () => {
    const r = (await s.call('analysis-result-list', { eventId, pinnedOnly: true })).find((x) => x.kind === 'latency')!;
    const profile = (r.result as { profile: { stages: Array<{ stage: string; p95: number; p99: number }>; total: { p95: number } } }).profile;
    const page = textFrom('Percentiles by stage');
    expect(page).toMatch(/Stage\s+Requests\s+Mean \(ms\)\s+p50 \(ms\)\s+p90 \(ms\)\s+p95 \(ms\)\s+p99 \(ms\)\s+Share \(%\)\s+Cumulative \(%\)/);
    const fmt1 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 1 : 3 });
    for (const st of profile.stages) expect(page).toMatch(new RegExp(`${st.stage}\\s+50,000\\s+.*${fmt1(st.p95).replace('.', '\\.')}\\s+${fmt1(st.p99).replace('.', '\\.')}`));
    expect(page).toMatch(new RegExp(`Total\\s+50,000\\s+.*${fmt1(profile.total.p95).replace('.', '\\.')}`));
    const whole = textFrom('Latency by stage, November', 6000);
    expect(whole).toMatch(/^Latency by stage, November REQUESTS TOTAL P50 TOTAL P95 TOTAL P99 50,000 [\d.]+ ms [\d.]+ ms [\d.]+ ms SLOWEST STAGE feature_ms \(\d+\.\d % of the time\)/);
    // Parameters are small print under the result, never a body field.
    expect(whole).toMatch(/Run with: Dataset Inference log · .*UTC offset minutes 0/);
    expect(flat(pdfText)).not.toMatch(/UTC OFFSET/);
  });

  it('prints a pinned drift result\'s PSI per feature, the PSI bins table with counts and shares, KS and the reading', () => {
    const page = textFrom('Drift per feature');
    expect(page).toMatch(/Feature Bins PSI PSI band Drift KS D KS p Missing values score quantile 0\.8\d\d significant Yes 0\.3\d\d < 1e-300 0 model_ms quantile 0\.00\d stable No 0\.0\d\d 0\.\d+ 0 region categorical 0 stable No/);
    const bins = textFrom('score: PSI bins', 6000);
    expect(bins).toMatch(/score: PSI bins Bin Reference rows Reference \(%\) Current rows Current \(%\) PSI term \[−∞, 0\.001\)/);
    expect(bins).toMatch(/\[0\.485, \+∞\) 1,672 10\.032 3,370 28\.885 0\.199/);
    expect(textFrom('score: PSI 0.866 (significant) — drift', 600)).toMatch(/PSI 0\.866 \(significant\) and KS p < 1e-300 agree: the distribution has shifted, by a size that matters\./);
    expect(bins).toContain('score: reference vs current distribution');
    expect(flat(pdfText)).toContain('model_ms: PSI bins');
  });

  it('prints a fairness result\'s per-group table with the overall row, its differences and ratios, and the gate', () => {
    const page = textFrom('Rates per group');
    expect(page).toMatch(/Group Rows Positives Selection rate \(%\) TPR \(%\) FPR \(%\) Precision \(%\) APAC 10,082 700 15\.235 97\.143 9\.124 44\.271 EU 17,347/);
    expect(page).toMatch(/Overall 50,000 3,577 12\.696/);
    expect(page).toMatch(/Demographic parity difference 0\.033 0\.025/);
    expect(textFrom('The fairness gate fails:', 200)).toMatch(/The fairness gate fails: FAIL: demographic parity difference 0\.0334\d? \(rule ≤ 0\.001\)/);
  });

  it('prints the model comparison\'s intervals and verdict, and the what-if inputs and outputs', async () => {
    const r = (await s.call('analysis-result-list', { eventId, pinnedOnly: true })).find((x) => x.kind === 'models')!;
    const t = flat(pdfText);
    expect(t).toContain(flat((r.result as { verdict: string }).verdict));
    expect(t).toMatch(/Metric Unit Baseline Candidate Difference 95 % low 95 % high p50 latency ms/);
    expect(t).toMatch(/Inputs Quantity Value Unit Cache key columns request_id Cache window \(TTL\) 600,000 ms/);
    expect(t).toMatch(/Outputs .*Quantity Value Unit Requests 50,000 Would-be cache hits/);
  });

  it('opens with Results at a glance: KPIs before → after, the constraint, top actions and open risks', () => {
    const page = textFrom('1 Results at a glance KPIs before', 8000);
    expect(page).toMatch(/KPIs before → after KPI Before After Unit Target Status Split at Inference p95 response time 408\.\d 377\.\d ms 200/);
    expect(page).toContain('The constraint CONSTRAINT (CURRENT-STATE');
    expect(page).toContain('Feature lookup — 181 ms per item');
    expect(page).toContain('Top actions');
    expect(flat(pdfText)).toMatch(/Open risks \(\d+\) Risk What Detail Overdue action/);
    expect(html).toMatch(/<figure class="chart" id="chart-glance-kpis"><svg role="img" aria-label="KPIs before → after"/);
  });
});

describe('tables and charts of the results in the other formats', () => {
  it('writes every result table as a sheet and a CSV file, and every result chart as SVG', async () => {
    const dir = path.join(out, 'csv');
    const csv = await s.call('report-export', { eventId, format: 'csv', sections: ['glance', 'analysis'], out: dir });
    const names = csv.files.map((f) => f.name);
    for (const stem of ['glance-kpis', 'glance-actions', 'glance-risks', '-stages', '-features', '-bins', '-groups', '-disparities', '-differences', '-inputs', '-outputs']) {
      expect(names.some((n) => n.includes(stem)), stem).toBe(true);
    }
    const bins = fs.readFileSync(csv.files.find((f) => /analysis-\d+-drift-1-bins\.csv$/.test(f.name))!.path, 'utf8');
    expect(bins.split('\r\n')[0]).toBe('Bin,Reference rows,Reference (%),Current rows,Current (%),PSI term');
    const xlsx = await s.call('report-export', { eventId, format: 'xlsx', sections: ['glance', 'analysis'], out: path.join(out, 'results.xlsx') });
    expect(xlsx.files[0]!.bytes).toBeGreaterThan(10_000);
    const svg = await s.call('report-export', { eventId, format: 'svg', sections: ['glance', 'analysis'], out: path.join(out, 'svg') });
    expect(svg.files.map((f) => f.name).filter((n) => /-(pareto|histogram|rates|intervals)\.svg$|glance-kpis\.svg$/.test(n)).length).toBeGreaterThanOrEqual(7);
  });
});

describe('data appendix in the PDF', () => {
  it('fits the page: the columns after Max (Mean, Most frequent) are printed, and timestamps read as dates', () => {
    const page = textFrom('Column profiles');
    // pdftotext -layout reads a header or a date that wraps inside its cell line by line.
    expect(page).toMatch(/Min Max Mean Most (\(%\) )?frequent/);
    expect(page).toMatch(/Inference log timestamp timestamp 50,000 0 50,000 1 Nov 2026 (?:00:00 |UTC )*30 Nov 2026 (?:23:59 |UTC )*16 Nov 2026/);
    expect(page).toMatch(/Inference log model_version category 50,000 0 2 fraud-v3\.1/);
    expect(page).toMatch(/request_id text 50,000 0 [\d,]+ txn-\d+/);
    expect(page).toMatch(/total_ms real ms 50,000 0 [\d,]+ 34\.3 941\.3 217\.8/);
    expect(page).not.toMatch(/1,76\d,\d{3},\d{3},\d{3}/);
  });
  it('prints every column of the datasets table, the SHA-256 wrapped rather than cut', () => {
    const page = textFrom('Data appendix Datasets and versions');
    expect(page).toMatch(/Dataset Version Mode Source file SHA-256 Rows Quarantined rows Imported/);
    expect(page).toMatch(/Inference log 1 full inference- [0-9a-f]{20,} 50,000 0 \d+ \w+ 20\d\d log\.csv [0-9a-f]+ \d\d:\d\d UTC/);
  });
});

describe('A3 with pictures', () => {
  it('has the KPI before/after chart and the current and future map thumbnails inline, on one page', async () => {
    const a3 = fs.readFileSync((await s.call('report-export', { eventId, format: 'a3-html', out: path.join(out, 'a3.html') })).files[0]!.path, 'utf8');
    const box = (field: string) => /<section class="a3-box" data-field="([^"]+)">[\s\S]*?<\/section>/g.exec(a3.slice(a3.indexOf(`data-field="${field}"`) - 30))![0];
    expect(box('followUp')).toMatch(/<figure class="a3-fig"><svg role="img" aria-label="Inference p95 response time: 408\.\d ms → 377\.\d ms, target 200 ms;/);
    expect(box('currentCondition')).toMatch(/<figure class="a3-fig"><svg role="img" aria-label="[^"]+"[\s\S]*<figcaption>Current state: Scoring path today<\/figcaption>/);
    expect(box('countermeasures')).toContain('<figcaption>Future state: Scoring path after caching</figcaption>');
    expect(a3).not.toMatch(/https?:\/\//);
    for (const f of ['a3.pdf', 'a3-a4.pdf']) expect(execFileSync('pdfinfo', [path.join(out, f)], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  });
});
