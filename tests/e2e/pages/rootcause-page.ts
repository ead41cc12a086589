import type { Locator, Page } from 'playwright-core';

/** Root cause: the fishbone editor and 5 Whys chains. */
export class RootCausePage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(tab: 'fishbone' | 'whys'): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/rootcause/${tab}`;
    await this.page.goto(u.toString());
  }

  category(name: string): Locator {
    return this.page.getByRole('region', { name: `Category ${name}` });
  }

  async addCause(category: string, text: string): Promise<void> {
    const input = this.page.getByRole('textbox', { name: `Add a cause to ${category}` });
    await input.fill(text);
    await input.press('Enter');
    await this.diagramMentions(text);
  }

  async addSubCause(cause: string, text: string): Promise<void> {
    const input = this.page.getByRole('textbox', { name: `Add a sub-cause to ${cause}` });
    await input.fill(text);
    await input.press('Enter');
    await this.diagramMentions(text);
  }

  /** Waits until the diagram's text alternative lists `text` (the save went through and the view refetched). */
  async diagramMentions(text: string): Promise<void> {
    await this.page.waitForFunction(
      (t) => (document.querySelector('[data-testid="fishbone-diagram"]')?.getAttribute('alt') ?? '').includes(t),
      text,
    );
  }

  diagram(): Locator {
    return this.page.getByTestId('fishbone-diagram');
  }
}
