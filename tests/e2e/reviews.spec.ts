import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { VERDICT_LABELS } from '../../common/contract/schemas/reviews';
import type { ReviewResult, ReviewScheduleEntry } from '../../common/contract/schemas/reviews';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { DataPage } from './pages/data-page';
import { ReviewsPage } from './pages/reviews-page';

const ROOT = path.resolve(__dirname, '..', '..');
let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

/**
 * December's inference log as the team would bring it: the demo's shipped follow-up month, under its own file name
 * (the user types the dataset's name in the wizard to append it).
 */
function decemberLog(): string {
  return path.join(ROOT, 'resources', 'demo', 'follow-up', 'inference-log-2026-12.csv');
}

describe('30/60/90-day reviews', () => {
  it('appends December through the Data page, runs the 30-day review, shows the verdicts with evidence and opens its report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-reviews-'));
    const eventId = await demoEventId(app);

    // Fresh data: the Data page's import, appended to the event's inference log.
    const data = new DataPage(page);
    await data.open(app.url, eventId);
    await data.pickFile(decemberLog());
    // A follow-up file does not carry the dataset's name: append shows once the typed name matches a dataset.
    await expect.poll(() => data.wizard().getByLabel('Dataset name').inputValue()).toBe('inference-log-2026-12');
    expect(await data.wizard().getByLabel('Append only new rows').count()).toBe(0);
    await data.wizard().getByLabel('Dataset name').fill('Inference log');
    await data.wizard().getByLabel('Append only new rows').check();
    await data.importNow();

    // The schedule: seeded 30/60/90 from the event's end date, with its status counts.
    const reviews = new ReviewsPage(page, app.url, eventId);
    await reviews.open();
    await page.getByRole('link', { name: 'Data page' }).waitFor();
    await reviews.ensureSchedule();
    await expect.poll(() => reviews.rows().count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId('review-counts').waitFor();
    const schedule = (await api<{ schedule: ReviewScheduleEntry[] }>(app, 'review-list', { eventId })).schedule;
    const thirty = schedule.find((s) => s.title === '30-day review')!;
    expect(thirty).toBeDefined();
    await screenshot(page, 'reviews-schedule-1280x720');

    // Run review: attendees from the team, notes, next steps; progress while it runs.
    await reviews.run({ reviewId: thirty.id, attendees: ['Priya Raman', 'Luis García'], notes: 'December after the cache change <b>stays</b> put?', nextSteps: ['Keep the cache warm-up job', 'Re-check drift in January'] });
    await page.getByRole('button', { name: 'Running…' }).or(reviews.latest()).first().waitFor();
    await reviews.latest().waitFor({ timeout: 60_000 });
    await reviews.waitSaved();

    const stored = (await api<{ results: ReviewResult[] }>(app, 'review-list', { eventId })).results;
    expect(stored).toHaveLength(1);
    const result = stored[0]!;
    expect(result.attendees).toEqual(['Priya Raman', 'Luis García']);
    // The appended rows are a new version of the inference log, and the review read it.
    expect(result.datasetVersions.find((v) => v.name === 'Inference log')?.version).toBe(2);
    // Every KPI's verdict is on screen in words, with its lead evidence sentence.
    const cards = reviews.latest().getByTestId('review-kpi');
    await expect.poll(() => cards.count()).toBe(result.verdicts.length);
    for (const v of result.verdicts) {
      const card = cards.filter({ has: page.getByRole('heading', { name: v.name, exact: true }) });
      expect(await card.locator('.verdict').innerText()).toBe(VERDICT_LABELS[v.verdict]);
      expect(await card.getByText(v.evidence[0]!, { exact: true }).count()).toBe(1);
    }
    expect(result.verdicts.some((v) => v.verdict !== 'not-enough-data')).toBe(true);
    // The user's notes are text, not markup; the next steps became actions.
    await reviews.latest().getByText('December after the cache change <b>stays</b> put?').waitFor();
    await reviews.latest().getByText('Keep the cache warm-up job').waitFor();
    expect(await page.locator('.review-notes b').count()).toBe(0);
    const schedAfter = (await api<{ schedule: ReviewScheduleEntry[] }>(app, 'review-list', { eventId })).schedule;
    expect(schedAfter.find((s) => s.id === thirty.id)!.status).toBe('done');
    await reviews.rows().filter({ hasText: 'Done' }).first().waitFor();

    // The result's head and its verdict strip at the top of the screen, as the team sees it on the projector.
    const head = reviews.latest();
    await head.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'reviews-result-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await head.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'reviews-result-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });

    // The review report: offline HTML with the verdicts; opened in the browser it shows them too.
    const file = await reviews.exportReport(dir, 'Report (HTML)');
    expect(path.basename(file)).toMatch(/30-day-review-\d{4}-\d{2}-\d{2}\.html$/);
    const html = fs.readFileSync(file, 'utf8');
    for (const v of result.verdicts) expect(html).toContain(`verdict-${v.verdict}">${VERDICT_LABELS[v.verdict]}<`);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('December after the cache change &lt;b&gt;stays&lt;/b&gt; put?');
    const reader = await page.context().newPage();
    await reader.goto(`file://${file}`);
    await reader.getByRole('heading', { name: /30-day review/, level: 1 }).waitFor();
    expect(await reader.locator('.verdict').first().isVisible()).toBe(true);
    await screenshot(reader, 'reviews-report-html-1280x720');
    await reader.close();

    // Running it again adds a result; the first is listed below as it was stored, never recomputed.
    await page.getByRole('form', { name: 'Run review' }).getByLabel('Notes').fill('Second look');
    await page.getByRole('form', { name: 'Run review' }).getByRole('button', { name: /^Run / }).click();
    await page.getByRole('heading', { name: 'Earlier results (as stored, not recomputed)' }).waitFor({ timeout: 60_000 });
    const again = (await api<{ results: ReviewResult[] }>(app, 'review-list', { eventId })).results;
    expect(again.map((r) => r.id)).toEqual([expect.any(String), result.id]);
    expect(again[1]).toEqual(result);
    await page.locator('.review-older > summary').first().click();
    await page.locator('.review-older').first().getByText('December after the cache change <b>stays</b> put?').waitFor();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('explains reviews on an event without a schedule and seeds 30/60/90 from its end date', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Reviews e2e', startDate: '2026-11-09', endDate: '2026-11-13' });
    const reviews = new ReviewsPage(page, app.url, e.id);
    await reviews.open();
    await page.getByRole('heading', { name: 'No reviews scheduled' }).waitFor();
    await page.getByText('No review has been run yet.').waitFor();
    await screenshot(page, 'reviews-empty-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Seed 30/60/90' }).click();
    await expect.poll(() => reviews.rows().count()).toBe(3);
    const schedule = (await api<{ schedule: ReviewScheduleEntry[] }>(app, 'review-list', { eventId: e.id })).schedule;
    expect(schedule.map((r) => [r.title, r.dueDate])).toEqual([['30-day review', '2026-12-13'], ['60-day review', '2027-01-12'], ['90-day review', '2027-02-11']]);
    // Undo takes the seeded schedule back.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByRole('heading', { name: 'No reviews scheduled' }).waitFor();
  });

  it('edits the schedule: renames and re-dates a review, adds one, removes one without results, and undoes the removal', async () => {
    const eventId = await demoEventId(app);
    const reviews = new ReviewsPage(page, app.url, eventId);
    await reviews.open();
    await reviews.ensureSchedule();
    const list = async () => (await api<{ schedule: ReviewScheduleEntry[] }>(app, 'review-list', { eventId })).schedule;
    const n = (await list()).length;

    await page.getByLabel('Due date of 60-day review').fill('2027-01-20');
    await reviews.waitSaved();
    await expect.poll(async () => (await list()).find((s) => s.title === '60-day review')?.dueDate).toBe('2027-01-20');
    await page.getByLabel('Title of 60-day review').fill('2-month review');
    await page.getByLabel('Title of 60-day review').press('Enter');
    await expect.poll(async () => (await list()).find((s) => s.dueDate === '2027-01-20')?.title).toBe('2-month review');
    await page.getByLabel('Due date of 2-month review').waitFor();

    await page.getByRole('textbox', { name: 'Add a review' }).fill('6-month review');
    await page.getByLabel('Due date of the new review').fill('2027-05-13');
    await page.getByRole('button', { name: 'Add review' }).click();
    await reviews.rows().filter({ has: page.locator('input[value="6-month review"]') }).waitFor();
    expect((await list()).map((s) => [s.title, s.dueDate])).toContainEqual(['6-month review', '2027-05-13']);

    await page.getByRole('button', { name: 'Remove 90-day review' }).click();
    await expect.poll(async () => (await list()).some((s) => s.title === '90-day review')).toBe(false);
    await page.locator('.toasts').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await list()).some((s) => s.title === '90-day review')).toBe(true);
    expect((await list()).length).toBe(n + 1);
  });
});
