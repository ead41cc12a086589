import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../../common/contract/schemas/analysis';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import { pinDemoResults } from '../../../tests/helpers/pinnedResults';
import { tempServices } from '../../../tests/helpers/tempServices';
import type { TestServices } from '../../../tests/helpers/tempServices';
import type { Block, ReportSection } from '../model';
import { isSafeSvg } from '../svg';
import { analysisSection, keyFigures, resultBlocks } from './analysis';
import { glanceSection } from './glance';
import type { ReportReader } from './types';

// The section renderers against real saved results: the demo event, with a latency profile, a drift comparison, a
// cache what-if and a failing fairness gate run and pinned on its inference log (plus the demo's own fairness result
// and model comparison).

let s: TestServices;
let event: KaizenEvent;
let section: ReportSection;
let pinned: AnalysisResult[];

beforeAll(async () => {
  s = await tempServices();
  const { id } = await s.call('demo-create', {});
  await pinDemoResults((m, i) => s.call(m as never, i), id);
  event = await s.call('event-get', { id });
  pinned = await s.call('analysis-result-list', { eventId: id, pinnedOnly: true });
  const read: ReportReader = (m, i) => s.call(m, i);
  section = await analysisSection.build(read, event);
}, 120_000);
afterAll(() => s.close());

/** The blocks of one result: from its subheading to the next result's. */
function blocksOf(title: string): Block[] {
  const start = section.blocks.findIndex((b) => b.kind === 'subheading' && b.text === title);
  expect(start, `a result titled "${title}"`).toBeGreaterThanOrEqual(0);
  const end = section.blocks.findIndex((b, i) => i > start && b.kind === 'footnote');
  return section.blocks.slice(start, end + 1);
}
const tables = (bs: Block[]) => bs.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
const charts = (bs: Block[]) => bs.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
const fields = (bs: Block[]) => Object.fromEntries(bs.flatMap((b) => (b.kind === 'fields' ? b.items.map((f) => [f.label, f.value]) : [])));
const texts = (bs: Block[]) => bs.flatMap((b) => (b.kind === 'text' || b.kind === 'note' || b.kind === 'footnote' ? [b.text] : []));

describe('latency result', () => {
  it('prints the percentiles by stage in Pareto order with the total, a Pareto chart and the slowest stage', () => {
    const r = pinned.find((p) => p.kind === 'latency')!;
    const saved = r.result as { profile: { total: { p95: number }; stages: Array<{ stage: string; p95: number; share: number }>; slowestStage: string } };
    const bs = blocksOf('Latency by stage, November');
    const [stages] = tables(bs);
    expect(stages!.columns.map((c) => c.label)).toEqual(['Stage', 'Requests', 'Mean', 'p50', 'p90', 'p95', 'p99', 'Share', 'Cumulative']);
    expect(stages!.rows.map((row) => row[0])).toEqual([...saved.profile.stages.map((x) => x.stage), 'Total']);
    expect(stages!.rows[0]![5]).toBe(saved.profile.stages[0]!.p95);
    expect(stages!.rows.at(-1)![5]).toBe(saved.profile.total.p95);
    expect(fields(bs)['Slowest stage']).toContain(saved.profile.slowestStage);
    expect(saved.profile.slowestStage).toBe('feature_ms');
    const [pareto] = charts(bs);
    expect(isSafeSvg(pareto!.svg)).toBe(true);
    expect(pareto!.svg).toContain('Cumulative share of total');
    expect(pareto!.alt).toMatch(/^Mean time per request by stage, largest first: feature_ms/);
  });
  it('keeps the parameters (UTC offset, columns) in the footnote, not in the body', () => {
    const bs = blocksOf('Latency by stage, November');
    const foot = bs.at(-1)!;
    expect(foot.kind).toBe('footnote');
    expect(foot.kind === 'footnote' && foot.text).toMatch(/Dataset Inference log · .*UTC offset minutes 0/);
    expect(JSON.stringify(bs.slice(0, -1))).not.toMatch(/UTC offset/i);
  });
});

describe('drift result', () => {
  it('prints PSI per feature, each feature\'s bins table and histogram overlay, KS D and p, the verdict and its plain-words reading', () => {
    const r = pinned.find((p) => p.kind === 'drift')!;
    const saved = r.result as { features: Array<{ column: string; psi: number; drift: boolean; bins: unknown[]; ks?: { statistic: number } }> };
    const bs = blocksOf('Score drift in the episode');
    const [summary] = tables(bs);
    expect(summary!.rows.map((row) => row[0])).toEqual(saved.features.map((f) => f.column));
    expect(summary!.rows.map((row) => row[2])).toEqual(saved.features.map((f) => f.psi));
    const score = saved.features.find((f) => f.column === 'score')!;
    expect(score.drift).toBe(true);
    expect(fields(bs)['Features drifted']).toBe('1 of 3: score');
    const bins = tables(bs).find((t) => t.title === 'score: PSI bins')!;
    expect(bins.rows).toHaveLength(score.bins.length);
    expect(bins.columns.map((c) => c.label)).toEqual(['Bin', 'Reference rows', 'Reference', 'Current rows', 'Current', 'PSI term']);
    // Each bin's PSI term adds up to the feature's PSI.
    expect(bins.rows.reduce((a, row) => a + (row[5] as number), 0)).toBeCloseTo(score.psi, 6);
    expect(charts(bs).map((c) => c.id)).toEqual(expect.arrayContaining([expect.stringMatching(/-histogram$/)]));
    expect(charts(bs).length).toBe(saved.features.length);
    expect(texts(bs).some((t) => /^PSI 0\.\d+ \(significant\) and KS p .* agree: the distribution has shifted/.test(t))).toBe(true);
    expect(JSON.stringify(bs)).toContain(`KS D`);
  });
});

describe('fairness result', () => {
  it('prints the per-group table with the overall row, differences and ratios, and the failed gate', () => {
    const bs = blocksOf(pinned.find((p) => p.kind === 'fairness' && /FAIL/.test(p.title) && (p.params as { gate?: unknown }).gate)!.title);
    const [groups, disparities] = tables(bs);
    expect(groups!.rows.map((row) => row[0])).toEqual(['APAC', 'EU', 'LATAM', 'US', 'Overall']);
    expect(groups!.rows.reduce((a, row) => a + (row[0] === 'Overall' ? 0 : (row[1] as number)), 0)).toBe(50_000);
    expect(disparities!.rows.map((row) => row[0])).toEqual(expect.arrayContaining(['Demographic parity difference', 'Equalized odds ratio', 'TPR difference']));
    expect(fields(bs).Gate).toMatch(/^FAIL: demographic parity difference 0\.0\d+ \(rule ≤ 0\.001\)$/);
    expect(bs.some((b) => b.kind === 'note' && b.tone === 'warning' && /gate fails/.test(b.text))).toBe(true);
    expect(charts(bs)[0]!.alt).toMatch(/^APAC: selection rate \d+\.\d %, TPR/);
  });
});

describe('model comparison and what-if results', () => {
  it('prints each version, the differences with their intervals, and the verdict', () => {
    const r = pinned.find((p) => p.kind === 'models')!;
    const saved = r.result as { verdict: string; differences: Array<{ metric: string; low: number | null }> };
    const bs = blocksOf(r.title);
    expect(bs.some((b) => b.kind === 'text' && b.title === 'Verdict' && b.text === saved.verdict)).toBe(true);
    const diffs = tables(bs).find((t) => t.columns.some((c) => c.label === '95 % low'))!;
    expect(diffs.rows.map((row) => row[0])).toEqual(saved.differences.map((d) => d.metric));
    expect(diffs.rows.map((row) => row[5])).toEqual(saved.differences.map((d) => d.low));
    expect(tables(bs)[0]!.rows.map((row) => row[0])).toEqual(['fraud-v3.1', 'fraud-v3.2']);
    expect(isSafeSvg(charts(bs)[0]!.svg)).toBe(true);
  });
  it('prints a what-if as its inputs and outputs', () => {
    const bs = blocksOf('Cache what-if on request id');
    const [inputs, outputs] = tables(bs);
    expect(inputs!.rows).toEqual(expect.arrayContaining([['Cache key columns', 'request_id', ''], ['Cache window (TTL)', 600_000, 'ms'], ['Latency of a cache hit', 5, 'ms']]));
    const saved = (pinned.find((p) => p.title === 'Cache what-if on request id')!.result as { result: { expectedP95: number; hitShare: number } }).result;
    expect(outputs!.rows).toEqual(expect.arrayContaining([['Expected p95', saved.expectedP95, 'ms'], ['Hit share', saved.hitShare * 100, '%']]));
    expect(outputs!.rows.map((row) => row[0])).not.toContain('Cache window (TTL)');
  });
});

describe('tolerance', () => {
  it('renders a result with extra fields as before, and one it does not recognise by its top-level figures', () => {
    const r = pinned.find((p) => p.kind === 'latency')!;
    const extra = { ...r, result: { ...(r.result as object), bootstrap: { low: 1, high: 2 }, newFigure: 42 } };
    const ctx = { datasetNames: new Map<string, string>() };
    expect(tables(resultBlocks(extra, 1, ctx))[0]!.rows).toEqual(tables(resultBlocks(r, 1, ctx))[0]!.rows);
    const odd = resultBlocks({ ...r, result: { p95Ms: 412.3456, shape: 'new' } }, 2, ctx);
    expect(fields(odd)).toEqual({ 'P95 ms': '412.3', Shape: 'new' });
  });
  it('keyFigures keeps top-level numbers, short texts and yes/no with readable labels, and skips nested data', () => {
    expect(keyFigures({ p95Ms: 412.3456, psi_value: 0.2312, drift: true, band: 'moderate', series: [1, 2], detail: { a: 1 } })).toEqual([
      { label: 'P95 ms', value: '412.3' },
      { label: 'Psi value', value: '0.2312' },
      { label: 'Drift', value: 'yes' },
      { label: 'Band', value: 'moderate' },
    ]);
    expect(keyFigures(null)).toEqual([]);
  });
});

describe('Results at a glance', () => {
  it('shows each KPI before → after with its chart, the constraint, the top actions and the open risks', async () => {
    const read: ReportReader = (m, i) => s.call(m, i);
    const g = await glanceSection.build(read, event);
    const kpis = await s.call('kpi-list', { eventId: event.id });
    const [kpiTable, actions, risks] = tables([...g.blocks]);
    expect(kpiTable!.rows.map((r) => r[0])).toEqual(kpis.map((k) => k.name));
    const p95 = kpis.find((k) => k.name === 'Inference p95 response time')!;
    const compare = await s.call('kpi-compare', { id: p95.id, splitDate: p95.chart.stages[0]!.date });
    expect(kpiTable!.rows.find((r) => r[0] === p95.name)!.slice(1, 3)).toEqual([compare.meanBefore, compare.meanAfter]);
    const chart = charts([...g.blocks]).find((c) => c.id === 'glance-kpis')!;
    expect(isSafeSvg(chart.svg)).toBe(true);
    expect((chart.svg.match(/<svg x=/g) ?? []).length).toBe(kpis.length);
    const current = (await s.call('vsm-list', { eventId: event.id })).find((m) => m.kind === 'current')!;
    const { metrics } = await s.call('vsm-get', { mapId: current.id });
    expect(fields([...g.blocks])['Constraint (current-state map)']).toMatch(new RegExp(`^${(metrics as { constraint: { name: string } }).constraint.name} — `));
    expect(charts([...g.blocks]).some((c) => c.id === 'glance-current-map')).toBe(true);
    const open = (await s.call('action-list', { eventId: event.id })).filter((a) => !['done', 'verified', 'dropped'].includes(a.status));
    expect(actions!.rows).toHaveLength(Math.min(open.length, 5));
    const kinds = new Set(risks!.rows.map((r) => r[0]));
    expect(kinds).toEqual(new Set(['Overdue action', 'KPI', 'Fairness gate failed', 'Drift', 'Readiness item open']));
    expect(risks!.rows).toEqual(expect.arrayContaining([['Drift', 'score (Score drift in the episode)', expect.stringMatching(/^PSI 0\.\d+ ≥ 0\.2$/)]]));
  });
});

describe('an event with nothing recorded yet', () => {
  it('says so instead of drawing empty charts', async () => {
    const read: ReportReader = (m, i) => s.call(m, i);
    const fresh = await s.call('event-create', { name: 'Fresh event' });
    const a = await analysisSection.build(read, fresh);
    expect(a.blocks).toEqual([{ kind: 'text', text: 'No analysis result was pinned to the report. Pin results in the Analyse section.' }]);
    const g = await glanceSection.build(read, fresh);
    expect(g.blocks[0]).toEqual({ kind: 'text', text: 'No KPIs were defined for this event.' });
    expect(fields([...g.blocks])['Constraint']).toBe('no current-state map yet');
    expect(charts([...g.blocks])).toEqual([]);
    const [actions] = tables([...g.blocks]);
    expect(actions!.rows).toEqual([]);
  });
});
