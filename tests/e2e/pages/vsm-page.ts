import type { Locator, Page } from 'playwright-core';

/** Serious or critical axe-core violations on the page, as "rule (count)". */

/** The value-stream map section: templates, the map canvas, the stage editor, fill from log, metrics and deltas. */
export class VsmPage {
  constructor(private readonly page: Page, private readonly appUrl: string, private readonly eventId: string) {}

  async open(mapId?: string): Promise<void> {
    const u = new URL(this.appUrl);
    u.hash = `#/event/${this.eventId}/vsm${mapId ? `/${mapId}` : ''}`;
    await this.page.goto(u.toString());
  }

  async waitSaved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  async createFromTemplate(label: RegExp | string): Promise<void> {
    await this.page.getByRole('radio', { name: label }).check();
    await this.page.getByRole('button', { name: 'Create current-state map' }).click();
    await this.canvas().waitFor();
  }

  canvas(): Locator {
    return this.page.getByTestId('vsm-canvas').first();
  }

  /** The stage group on the map (a focusable button inside the SVG). */
  stage(name: string): Locator {
    return this.canvas().locator(`g.vsm-stage[data-stage-name="${name.replace(/"/g, '\\"')}"]`).first();
  }

  async stageNames(): Promise<string[]> {
    return (await this.canvas().locator('g.vsm-stage').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-stage-name') ?? ''))) as string[];
  }

  metric(testId: 'metric-lead' | 'metric-constraint'): Locator {
    return this.page.getByTestId(testId);
  }

  delta(key: string): Locator {
    return this.page.getByTestId(`delta-${key}`);
  }

  /** Opens "Fill from log…" and waits for the log-stage → map-stage table. */
  async openFill(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Fill from log…' }).click();
    const panel = this.page.getByTestId('fill-panel');
    await panel.getByTestId('fill-mapping').waitFor();
    return panel;
  }

  async applyFill(): Promise<void> {
    const panel = this.page.getByTestId('fill-panel');
    await panel.getByRole('button', { name: /^Fill \d+ stage/ }).click();
    await panel.waitFor({ state: 'detached' });
  }

  editor(): Locator {
    return this.page.getByTestId('stage-editor');
  }

  /** Types a duration into the open stage editor and commits it with Enter. */
  async setDuration(field: 'field-pt' | 'field-wt', value: string, unit: string): Promise<void> {
    const f = this.editor().getByTestId(field);
    await f.locator('select').selectOption(unit);
    const input = f.locator('input');
    await input.fill(value);
    await input.press('Enter');
  }
}
