import type { Locator, Page } from 'playwright-core';

/** Serious and critical axe-core violations on the current page, as "rule (count)". */

/** Improve area: actions list, decisions, parking lot, affinity groups and the impact/effort matrix. */
export class ActionsPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(section: 'actions' | 'decisions' | 'parking' | 'affinity' | 'matrix'): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/${section}`;
    await this.page.goto(u.toString());
  }

  async waitSaved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  form(): Locator {
    return this.page.getByRole('form', { name: 'Add an action' });
  }

  /** Fills the add-action form from a voted idea, with an owner and a due date, and submits it. */
  async createFromIdea(ideaOption: string | RegExp, owner: string, due: string): Promise<void> {
    const form = this.form();
    const select = form.getByLabel('From idea');
    const value = await select.locator('option', { hasText: ideaOption }).getAttribute('value');
    await select.selectOption(value!);
    await form.getByLabel('Owner').selectOption({ label: owner });
    await form.getByLabel('Due date').fill(due);
    await form.getByRole('button', { name: 'Add action' }).click();
  }

  rows(): Locator {
    return this.page.getByTestId('action-row');
  }

  row(title: string): Locator {
    return this.rows().filter({ hasText: title });
  }
}
