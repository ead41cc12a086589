import type { Page } from 'playwright-core';

/** The Data page: dataset list, import wizard, table, column profile and versions. */
export class DataPage {
  constructor(private readonly page: Page) {}

  async open(url: string, eventId: string): Promise<void> {
    await this.page.goto(`${url}#/event/${encodeURIComponent(eventId)}/data`);
    await this.page.locator('.data-page').getByRole('heading', { name: 'Datasets', level: 2 }).waitFor();
  }

  /** Picks a file as the hidden <input type=file> behind "Import file…" does in browser mode. */
  async pickFile(file: string): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles(file);
    await this.page.getByTestId('wizard-preview').waitFor({ timeout: 20_000 });
  }

  wizard() {
    return this.page.getByTestId('import-wizard');
  }

  /** The inferred (or chosen) type of a column in the wizard. */
  columnType(source: string) {
    return this.page.getByLabel(`Type of ${source}`, { exact: true });
  }

  async importNow(): Promise<void> {
    await this.wizard().getByRole('button', { name: /^Import/ }).click();
    await this.page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
  }

  summary() {
    return this.page.getByTestId('import-summary');
  }

  async showDataset(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show the dataset' }).click();
    await this.page.getByTestId('data-table').waitFor();
  }

  datasetRows() {
    return this.page.getByTestId('dataset-list').locator('tbody tr');
  }

  async tab(name: 'Rows' | 'Column profile' | 'Versions & lineage'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  async profileColumn(name: string): Promise<void> {
    await this.page.getByTestId('profile-panel').getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await this.page.getByTestId('profile-detail').getByRole('heading', { name: new RegExp(`^${name}`) }).waitFor();
  }
}
