import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewResult } from '../../common/contract/schemas/reviews';
import { ROOT } from '../helpers/bundle';
import { followUpLog } from '../helpers/followUpLogs';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let dir: string;

/** A fresh demo event with the follow-up log appended to its inference log, and its review schedule seeded. */
async function demoWith(log: string | null): Promise<{ s: TestServices; eventId: string; reviewId: string }> {
  const s = await tempServices({ dataDir: tempDir('kaizen-reviews-') });
  const eventId = (await s.call('demo-create', {})).id;
  if (log) {
    const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: log }, name: 'Inference log', append: true });
    expect(r.status).toBe('imported');
  }
  const schedule = await s.call('review-schedule-set', { eventId });
  return { s, eventId, reviewId: schedule[0]!.id };
}

const open: TestServices[] = [];
const run = async (log: string | null) => {
  const d = await demoWith(log);
  open.push(d.s);
  const result = await d.s.call('review-run', { reviewId: d.reviewId, attendees: ['Priya Raman', 'Luis García'], notes: 'Month one', nextSteps: ['Keep the cache warm-up'] });
  return { ...d, result };
};
const kpi = (r: ReviewResult, name: string) => {
  const k = r.verdicts.find((v) => v.name === name);
  if (!k) throw new Error(`no KPI "${name}" in ${r.verdicts.map((v) => v.name).join(', ')}`);
  return k;
};

beforeAll(() => {
  dir = tempDir('kaizen-reviews-logs-');
});
afterAll(() => {
  for (const s of open) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('review schedule', () => {
  it('the demo comes with 30/60/90-day reviews from its end date (the 30-day one due); they can be edited and added to', async () => {
    const s = await tempServices({ dataDir: tempDir('kaizen-reviews-'), clock: fixedClock('2026-12-03T10:00:00.000Z') });
    open.push(s);
    const eventId = (await s.call('demo-create', {})).id;
    const seeded = (await s.call('review-list', { eventId })).schedule;
    expect(seeded.map((r) => [r.title, r.dueDate, r.offsetDays, r.status])).toEqual([
      ['30-day review', '2026-12-13', 30, 'due'],
      ['60-day review', '2027-01-12', 60, 'due'],
      ['90-day review', '2027-02-11', 90, 'due'],
    ]);
    // Seeding again leaves a schedule alone.
    expect((await s.call('review-schedule-set', { eventId })).map((r) => r.id)).toEqual(seeded.map((r) => r.id));
    const items = [...seeded.map((r, i) => ({ id: r.id, title: r.title, dueDate: i === 0 ? '2026-12-15' : r.dueDate })), { title: '6-month review', dueDate: '2027-05-13' }];
    const edited = await s.call('review-schedule-set', { eventId, items });
    expect(edited.map((r) => [r.title, r.dueDate])).toEqual([['30-day review', '2026-12-15'], ['60-day review', '2027-01-12'], ['90-day review', '2027-02-11'], ['6-month review', '2027-05-13']]);
    await expect(s.call('review-schedule-set', { eventId, items: [{ id: 'nope', title: 'x', dueDate: '2027-01-01' }] })).rejects.toThrow(/items\[0\]\.id: no review "nope"/);
  });
});

describe('Run review on the demo event', () => {
  it('a month that holds the gain: sustained, with the held limits, the tests, the before/after test and drift named', async () => {
    const { s, eventId, reviewId, result } = await run(followUpLog(dir, 'held'));
    expect(result.since).toBe('2026-12-01');
    expect(result.datasetVersions.find((v) => v.name === 'Inference log')!.version).toBe(2);
    const p95 = kpi(result, 'Inference p95 response time');
    expect(p95.verdict).toBe('sustained');
    expect(p95.newPoints).toBe(31);
    // Phase II: limits held from the event's "after" stage as it stood before the follow-up (19 days of November).
    expect(p95.limits).toMatchObject({ stage: 'After caching change', from: '2026-11-12', to: '2026-11-30', points: 19 });
    // The one point the held month trips (19 Dec) is named, not hidden, and does not make a verdict on its own.
    expect(p95.evidence[0]).toMatch(/^Sustained: .* but for one isolated signal/);
    expect(p95.evidence.join('\n')).toMatch(/1 of 31 points above the UCL .* first 2026-12-19 \(391\.75 ms\)/);
    expect(p95.evidence.join('\n')).toMatch(/Before\/after against "After caching change" \(19 points, mean 377\.7 ms\): No clear change/);
    const feature = kpi(result, 'Feature computation p95');
    expect(feature.verdict).toBe('sustained');
    expect(feature.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(feature.beforeAfter!.significant).toBe(false);
    // Datasets without follow-up data say so instead of guessing.
    expect(kpi(result, 'Model AUC')).toMatchObject({ verdict: 'not-enough-data', newPoints: 0, needed: 7 });
    const drift = result.numbers.drift.find((d) => d.column === 'feature_ms')!;
    expect(drift).toMatchObject({ status: 'pass', reference: 'Inference log, timestamp 2026-11-12 – 2026-11-30' });
    expect(drift.psi!).toBeLessThan(0.1);
    expect(result.numbers.actions.open.length).toBeGreaterThan(0);
    expect(result.numbers.actions.overdue).toBe(result.numbers.actions.open.filter((a) => a.overdue).length);
    expect(result).toMatchObject({ attendees: ['Priya Raman', 'Luis García'], notes: 'Month one', nextSteps: ['Keep the cache warm-up'] });

    // Against the pre-event stage ("Before", 1–11 November): the follow-up keeps the event's gain.
    expect(p95.baseline).toMatchObject({ stage: 'Before', from: '2026-11-01', to: '2026-11-11', points: 11 });
    expect(p95.baseline!.mean).toBeCloseTo(408.23, 1);
    expect(p95.gainRetained!).toBeGreaterThan(0.9);
    expect(p95.evidence.at(-1)).toMatch(/^Against "Before" \(before the event, 11 daily points, mean 408\.2 ms\): follow-up mean 375\.1 ms, event stage mean 377\.7 ms: 108 % of the event's gain retained/);
    expect(feature.gainRetained!).toBeGreaterThan(0.9);
    // A KPI without follow-up data has no share to report.
    expect(kpi(result, 'Model AUC')).toMatchObject({ gainRetained: null, baseline: null });

    // The event's stored fairness analysis (fraud-v3.2 by region) re-run on December, against the policy's limits.
    expect(result.numbers.fairness.map((f) => [f.name, f.metric, f.limit, f.status])).toEqual([
      ['Demographic parity difference by region', 'demographic_parity_difference', 0.02, 'pass'],
      ['Equalized odds difference by region', 'equalized_odds_difference', 0.05, 'pass'],
    ]);
    expect(result.numbers.fairness[0]!.detail).toMatch(/^Demographic parity difference by region 0\.013 on 51,667 rows of "Inference log" \(version 2\) since 2026-12-01 is within the limit 0\.020 of the governance policy — predicted-positive rate \w+ [\d.]+ % vs \w+ [\d.]+ %\.$/);

    // The next step became a planned action of the event, noting the review it came from.
    expect(result.nextStepActionIds).toHaveLength(1);
    const step = (await s.call('action-list', { eventId })).find((a) => a.id === result.nextStepActionIds[0])!;
    expect(step).toMatchObject({ title: 'Keep the cache warm-up', status: 'planned', eventId });
    expect(step.description).toMatch(/^Next step from the 30-day review \(due 2026-12-13\), run on \d{4}-\d{2}-\d{2}\.$/);

    // Re-running stores a second result and leaves the first exactly as it was.
    const actionsBefore = (await s.call('action-list', { eventId })).length;
    const again = await s.call('review-run', { reviewId, notes: 'Second look' });
    expect(again.id).not.toBe(result.id);
    expect(again.nextStepActionIds).toEqual([]);
    expect(await s.call('action-list', { eventId })).toHaveLength(actionsBefore);
    const listed = await s.call('review-list', { eventId });
    expect(listed.results.map((r) => r.id)).toEqual([again.id, result.id]);
    expect(await s.call('review-get', { id: result.id })).toEqual(result);
    expect(listed.schedule.find((r) => r.id === reviewId)).toMatchObject({ status: 'done', results: 2 });
    expect(() => s.db.prepare("UPDATE review_results SET notes = 'x' WHERE id = ?").run(result.id)).toThrow(/append-only/);
    const logged = s.db.prepare("SELECT COUNT(*) FROM change_log WHERE entity = 'review' AND action = 'run' AND record_table = 'review_results'").pluck().get();
    expect(logged).toBe(2);
    // A review with results stays on the schedule.
    await expect(s.call('review-schedule-set', { eventId, items: [] })).rejects.toThrow(/has 2 stored result\(s\) and cannot be removed/);
  }, 120_000);

  it('a month with the cache off: degraded, naming the feature_ms KPI with its evidence and drift', async () => {
    const { result } = await run(followUpLog(dir, 'degraded'));
    const f = kpi(result, 'Feature computation p95');
    expect(f.verdict).toBe('degraded');
    expect(f.evidence[0]).toBe('Degraded: the mean moved to the bad side (lower is better).');
    expect(f.evidence[1]).toMatch(/^31 daily points of p95 feature_ms from 2026-12-01 to 2026-12-31/);
    expect(f.evidence.join('\n')).toMatch(/21 of 31 points above the UCL/);
    expect(f.beforeAfter).toMatchObject({ improved: false, significant: true });
    expect(f.beforeAfter!.meanAfter - f.beforeAfter!.meanBefore).toBeGreaterThan(15);
    expect(kpi(result, 'Inference p95 response time').verdict).toBe('degraded');
    // Back to the level before the event: (almost) none of the event's gain is left.
    const p95 = kpi(result, 'Inference p95 response time');
    expect(p95.gainRetained!).toBeLessThan(0.05);
    expect(p95.evidence.at(-1)).toMatch(/follow-up mean 408\.9 ms, event stage mean 377\.7 ms: none of the event's gain retained \(-2 %: back to or worse than before the event\)\.$/);
    expect(f.gainRetained!).toBeLessThan(0.2);
    expect(f.evidence.at(-1)).toMatch(/: 13 % of the event's gain retained\.$/);
    const drift = result.numbers.drift.find((d) => d.column === 'feature_ms')!;
    expect(drift.status).toBe('fail');
    expect(drift.detail).toMatch(/^PSI \d+\.\d{4} \(significant\)/);
  }, 120_000);

  it('a month with a second countermeasure (cache misses 30 % cheaper): improved further, with the before/after test and more than the whole gain retained', async () => {
    const { result } = await run(followUpLog(dir, 'improved'));
    const f = kpi(result, 'Feature computation p95');
    expect(f.verdict).toBe('improved-further');
    expect(f.evidence[0]).toMatch(/^Improved further: /);
    expect(f.beforeAfter).toMatchObject({ improved: true, significant: true });
    expect(f.beforeAfter!.meanBefore - f.beforeAfter!.meanAfter).toBeGreaterThan(30);
    expect(f.gainRetained!).toBeGreaterThan(1);
    expect(kpi(result, 'Inference p95 response time').verdict).toBe('improved-further');
    // Better is not a failure: no bad-side check failed.
    expect(f.checks.filter((c) => c.status === 'fail')).toEqual([]);
  }, 120_000);

  it('three days of data: not enough data, saying how many points are needed and how many there are', async () => {
    const { result } = await run(followUpLog(dir, 'held', '2026-12-04'));
    const p95 = kpi(result, 'Inference p95 response time');
    expect(p95).toMatchObject({ verdict: 'not-enough-data', newPoints: 3, needed: 7, limits: null });
    expect(p95.evidence[0]).toMatch(/^3 daily points of follow-up data since 2026-12-01 .* a verdict needs 7\. Append at least 4 more/);
  }, 120_000);

  it('a KPI that got better again after the event: improved further, with the before/after test', async () => {
    const { s, eventId, reviewId } = await demoWith(null);
    open.push(s);
    // A synthetic queue-time log: 500 s before 12 Nov, 400 s after (the event's change), 340 s in December.
    let seed = 7;
    const noise = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * 20;
    const rows = (from: string, to: string, level: number) => {
      const out: string[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
        for (let h = 0; h < 24; h += 6) out.push(`${new Date(t + h * 3_600_000).toISOString()},${(level + noise()).toFixed(2)}`);
      }
      return out;
    };
    const event = path.join(dir, 'queue.csv');
    fs.writeFileSync(event, ['timestamp,queue_s', ...rows('2026-11-01', '2026-11-11', 500), ...rows('2026-11-12', '2026-11-30', 400)].join('\n') + '\n');
    const ds = await s.call('dataset-import', { eventId, source: { kind: 'path', path: event }, name: 'Queue' });
    await s.call('kpi-create', {
      eventId,
      name: 'Queue time',
      unit: 's',
      direction: 'lower',
      source: { kind: 'dataset', datasetId: ds.datasetId!, column: 'queue_s', statistic: 'mean', bucket: 'day' },
      chart: { stages: [{ date: '2026-11-12', name: 'After' }] },
    });
    // The same column on an X̄-R chart: each day's four rows are a subgroup, in the held limits and in the review.
    await s.call('kpi-create', {
      eventId,
      name: 'Queue time (X̄-R)',
      unit: 's',
      direction: 'lower',
      source: { kind: 'dataset', datasetId: ds.datasetId!, column: 'queue_s', statistic: 'mean', bucket: 'day' },
      chart: { chart: 'xbar-r', stages: [{ date: '2026-11-12', name: 'After' }] },
    });
    const december = path.join(dir, 'queue-dec.csv');
    fs.writeFileSync(december, ['timestamp,queue_s', ...rows('2026-12-01', '2026-12-20', 340)].join('\n') + '\n');
    await s.call('dataset-import', { eventId, source: { kind: 'path', path: december }, name: 'Queue', append: true });
    const result = await s.call('review-run', { reviewId });
    const q = kpi(result, 'Queue time');
    expect(q.verdict).toBe('improved-further');
    expect(q.newPoints).toBe(20);
    expect(q.limits).toMatchObject({ stage: 'After', from: '2026-11-12', to: '2026-11-30', points: 19 });
    expect(q.beforeAfter).toMatchObject({ improved: true, significant: true });
    expect(q.evidence.join('\n')).toMatch(/points beyond the limit on the good side .* an improvement, not a failure/);
    // 500 s before the event, 400 s after it, 340 s in December: 160 % of the event's 100 s gain.
    expect(q.baseline).toMatchObject({ stage: 'Before', from: '2026-11-01', to: '2026-11-11', points: 11 });
    expect(q.gainRetained!).toBeCloseTo(1.6, 1);
    expect(q.evidence.at(-1)).toMatch(/: 1[56]\d % of the event's gain retained \(at or beyond the event's level\)\.$/);
    // The inference log got no December here: its fairness analysis has no follow-up rows to be re-run on.
    expect(result.numbers.fairness.map((f) => f.status)).toEqual(['no-data', 'no-data']);
    expect(result.numbers.fairness[0]!.detail).toMatch(/^Not enough follow-up data to re-run "Fairness of fraud-v3\.2 by region .*" on the rows of "Inference log" \(version 1\) since 2026-12-01: Column "region" has 0 group\(s\) with data/);
    const xbar = kpi(result, 'Queue time (X̄-R)');
    expect(xbar).toMatchObject({ verdict: 'improved-further', newPoints: 20, limits: { chart: 'xbar-r', stage: 'After', points: 19 } });
  }, 120_000);
});

describe('fairness gates re-run on the follow-up rows', () => {
  it('names a failure against a stricter policy; without policy limits it uses the analysis\' own gate, and says when there is none', async () => {
    const { s, eventId, reviewId } = await demoWith(followUpLog(dir, 'held'));
    open.push(s);
    const policy = (await s.call('registry-policy-get', { eventId })).current!;
    await s.call('registry-policy-update', { eventId, policy: { dpdMax: 0.01, eodMax: 0.05, rehearsalMaxDays: policy.rehearsalMaxDays, qualityMargin: policy.qualityMargin, qualityMetric: policy.qualityMetric } });
    const strict = (await s.call('review-run', { reviewId })).numbers.fairness;
    expect(strict.map((f) => [f.metric, f.limit, f.status])).toEqual([
      ['demographic_parity_difference', 0.01, 'fail'],
      ['equalized_odds_difference', 0.05, 'pass'],
    ]);
    expect(strict[0]!.value!).toBeCloseTo(0.0127, 3);
    expect(strict[0]!.detail).toMatch(/^Fairness failure: demographic parity difference by region is 0\.013 on 51,667 rows of "Inference log" \(version 2\) since 2026-12-01, above the limit 0\.010 of the governance policy — predicted-positive rate APAC [\d.]+ % vs LATAM [\d.]+ %\.$/);

    // No fairness limits in the policy: the demo's analysis has no gate of its own, so nothing can be judged …
    await s.call('registry-policy-update', { eventId, policy: { dpdMax: null, eodMax: null, rehearsalMaxDays: policy.rehearsalMaxDays, qualityMargin: policy.qualityMargin, qualityMetric: policy.qualityMetric } });
    const none = (await s.call('review-run', { reviewId })).numbers.fairness;
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ status: 'no-data', limit: null });
    expect(none[0]!.detail).toMatch(/no limit is set/);
    // … and a stored analysis with its own gate is judged by that gate (ratio: at least the threshold).
    const log = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!;
    await s.call('analysis-fairness', { eventId, datasetId: log.id, label: 'label', prediction: 'decision', posLabel: 'fraud', predictionPosLabel: 'flag', group: 'endpoint', gate: { metric: 'demographic_parity_ratio', threshold: 0.99 }, save: true });
    const own = (await s.call('review-run', { reviewId })).numbers.fairness.find((f) => f.group === 'endpoint')!;
    expect(own).toMatchObject({ name: 'Demographic parity ratio by endpoint', metric: 'demographic_parity_ratio', limit: 0.99, status: 'fail' });
    expect(own.detail).toMatch(/below the limit 0\.990 of the analysis' own gate/);

    // Next steps and the result commit together: when the result cannot be stored, no action is left behind.
    const actions = (await s.call('action-list', { eventId })).length;
    s.db.exec("CREATE TEMP TRIGGER refuse_result BEFORE INSERT ON review_results BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    await expect(s.call('review-run', { reviewId, nextSteps: ['Re-tune the threshold for APAC'] })).rejects.toThrow();
    s.db.exec('DROP TRIGGER refuse_result');
    expect(await s.call('action-list', { eventId })).toHaveLength(actions);
    const ok = await s.call('review-run', { reviewId, nextSteps: ['Re-tune the threshold for APAC', 'Add LATAM to the weekly fairness check'] });
    const made = (await s.call('action-list', { eventId })).filter((a) => ok.nextStepActionIds.includes(a.id));
    expect(made.map((a) => [a.title, a.status])).toEqual([['Re-tune the threshold for APAC', 'planned'], ['Add LATAM to the weekly fairness check', 'planned']]);
    expect((await s.call('review-get', { id: ok.id })).nextStepActionIds).toEqual(ok.nextStepActionIds);
  }, 120_000);
});

describe('the demo\'s follow-up month (resources/demo/follow-up)', () => {
  it('is small enough for git, appends to a fresh demo through the import and gives sustained verdicts', async () => {
    const folder = path.join(ROOT, 'resources', 'demo', 'follow-up');
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.csv'));
    expect(files).toEqual(['inference-log-2026-12.csv']);
    const bytes = files.reduce((n, f) => n + fs.statSync(path.join(folder, f)).size, 0);
    expect(bytes).toBeLessThan(3_000_000);
    const { s, reviewId } = await demoWith(path.join(folder, files[0]!));
    open.push(s);
    const result = await s.call('review-run', { reviewId });
    expect(result.since).toBe('2026-12-01');
    for (const name of ['Inference p95 response time', 'Feature computation p95']) {
      const k = kpi(result, name);
      expect(k.verdict, k.evidence.join('\n')).toBe('sustained');
      expect(k.newPoints).toBe(31);
      expect(k.gainRetained!).toBeGreaterThan(0.9);
    }
    expect(result.numbers.fairness.every((f) => f.status === 'pass')).toBe(true);
    expect(result.numbers.drift.find((d) => d.column === 'feature_ms')!.status).toBe('pass');
  }, 120_000);
});
