import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../common/contract/events';
import { writeFileAtomic } from '../../main/reports/atomicWrite';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let out: string;
beforeEach(async () => {
  s = await tempServices();
  out = tempDir('kaizen-report-out-');
});
afterEach(() => s.close());

const demo = () => s.call('demo-create', {});
const download = async (input: object) => (await s.call('report-download', input)).files;
const text = (f: { base64: string }) => Buffer.from(f.base64, 'base64').toString('utf8');

describe('report sections and settings', () => {
  it('offers the sections whose features exist and remembers the team\'s choice', async () => {
    const e = await demo();
    const { available, settings } = await s.call('report-sections', { eventId: e.id });
    expect(available.map((a) => a.id)).toEqual(expect.arrayContaining(['charter', 'team', 'readiness']));
    expect(settings).toEqual({ sections: null, bom: false });
    await s.call('report-settings-update', { eventId: e.id, patch: { sections: ['team'], bom: true } });
    const [html] = await download({ eventId: e.id, format: 'html' });
    expect(text(html!)).toContain('Team members');
    expect(text(html!)).not.toContain('Problem statement');
  });

  it('names the unknown section and the unknown event', async () => {
    const e = await demo();
    await expect(s.call('report-settings-update', { eventId: e.id, patch: { sections: ['nope'] } })).rejects.toThrow(/no report section "nope"/);
    await expect(s.call('report-download', { eventId: e.id, format: 'html', sections: ['nope'] })).rejects.toThrow(/"nope" cannot be included.*Available: /);
    await expect(s.call('report-download', { eventId: 'missing', format: 'html' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('full report HTML', () => {
  it('has the cover facts, contents and sections, a strict CSP and nothing that loads or runs', async () => {
    const e = await demo();
    const [f] = await download({ eventId: e.id, format: 'html' });
    const html = text(f!);
    expect(f!.name).toBe('Cut-p95-latency-of-the-fraud-scoring-API.html');
    for (const t of [e.name, e.id, 'version 0.1.0', '9 Nov 2026 – 13 Nov 2026', 'Mei Lin', 'Contents', 'Readiness checklist', 'Hannah Cole']) expect(html).toContain(t);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
    // Runbooks may quote dashboard addresses as text; nothing in the page may point at or load one.
    expect(html).not.toMatch(/(?:href|src|action)\s*=\s*["']?\s*https?:/i);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\((?!#)/i);
  });

  it('escapes every text that came from users', async () => {
    const e = await s.call('event-create', { name: '<script>alert("x")</script> & co', problemStatement: '<img src=x onerror=alert(1)>' });
    await s.call('team-add', { eventId: e.id, member: { name: '</td><b>bold</b>' } });
    const html = text((await download({ eventId: e.id, format: 'html' }))[0]!);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain('&lt;/td&gt;&lt;b&gt;bold&lt;/b&gt;');
  });
});

const HOSTILE = ['=1+1', '+SUM(1,2)', '-2+3', '@A1', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil.example","x")'];

describe('spreadsheet exports neutralise formulas', () => {
  async function hostileEvent() {
    const e = await s.call('event-create', { name: '=EVIL()' });
    for (const [i, v] of HOSTILE.entries()) {
      const m = await s.call('team-add', { eventId: e.id, member: { name: `${v}`, notes: v, dataAccess: [v] } });
      await s.call('checklist-add', { eventId: e.id, item: { title: `${v} #${i}`, note: v, ownerId: m.id, dueDate: '2026-11-0' + (i + 1) } });
      await s.call('action-create', { eventId: e.id, title: `${v} action`, description: v, ownerId: m.id });
    }
    return e;
  }

  it('CSV: every hostile cell starts with a quote; BOM on request', async () => {
    const e = await hostileEvent();
    const files = await download({ eventId: e.id, format: 'csv', bom: true, sections: ['team', 'readiness', 'actions'] });
    expect(files.map((f) => f.name)).toEqual(['EVIL-team.csv', 'EVIL-readiness.csv', 'EVIL-actions.csv']);
    for (const f of files) {
      const raw = Buffer.from(f.base64, 'base64');
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const body = raw.subarray(3).toString('utf8');
      // No field (after an optional opening quote) may start with a formula character.
      const fields = body.split(/\r\n/).flatMap((line) => line.split(','));
      for (const field of fields) expect(field.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
      for (const v of HOSTILE.slice(0, 4)) expect(body).toContain(`'${v}`);
    }
  });

  it('XLSX: hostile values are text cells with a leading quote, never formulas; header frozen; dates typed', async () => {
    const e = await hostileEvent();
    const [f] = await download({ eventId: e.id, format: 'xlsx', sections: ['team', 'readiness', 'actions'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f!.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Team members', 'Readiness checklist', 'Actions']);
    expect(wb.getWorksheet('Actions')!.getCell('A2').value).toBe("'=1+1 action");
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        }),
      );
    }
    expect(cells).toBeGreaterThan(50);
    const team = wb.getWorksheet('Team members')!;
    expect(team.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(team.getCell('A2').value).toBe("'=1+1");
    expect(team.getCell('E2').value).toBe(false);
    const ready = wb.getWorksheet('Readiness checklist')!;
    expect(ready.getCell('D2').value).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(wb.getWorksheet('About')!.getCell('B1').value).toBe("'=EVIL()");
  });

  it('HTML of the same event shows the values as plain text', async () => {
    const e = await hostileEvent();
    const html = text((await download({ eventId: e.id, format: 'html' }))[0]!);
    expect(html).toContain('=HYPERLINK(&quot;');
    expect(html).not.toMatch(/href="http/);
  });
});

describe('writing files', () => {
  it('writes to the path given, and a folder of CSV files', async () => {
    const e = await demo();
    const r = await s.call('report-export', { eventId: e.id, format: 'html', out: path.join(out, 'r.html') });
    expect(r.files[0]!.path).toBe(path.join(out, 'r.html'));
    expect(fs.readFileSync(path.join(out, 'r.html'), 'utf8')).toContain('Kaizen event report');
    const c = await s.call('report-export', { eventId: e.id, format: 'csv', out: path.join(out, 'csv') });
    expect(fs.readdirSync(path.join(out, 'csv')).sort()).toEqual(c.files.map((f) => f.name).sort());
    await expect(s.call('report-export', { eventId: e.id, format: 'html', out: path.join(out, 'no', 'such', 'r.html') })).rejects.toThrow(/does not exist/);
  });

  it('an interrupted write leaves neither a partial file nor a damaged previous report', () => {
    const target = path.join(out, 'report.pdf');
    fs.writeFileSync(target, 'previous report');
    expect(() =>
      writeFileAtomic(target, Buffer.alloc(1 << 20, 1), {
        beforeRename: (temp) => {
          expect(fs.statSync(temp).size).toBe(1 << 20);
          throw new Error('power cut');
        },
      }),
    ).toThrow('power cut');
    expect(fs.readFileSync(target, 'utf8')).toBe('previous report');
    expect(fs.readdirSync(out)).toEqual(['report.pdf']);
  });
});

describe('PDF needs a Chromium; long exports report progress and can be cancelled', () => {
  const saved = process.env.KAIZEN_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.KAIZEN_CHROMIUM;
    else process.env.KAIZEN_CHROMIUM = saved;
  });

  it('says clearly when no Chromium exists, and writes nothing', async () => {
    process.env.KAIZEN_CHROMIUM = '/nonexistent/chromium';
    const e = await demo();
    const target = path.join(out, 'r.pdf');
    await expect(s.call('report-export', { eventId: e.id, format: 'pdf', out: target })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/KAIZEN_CHROMIUM points to "\/nonexistent\/chromium".*export HTML/),
    });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('streams progress, and cancelling a slow PDF kills Chromium and writes no file', async () => {
    const fake = path.join(out, 'slow-chromium.sh');
    fs.writeFileSync(fake, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    process.env.KAIZEN_CHROMIUM = fake;
    const e = await demo();
    const events: PushEvent[] = [];
    s.bus.on((ev) => {
      events.push(ev);
      // Cancel once the (fake, sleeping) Chromium is running, as a user pressing Cancel would.
      if (ev.name === 'job-progressed' && ev.payload.message === 'Printing to PDF') setTimeout(() => void s.call('job-cancel', { jobId: 'job-1' }), 400);
    });
    const target = path.join(out, 'pdf', 'r.pdf');
    fs.mkdirSync(path.dirname(target));
    const t0 = Date.now();
    await expect(s.call('report-export', { eventId: e.id, format: 'pdf', out: target, jobId: 'job-1' })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
    const progress = events.filter((ev) => ev.name === 'job-progressed').map((ev) => ev.payload);
    expect(progress[0]).toMatchObject({ jobId: 'job-1', kind: 'report', done: 0 });
    expect(events.find((ev) => ev.name === 'job-finished')?.payload).toMatchObject({ jobId: 'job-1', ok: false });
  });
});

describe('A3 summary', () => {
  it('is filled from the charter, keeps the team\'s edits, and can be refilled', async () => {
    const e = await demo();
    const first = await s.call('report-a3-get', { eventId: e.id });
    expect(first.fields.background).toContain('Card payments wait on the fraud-scoring API');
    expect(first.fields.goal).toContain('p95 response time at or below 200 ms');
    expect(first.fields.currentCondition).toContain('In scope:');
    expect(first.edited.goal).toBe(false);
    const edited = await s.call('report-a3-update', { eventId: e.id, patch: { goal: 'p95 ≤ 200 ms <b>now</b>' }, paper: 'A4' });
    expect(edited).toMatchObject({ paper: 'A4', edited: { goal: true, background: false } });
    await s.call('event-update', { id: e.id, patch: { objectives: 'Changed objective' } });
    expect((await s.call('report-a3-get', { eventId: e.id })).fields.goal).toBe('p95 ≤ 200 ms <b>now</b>');
    const html = text((await download({ eventId: e.id, format: 'a3-html' }))[0]!);
    expect(html).toContain('p95 ≤ 200 ms &lt;b&gt;now&lt;/b&gt;');
    expect(html).toContain('size: A4 landscape');
    const reset = await s.call('report-a3-reset', { eventId: e.id, fields: ['goal'] });
    expect(reset.fields.goal).toBe('Changed objective');
    expect(reset.edited.goal).toBe(false);
  });
});

describe('sections from the workshop, root cause, actions and decisions', () => {
  it('lists actions with owner names, decisions in order, and the fishbone as inline vector SVG', async () => {
    const e = await s.call('event-create', { name: 'Sections' });
    const ann = await s.call('team-add', { eventId: e.id, member: { name: 'Ann Owner' } });
    await s.call('action-create', { eventId: e.id, title: 'Cache feature lookups', ownerId: ann.id, dueDate: '2026-12-01' });
    await s.call('decision-add', { eventId: e.id, decision: 'Ship the cache', rationale: 'p95 −150 ms', decidedBy: 'Sponsor', decidedOn: '2026-11-12' });
    const cat = (await s.call('fishbone-get', { eventId: e.id })).categories[0]!;
    await s.call('fishbone-cause-add', { categoryId: cat.id, text: 'Feature lookups one by one <slow>' });
    const html = text((await download({ eventId: e.id, format: 'html', sections: ['actions', 'decisions', 'root-cause'] }))[0]!);
    expect(html).toMatch(/<td>Cache feature lookups<\/td><td>Ann Owner<\/td><td class="date">1 Dec 2026<\/td>/);
    expect(html).toContain('Ship the cache');
    expect(html).toMatch(/<figure class="chart" id="chart-fishbone"><svg role="img"/);
    expect(html).toContain('Feature lookups one by one &lt;slow&gt;');
    expect(html).not.toMatch(/https?:/);
    const svgs = await download({ eventId: e.id, format: 'svg', sections: ['root-cause'] });
    expect(svgs.map((f) => f.name)).toEqual(['Sections-fishbone.svg']);
    expect(text(svgs[0]!)).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe('A3 filled from the event\'s analysis and actions', () => {
  it('takes root causes from the 5 Whys and the plan (who, when) from the action register', async () => {
    const e = await s.call('event-create', { name: 'A3 sources', objectives: 'p95 ≤ 200 ms' });
    const lee = await s.call('team-add', { eventId: e.id, member: { name: 'Lee Park' } });
    const chain = await s.call('whys-chain-add', { eventId: e.id, problem: 'p95 is 400 ms' });
    await s.call('whys-node-add', { chainId: chain.id, parentId: null, text: 'Feature lookups are sequential', isRootCause: true });
    await s.call('action-create', { eventId: e.id, title: 'Batch the lookups', ownerId: lee.id, dueDate: '2026-12-04', expectedEffect: { kpi: 'p95 latency', change: -150, unit: 'ms' } });
    const a3 = await s.call('report-a3-get', { eventId: e.id });
    expect(a3.fields.rootCause).toContain('Feature lookups are sequential');
    expect(a3.fields.countermeasures).toBe('Batch the lookups — expected p95 latency -150 ms');
    expect(a3.fields.plan).toBe('Batch the lookups: Lee Park, due 4 Dec 2026 (Planned)');
    expect(a3.fields.followUp).toContain('1 of 1 actions still open');
  });
});
