import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The Reviews page (Sustain): schedule, Run review, stored results and their report. */
export class ReviewsPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/reviews`;
    await this.page.goto(u.toString());
    await this.page.getByRole('heading', { name: /^Schedule/ }).waitFor();
  }

  async waitSaved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  rows(): Locator {
    return this.page.getByTestId('review-row');
  }

  /** Seeds the 30/60/90-day reviews when the event has no schedule yet (the demo may come with one). */
  async ensureSchedule(): Promise<void> {
    const seed = this.page.getByRole('button', { name: 'Seed 30/60/90' });
    await Promise.race([seed.waitFor(), this.rows().first().waitFor()]);
    if (await seed.isVisible()) {
      await seed.click();
      await this.rows().first().waitFor();
    }
  }

  async run(opts: { reviewId: string; attendees: string[]; notes: string; nextSteps: string[] }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Run review' });
    await form.getByLabel('Review', { exact: true }).selectOption(opts.reviewId);
    for (const a of opts.attendees) await form.getByRole('checkbox', { name: a }).check();
    await form.getByLabel('Notes').fill(opts.notes);
    await form.getByLabel(/^Next steps/).fill(opts.nextSteps.join('\n'));
    await form.getByRole('button', { name: /^Run / }).click();
  }

  latest(): Locator {
    return this.page.getByTestId('review-result').first();
  }

  /** Clicks a result's report button and saves the download into `dir`; returns its path. */
  async exportReport(dir: string, button: 'Report (HTML)' | 'Report (PDF)'): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.latest().getByRole('button', { name: button, exact: true }).click()]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return file;
  }
}
