// Browser mode: "Link a ClickHouse table…" on the Data page against a real clickhouse-server; the password comes from
// KAIZEN_CLICKHOUSE_PASSWORD where `kaizen serve` runs and is never typed into the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, closeBrowser, api, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { DataPage } from './pages/data-page';
import { clickHouseSkipReason, startClickHouse } from '../helpers/clickhouseServer';
import type { ClickHouseServer } from '../helpers/clickhouseServer';
import { generateLog, loadLogIntoClickHouse } from '../helpers/clickhouseLog';

const skip = clickHouseSkipReason();

describe.skipIf(skip !== null)('Link a ClickHouse table (browser mode, real server)', () => {
  let server: ClickHouseServer;
  let app: AppUnderTest;

  beforeAll(async () => {
    server = await startClickHouse();
    await loadLogIntoClickHouse(server, 'inference', generateLog(3_000, 9));
    app = await startApp({ env: { KAIZEN_CLICKHOUSE_PASSWORD: server.password } });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await server?.stop();
    await closeBrowser();
  });

  it('links the table from the Data page; a wrong link is answered in the dialog', async () => {
    const { page, context, errors } = await newPage();
    try {
      const ev = await api<{ id: string }>(app, 'event-create', { name: 'ClickHouse link' });
      const data = new DataPage(page);
      await data.open(app.url, ev.id);
      await page.getByRole('button', { name: 'Link a ClickHouse table…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Link a ClickHouse table' });
      await dialog.waitFor();
      // Browser mode: no password field, the note names the environment variable.
      expect(await dialog.getByLabel(/Password/).count()).toBe(0);
      expect(await dialog.innerText()).toContain('KAIZEN_CLICKHOUSE_PASSWORD');
      expect(await axeViolations(page)).toEqual([]);

      await dialog.getByLabel('Table link').fill(`clickhouse://${server.user}@127.0.0.1:${server.httpPort}/${server.database}/no_such_table`);
      await dialog.getByRole('button', { name: 'Link table' }).click();
      await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('no_such_table');

      await dialog.getByLabel('Table link').fill(`clickhouse://${server.user}@127.0.0.1:${server.httpPort}/${server.database}/inference`);
      await dialog.getByLabel('Dataset name (optional)').fill('Inference on ClickHouse');
      await screenshot(page, 'clickhouse-link-dialog');
      await dialog.getByRole('button', { name: 'Link table' }).click();
      await dialog.waitFor({ state: 'detached', timeout: 20_000 }).catch(() => dialog.waitFor({ state: 'hidden' }));
      await expect.poll(() => page.getByTestId('dataset-list').innerText(), { timeout: 20_000 }).toContain('Inference on ClickHouse');
      expect(await page.getByTestId('dataset-list').innerText()).toContain('3,000');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
