import type { Locator, Page } from 'playwright-core';

/** Agenda, ideas, pass-the-laptop round, secret voting and presenter mode. */
export class WorkshopPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(section: 'agenda' | 'ideas' | 'voting' | 'present', sub?: string): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/${section}${sub ? `/${sub}` : ''}`;
    await this.page.goto(u.toString());
  }

  timerClock(): Locator {
    return this.page.getByTestId('timer-clock');
  }

  /** Seconds shown by the top-bar timer ("4:05" → 245). */
  async timerSeconds(): Promise<number> {
    const text = (await this.timerClock().textContent()) ?? '';
    const parts = text.trim().split(':').map(Number);
    return parts.reduce((acc, n) => acc * 60 + n, 0);
  }

  async startTimer(duration: string): Promise<void> {
    await this.page.getByTestId('timer-widget').getByRole('button', { name: 'Set timer' }).click();
    await this.page.getByLabel('How long? (seconds to hours)').fill(duration);
    await this.page.getByRole('button', { name: 'Start timer' }).click();
  }

  // Voting
  handover(): Locator {
    return this.page.getByTestId('vote-handover');
  }

  ballot(): Locator {
    return this.page.getByTestId('ballot');
  }

  async beginBallot(voter: string): Promise<void> {
    await this.page.getByRole('button', { name: `I’m ${voter} — start my ballot` }).click();
    await this.ballot().waitFor();
  }

  async addDot(idea: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.getByRole('button', { name: `Add a dot to ${idea}`, exact: true }).click();
  }

  async castBallot(): Promise<void> {
    await this.page.getByRole('button', { name: 'Confirm my ballot' }).click();
    await this.page.getByRole('button', { name: 'Cast ballot' }).click();
    await this.handover().waitFor();
  }

  async reveal(): Promise<void> {
    await this.page.getByRole('button', { name: 'Facilitator: reveal results' }).click();
    await this.page.getByRole('button', { name: 'Reveal results', exact: true }).click();
    await this.page.getByTestId('vote-results').first().waitFor();
  }

  async resultRows(): Promise<string[][]> {
    return this.page.getByTestId('result-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  // Anonymous round
  async startParticipant(n: number): Promise<void> {
    await this.page.getByRole('button', { name: `Start participant ${n}` }).click();
    await this.page.getByTestId('round-entering').waitFor();
  }

  async addEntry(text: string): Promise<void> {
    await this.page.getByLabel('Your idea', { exact: true }).fill(text);
    await this.page.getByLabel('Your idea', { exact: true }).press('Enter');
    await this.page.getByTestId('round-my-entry').filter({ has: this.page.locator(`input[value="${text.replace(/"/g, '\\"')}"]`) }).waitFor();
  }

  async passLaptop(): Promise<void> {
    await this.page.getByRole('button', { name: 'I’m done — pass the laptop to the next person' }).click();
    await this.page.getByTestId('round-handover').waitFor();
  }
}
