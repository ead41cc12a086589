import type { Page } from 'playwright-core';

/** Data page → a dataset → Control chart tab: the "Chart a column" form and its chart. */
export class ColumnChartPage {
  constructor(private readonly page: Page) {}

  form() {
    return this.page.locator('form.colchart-form');
  }

  /** A form control by its visible label. */
  field(label: string) {
    return this.form().getByLabel(label, { exact: true });
  }

  async addStage(date: string, name: string): Promise<void> {
    await this.field('Stage starts').fill(date);
    await this.field('Stage name').fill(name);
    await this.form().getByRole('button', { name: 'Add stage' }).click();
    await this.form().getByRole('list', { name: 'Stage split dates' }).getByText(`${name} from ${date}`).waitFor();
  }

  async draw(): Promise<void> {
    await this.form().getByRole('button', { name: 'Draw chart' }).click();
  }

  chart() {
    return this.page.getByTestId('colchart-result').getByTestId('control-chart');
  }

  signals() {
    return this.page.getByTestId('colchart-signal-list').locator('li');
  }

  error() {
    return this.page.locator('.colchart .error-banner');
  }
}
