import type { Page } from 'playwright-core';

/** The events list: create, open, rename, duplicate, delete, search. */
export class HomePage {
  constructor(private readonly page: Page) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('heading', { name: 'Kaizen events' }).waitFor();
  }

  rows() {
    return this.page.getByTestId('event-row');
  }

  async createEvent(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New event' }).click();
    await this.page.getByLabel('Event name').fill(name);
    await this.page.getByRole('button', { name: 'Create event' }).click();
    await this.page.getByRole('heading', { name: 'Charter' }).waitFor();
  }

  async deleteEvent(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    await this.page.getByRole('button', { name: 'Delete event' }).click();
  }
}
