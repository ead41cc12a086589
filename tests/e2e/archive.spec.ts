import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

describe('event archive in the app', () => {
  it('Export event… (encrypted) downloads a .kaizen; Home → Import event… asks the passphrase, then copy or replace, and opens the copy', async () => {
    const id = await demoEventId(app);
    const demo = await api<{ name: string }>(app, 'event-get', { id });
    await page.goto(app.url);
    await page.getByRole('link', { name: demo.name }).click();
    await page.getByRole('button', { name: 'Export event…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export event' });
    await dialog.getByLabel('Encrypt with a passphrase').check();
    await dialog.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await dialog.getByLabel('Passphrase again').fill('correct horse battery');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'archive-export-1280x720');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.kaizen$/);
    const file = (await download.path())!;
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('KZENC001');
    await page.getByText(/Exported .*\.kaizen/).waitFor();

    await page.getByRole('link', { name: '← All events' }).click();
    await page.getByRole('button', { name: 'Import event…' }).waitFor();
    await page.getByLabel('Event archive to import').setInputFiles({ name: 'demo.kaizen', mimeType: 'application/zip', buffer: bytes });
    const ask = page.getByRole('dialog', { name: /Passphrase for demo\.kaizen/ });
    await ask.getByLabel('Passphrase').fill('wrong passphrase');
    await ask.getByRole('button', { name: 'Import' }).click();
    await ask.getByText('Wrong passphrase or damaged archive. Try again.').waitFor();
    await ask.getByLabel('Passphrase').fill('correct horse battery');
    await ask.getByRole('button', { name: 'Import' }).click();
    const conflict = page.getByRole('dialog', { name: 'This event is already here' });
    await conflict.getByText(/already in this data folder/).waitFor();
    await screenshot(page, 'archive-import-conflict-1280x720');
    await conflict.getByRole('button', { name: 'Import as a copy' }).click();
    await page.getByText(`Imported “${demo.name} (copy)”`).waitFor();
    expect(page.url()).toMatch(/#\/event\/[^/]+\/charter/);
    const list = await api<{ name: string }[]>(app, 'event-list', {});
    expect(list.map((e) => e.name).sort()).toEqual([demo.name, `${demo.name} (copy)`].sort());
    // The command palette reaches Export event… too.
    await page.getByRole('heading', { name: 'Charter', level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByLabel('Type a command').fill('Export event');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Export event' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog', { name: 'Export event' }).waitFor({ state: 'detached' });
  }, 120_000);

  it('a .kaizen dropped on Home imports; the same event asks, and "Replace it" saves the old one to backups first', async () => {
    const id = await demoEventId(app);
    const d = await api<{ downloadId: string; chunkBytes: number; name: string }>(app, 'archive-download', { eventId: id });
    const parts: Buffer[] = [];
    for (let offset = 0, done = false; !done; offset += d.chunkBytes) {
      const c = await api<{ data: string; done: boolean }>(app, 'archive-download-chunk', { downloadId: d.downloadId, offset });
      parts.push(Buffer.from(c.data, 'base64'));
      done = c.done;
    }
    const b64 = Buffer.concat(parts).toString('base64');
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Import event…' }).waitFor();
    await page.evaluate(
      ({ b64, name }) => {
        const bin = atob(b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'application/zip' }));
        document.querySelector('main')!.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { b64, name: d.name },
    );
    const conflict = page.getByRole('dialog', { name: 'This event is already here' });
    await conflict.getByRole('button', { name: 'Replace it' }).click();
    await page.getByText('The event it replaced was saved to backups first.').waitFor();
    expect(fs.readdirSync(`${app.dataDir}/backups`).filter((f) => f.endsWith('.kaizen'))).toHaveLength(1);
    const list = await api<{ id: string }[]>(app, 'event-list', {});
    expect(list.map((e) => e.id)).toEqual([id]);
  }, 120_000);
});
