import type { Page } from 'playwright-core';

/** The KPI board and a KPI's chart page. */
export class KpiPage {
  constructor(private readonly page: Page) {}

  async open(url: string, eventId: string): Promise<void> {
    await this.page.goto(`${url}#/event/${encodeURIComponent(eventId)}/kpis`);
    await this.page.getByRole('heading', { name: 'KPIs', level: 1 }).waitFor();
  }

  cards() {
    return this.page.getByTestId('kpi-card');
  }

  async createFromTemplate(template: string, dataset: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New KPI' }).click();
    const form = this.page.locator('form.kpi-form');
    await form.getByLabel('Start from a template', { exact: true }).selectOption({ label: template });
    await form.getByLabel('Dataset', { exact: true }).selectOption({ label: dataset });
    await form.getByLabel('Statistic', { exact: true }).selectOption('p95');
    await form.getByLabel('Column', { exact: true }).selectOption('total_ms');
    await form.getByLabel('Per', { exact: true }).selectOption('day');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('button', { name: 'Create KPI' }).click();
    await this.page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  async addStage(date: string, name: string): Promise<void> {
    await this.page.getByLabel('Stage start date').fill(date);
    await this.page.getByLabel('Stage name').fill(name);
    await this.page.getByRole('button', { name: 'Add stage' }).click();
    await this.page.locator('.cc-stagelabel', { hasText: name }).first().waitFor({ state: 'attached' });
  }

  chart() {
    return this.page.getByTestId('control-chart');
  }

  signals() {
    return this.page.getByTestId('signal-list').locator('li');
  }
}
