import type { Locator, Page } from 'playwright-core';

/** The Analysis section: Latency, Drift, Fairness and Models tabs. */
export class AnalysisPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(sub: 'latency' | 'drift' | 'fairness' | 'models'): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/analysis/${sub}`;
    await this.page.goto(u.toString());
  }

  tab(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Analysis pages' }).getByRole('link', { name });
  }

  async setDate(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  driftTable(): Locator {
    return this.page.getByRole('table', { name: 'Drift by feature, sorted by PSI' });
  }

  /** [feature, PSI] pairs in table order. */
  async driftRows(): Promise<[string, number][]> {
    const rows = await this.driftTable().locator('tbody tr').all();
    const out: [string, number][] = [];
    for (const r of rows) {
      const cells = await r.locator('td').allTextContents();
      out.push([cells[0]!, Number(cells[1])]);
    }
    return out;
  }

  status(text: RegExp | string): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }
}
