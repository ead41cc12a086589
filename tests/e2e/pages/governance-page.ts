import type { Locator, Page } from 'playwright-core';

/** The Governance page: tabs, the change log with its chain status, filters and the "Record a change" form; the header's facilitator. */
export class GovernancePage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(tab = 'log'): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/governance/${tab}`;
    await this.page.goto(u.toString());
    await this.page.getByRole('heading', { name: 'Governance', level: 1 }).waitFor();
  }

  chainStatus(): Locator {
    return this.page.getByTestId('chain-status');
  }

  facilitator(): Locator {
    return this.page.getByTestId('facilitator');
  }

  form(): Locator {
    return this.page.getByRole('form', { name: /Record a (change|correction)/ });
  }

  entries(): Locator {
    return this.page.getByTestId('log-entry');
  }

  entry(text: string | RegExp): Locator {
    return this.entries().filter({ hasText: text });
  }

  /** Fills the controlled-change form; the approver's passphrase is typed last, as on the shared laptop. */
  async fillChange(c: { component: string; type: string; before: string; after: string; reason: string; requester: string; approver: string; ticket: string }): Promise<void> {
    const f = this.form();
    await f.getByLabel('Component', { exact: true }).selectOption({ label: 'Other…' });
    await f.getByLabel('Component name').fill(c.component);
    await f.getByLabel('Change type').selectOption({ label: c.type });
    await f.getByLabel('Before').fill(c.before);
    await f.getByLabel('After').fill(c.after);
    await f.getByLabel('Reason').fill(c.reason);
    await f.getByLabel('Ticket reference').fill(c.ticket);
    await f.getByLabel('Requested by').selectOption({ label: c.requester });
    await f.getByLabel('Approved by').selectOption({ label: c.approver });
  }

  async approveWith(passphrase: string): Promise<void> {
    const f = this.form();
    await f.getByLabel(/Passphrase of|Approver’s passphrase/).fill(passphrase);
    await f.getByRole('button', { name: /Record (change|correction)/ }).click();
  }
}
