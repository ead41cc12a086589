import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * A log file full of spreadsheet formulas and HTML, imported through the real importer, then exported in
 * every text format: nothing may run as a formula or as markup.
 */
const HOSTILE_CSV = [
  'stage,=cmd|"/c calc"!A1,note',
  'ingest,"=HYPERLINK(""http://evil.example"",""click"")","<script>alert(1)</script>"',
  'train,+SUM(1;2),@import',
  'serve,-2+3,"\t=tab"',
  'serve,=1+1,<img src=x onerror=alert(2)>',
].join('\r\n');

let s: TestServices;
let dir: string;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  dir = tempDir('kaizen-inject-');
  const file = path.join(dir, '=evil.csv');
  fs.writeFileSync(file, HOSTILE_CSV);
  eventId = (await s.call('event-create', { name: 'Injection check' })).id;
  await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: '@dataset' });
});
afterEach(() => s.close());

const files = async (format: string) => (await s.call('report-download', { eventId, format, sections: ['data'] })).files;

describe('exports of an imported file full of formulas and markup', () => {
  it('HTML shows them as text', async () => {
    const html = Buffer.from((await files('html'))[0]!.base64, 'base64').toString('utf8');
    expect(html).toContain('@dataset');
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    // The URL in the data is shown as text; nothing in the page refers to it as a resource.
    expect(html).toContain('<td>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</td>');
    expect(html).not.toMatch(/(?:src|href|action)\s*=\s*["']?https?:|url\(\s*["']?https?:/i);
  });

  it('CSV: no field starts with a formula character', async () => {
    const csvs = await files('csv');
    expect(csvs.map((f) => f.name)).toEqual(expect.arrayContaining(['Injection-check-datasets.csv', 'Injection-check-profiles.csv']));
    const all = csvs.map((f) => Buffer.from(f.base64, 'base64').toString('utf8')).join('\r\n');
    expect(all).toContain("'@dataset");
    expect(all).toContain("'=evil.csv");
    for (const field of all.split(/\r\n/).flatMap((l) => l.split(','))) expect(field.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('XLSX: no formula cell and no text cell starting with a formula character', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await files('xlsx'))[0]!.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Datasets and versions', 'Column profiles']);
    const texts: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof c.value === 'string') texts.push(c.value);
      }));
    }
    for (const t of texts) expect(t).not.toMatch(/^[=+\-@\t\r]/);
    expect(texts).toContain("'@dataset");
    expect(texts.some((t) => t.startsWith("'=cmd"))).toBe(true);
  });
});
