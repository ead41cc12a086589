import type { Download, Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Report and A3 summary screens: choose sections, export, edit the A3. */
export class ReportPage {
  readonly saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-dl-'));
  constructor(private readonly page: Page) {}

  async open(eventId: string, section: 'report' | 'a3' = 'report'): Promise<void> {
    await this.page.goto(`${this.page.url().split('#')[0]}#/event/${encodeURIComponent(eventId)}/${section}`);
    await this.page.getByRole('heading', { name: section === 'report' ? 'Report' : 'A3 summary', level: 1 }).waitFor();
  }

  sectionCheckbox(title: string) {
    return this.page.getByRole('checkbox', { name: title, exact: true });
  }

  /** Clicks an export button and saves the `count` downloads it triggers; returns their paths. */
  async export(button: string, count = 1): Promise<string[]> {
    const downloads: Download[] = [];
    const all = new Promise<void>((resolve) => {
      const on = (d: Download) => {
        downloads.push(d);
        if (downloads.length === count) {
          this.page.off('download', on);
          resolve();
        }
      };
      this.page.on('download', on);
    });
    await this.page.getByRole('button', { name: button, exact: true }).click();
    await all;
    const paths: string[] = [];
    for (const d of downloads) {
      const p = path.join(this.saveDir, d.suggestedFilename());
      await d.saveAs(p);
      paths.push(p);
    }
    return paths;
  }

  a3Field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }
}
