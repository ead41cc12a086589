import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERDICT_LABELS } from '../../common/contract/schemas/reviews';
import type { ReviewResult } from '../../common/contract/schemas/reviews';
import { followUpLog } from '../helpers/followUpLogs';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The review report (HTML and PDF) and the A3 follow-up box, on the demo event with a month of follow-up data that
// degrades the feature computation time back (the demo generator's seeded December).

const XSS = '<script>alert("notes")</script><img src=x onerror="alert(2)">';
let s: TestServices;
let out: string;
let eventId: string;
let result: ReviewResult;
let a3Before: string;

beforeAll(async () => {
  out = tempDir('kaizen-review-report-');
  s = await tempServices({ dataDir: tempDir('kaizen-review-report-data-') });
  eventId = (await s.call('demo-create', {})).id;
  const schedule = await s.call('review-schedule-set', { eventId });
  a3Before = (await s.call('report-a3-get', { eventId })).fields.followUp;
  const imported = await s.call('dataset-import', { eventId, source: { kind: 'path', path: followUpLog(out, 'degraded') }, name: 'Inference log', append: true });
  expect(imported.status).toBe('imported');
  result = await s.call('review-run', {
    reviewId: schedule[0]!.id,
    attendees: ['Priya Raman', 'Luis <b>García</b>'],
    notes: `Cache warm-up skipped after the 8 Dec deploy.\n${XSS}`,
    nextSteps: ['Restore the cache warm-up job', 'Alert on feature_ms above the UCL'],
  });
}, 120_000);
afterAll(() => {
  s.close();
  fs.rmSync(out, { recursive: true, force: true });
});

const flat = (t: string) => t.replace(/\s+/g, ' ');

describe('review report (HTML)', () => {
  it('has the review, the verdict per KPI with its evidence, drift and next steps; user text escaped; nothing external', async () => {
    const r = await s.call('report-export', { eventId, format: 'review-html', reviewResultId: result.id, out: path.join(out, 'review.html') });
    const file = r.files[0]!;
    expect(file.name).toMatch(/-30-day-review-\d{4}-\d{2}-\d{2}\.html$/);
    const html = fs.readFileSync(file.path, 'utf8');
    expect(html).toContain('30-day review');
    const degraded = result.verdicts.find((v) => v.verdict === 'degraded');
    expect(degraded, 'the degraded month makes at least one KPI degraded').toBeDefined();
    for (const v of result.verdicts) {
      expect(html).toContain(`<span class="verdict verdict-${v.verdict}">${VERDICT_LABELS[v.verdict]}</span>`);
      // The verdict's lead sentence and the before/after line, escaped as the report writes all text.
      expect(html).toContain(v.evidence[0]!.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    expect(html).toMatch(/Degraded: /);
    // A chart of the follow-up points against the held limits for a KPI that had them.
    expect(html).toMatch(/<svg role="img" aria-label="[^"]*follow-up since 2026-12-01 against the held limits"/);
    expect(html).toContain('UCL');
    for (const d of result.numbers.drift) expect(html).toContain(d.detail.replace(/"/g, '&quot;'));
    // Next steps that became actions say so; fairness gates re-run on the new rows are listed.
    expect(result.nextStepActionIds).toHaveLength(2);
    expect(html).toContain('<li>Restore the cache warm-up job (now an action)</li>');
    expect(result.numbers.fairness.length).toBeGreaterThan(0);
    for (const f of result.numbers.fairness) expect(html).toContain(f.detail.replace(/"/g, '&quot;'));
    const kept = result.verdicts.find((v) => v.gainRetained !== null);
    if (kept) expect(html).toContain(`${Math.round(kept.gainRetained! * 100)} %`);
    expect(html).toContain('Inference log: version 2');
    // XSS payloads from the notes and an attendee name are inert text.
    expect(html).not.toMatch(/<script|<img|onerror="/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;');
    expect(html).toContain('Luis &lt;b&gt;García&lt;/b&gt;');
    // Self-contained: no URL of any scheme but the SVG namespace-free markup, and the report's CSP.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<[^>]+\s(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('refuses a missing or foreign review result with the field named', async () => {
    await expect(s.call('report-export', { eventId, format: 'review-html', out: path.join(out, 'x.html') })).rejects.toThrow(/reviewResultId/);
    const other = (await s.call('event-create', { name: 'Other event' })).id;
    await expect(s.call('report-export', { eventId: other, format: 'review-html', reviewResultId: result.id, out: path.join(out, 'y.html') })).rejects.toThrow(/reviewResultId: .*another event/);
  });
});

describe('review report (PDF)', () => {
  it('prints a summary, then at most one page per KPI, each with its verdict and evidence', async () => {
    const r = await s.call('report-export', { eventId, format: 'review-pdf', reviewResultId: result.id, out: path.join(out, 'review.pdf') });
    const text = execFileSync('pdftotext', ['-layout', r.files[0]!.path, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    const n = result.verdicts.length;
    const kpiPages = pages.map((p, i) => ({ p, i })).filter(({ p }) => /KPI \d+ of \d+/.test(p));
    // Each KPI starts a page and nothing of it spills onto the next: the KPI pages are exactly the last n.
    expect(kpiPages.map(({ i }) => i)).toEqual(Array.from({ length: n }, (_, k) => pages.length - n + k));
    result.verdicts.forEach((v, k) => {
      const page = flat(kpiPages[k]!.p);
      expect(page).toContain(`KPI ${k + 1} of ${n}`);
      expect(page).toContain(VERDICT_LABELS[v.verdict]);
      // The last evidence line ends on the KPI's own page.
      expect(page).toContain(flat(v.evidence[v.evidence.length - 1]!).slice(-40));
    });
    const summary = flat(pages.slice(0, pages.length - n).join(' '));
    for (const piece of ['30-day review', 'Priya Raman', 'Verdict per KPI', 'Restore the cache warm-up job', 'Degraded']) expect(summary).toContain(piece);
  }, 60_000);
});

describe('A3 follow-up box', () => {
  it('is filled from the latest review (date, verdict per KPI, main evidence, next steps); before one, from the actions', async () => {
    expect(a3Before).toMatch(/review at 30, 60 and 90 days/);
    expect(a3Before).not.toMatch(/30-day review/);
    const followUp = (await s.call('report-a3-get', { eventId })).fields.followUp;
    expect(followUp).toMatch(/^30-day review, run \d+ \w+ 2\d{3} on data since 1 Dec 2026:/);
    for (const v of result.verdicts) expect(followUp).toContain(`${v.name}: ${VERDICT_LABELS[v.verdict]}`);
    // A KPI without follow-up data says how many points it had, in the fewest words the small box allows.
    const waiting = result.verdicts.find((v) => v.verdict === 'not-enough-data');
    if (waiting) expect(followUp).toContain(`${waiting.name}: Not enough data (${waiting.newPoints} of ${waiting.needed} follow-up points)`);
    const degraded = result.verdicts.find((v) => v.verdict === 'degraded')!;
    expect(followUp).toContain(`${degraded.name}: Degraded — ${degraded.evidence[0]!.replace(/^Degraded: /, '')}`);
    expect(followUp).toContain('Next steps: Restore the cache warm-up job; Alert on feature_ms above the UCL');
    // The control plan lines stay.
    expect(followUp).toContain('Control plan —');
  });
});
