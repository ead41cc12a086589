import type { Page } from 'playwright-core';

/** The event shell: sidebar sections, save indicator, undo/redo. */
export class EventPage {
  constructor(private readonly page: Page) {}

  async openSection(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Event sections' }).getByRole('link', { name: label, exact: true }).click();
    await this.page.getByRole('heading', { name: label, level: 1 }).waitFor();
  }

  async waitSaved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }
}
