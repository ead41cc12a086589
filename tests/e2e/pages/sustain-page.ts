import type { Locator, Page } from 'playwright-core';

/** Sustain area: the control plan table and the runbooks page. */
export class SustainPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(section: 'control-plan' | 'runbooks'): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/${section}`;
    await this.page.goto(u.toString());
  }

  async waitSaved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  row(kpi: string): Locator {
    return this.page.getByTestId('control-row').filter({ hasText: kpi });
  }

  /** Opens the "+ Reaction" form of a KPI's row and adds a threshold reaction. */
  async addThresholdReaction(kpi: string, op: 'above' | 'below', value: string, action: string): Promise<void> {
    await this.page.getByRole('button', { name: `Add a reaction for ${kpi}` }).click();
    const form = this.page.getByRole('group', { name: `New reaction for ${kpi}` });
    await form.getByLabel('Signal').selectOption('threshold');
    await form.getByLabel('Direction').selectOption(op);
    await form.getByLabel(/^Threshold/).fill(value);
    await form.getByLabel('What to do').fill(action);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
  }

  async addEscalation(kpi: string, incident: string, who: string, hours: string): Promise<void> {
    await this.page.getByRole('button', { name: `Add an escalation for ${kpi}` }).click();
    const form = this.page.getByRole('group', { name: `New escalation for ${kpi}` });
    await form.getByLabel('Incident type').selectOption(incident);
    await form.getByLabel('Who is called').fill(who);
    await form.getByLabel('Response time (hours)').fill(hours);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
  }

  tab(name: 'Read' | 'Edit' | 'History and changes'): Locator {
    return this.page.getByRole('group', { name: 'View' }).getByRole('button', { name });
  }
}
