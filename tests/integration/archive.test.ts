import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../../main/db/changeLog';
import { invoke } from '../../main/dispatch';
import { countOwned, datasetTables, schemaMap } from '../../main/services/archive/eventRows';
import { exportArchive } from '../../main/services/archive/exportArchive';
import { importArchive } from '../../main/services/archive/importArchive';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** Every entry of a ZIP as text, read with yauzl (the manifest, a table). */
async function zipTexts(file: string): Promise<Map<string, string>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, string>();
  try {
    for await (const e of zip.eachEntry()) {
      const s = await zip.openReadStreamPromise(e);
      const parts: Buffer[] = [];
      for await (const c of s) parts.push(c as Buffer);
      out.set(e.fileName, Buffer.concat(parts).toString('utf8'));
    }
  } finally {
    zip.close();
  }
  return out;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name)).sort();
}

/** The report with its one moment-dependent line (generation time) removed. */
function stableHtml(html: string): string {
  return html.replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?UTC|Z)?/g, '<time>');
}

async function reportHtml(s: TestServices, eventId: string): Promise<string> {
  const r = await s.call('report-download', { eventId, format: 'html' });
  return Buffer.from(r.files[0]!.base64, 'base64').toString('utf8');
}

function ownedCounts(s: TestServices, eventId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of schemaMap(s.db).owned) out[t.name] = countOwned(s.db, t, eventId);
  return out;
}

describe('.kaizen event archive', () => {
  let src: TestServices;
  let eventId: string;
  let work: string;
  let archive: string;

  beforeAll(async () => {
    src = await tempServices();
    eventId = (await src.call('demo-create', {})).id;
    work = tempDir('kaizen-archive-');
    archive = path.join(work, 'demo.kaizen');
    const r = await runKaizen('archive', 'export', '--event', eventId, '--out', archive, '--data-dir', src.dataDir, '--json');
    expect(r.code, r.err).toBe(0);
  }, 60_000);
  afterAll(() => src.close());

  it('writes a ZIP whose manifest is exactly the issue\'s, with a SHA-256 per file and the chain head', async () => {
    const texts = await zipTexts(archive);
    const manifest = JSON.parse(texts.get('manifest.json')!) as Record<string, unknown>;
    expect(Object.keys(manifest).sort()).toEqual(['app', 'chainHead', 'created', 'event', 'files', 'format', 'redacted', 'version']);
    expect(manifest).toMatchObject({ format: 'kaizen-event-archive', version: 1, event: { id: eventId, name: expect.any(String) }, redacted: [] });
    const files = manifest.files as { path: string; bytes: number; sha256: string }[];
    expect(new Set(files.map((f) => f.path))).toEqual(new Set([...texts.keys()].filter((k) => k !== 'manifest.json')));
    const { createHash } = await import('node:crypto');
    for (const f of files) {
      const text = texts.get(f.path)!;
      expect(Buffer.byteLength(text), f.path).toBe(f.bytes);
      expect(createHash('sha256').update(text).digest('hex'), f.path).toBe(f.sha256);
    }
    // Every dataset version's table, with its rows.
    for (const d of datasetTables(src.db, eventId)) expect(files.some((f) => f.path === `datasets/${d.versionId}.jsonl`)).toBe(true);
    const chainLines = texts.get('changelog.jsonl')!.trim().split('\n');
    expect(chainLines.length).toBeGreaterThan(0);
    expect((JSON.parse(chainLines.at(-1)!) as { hash: string }).hash).toBe(manifest.chainHead);
  });

  it('round trip: imported into a fresh data folder, every table holds the same rows, the HTML report is identical and kaizen check passes', async () => {
    const dir = tempDir('kaizen-archive-dst-');
    const r = await runKaizen('archive', 'import', archive, '--data-dir', dir, '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { eventId: string; name: string; datasets: number; rows: number };
    expect(Object.keys(out).sort()).toEqual(['datasets', 'eventId', 'name', 'rows']);
    expect(out.eventId).toBe(eventId);
    const rows = datasetTables(src.db, eventId).reduce((n, d) => n + (src.db.prepare(`SELECT count(*) FROM "${d.table}"`).pluck().get() as number), 0);
    expect(out).toMatchObject({ datasets: 11, rows });
    const dst = await tempServices({ dataDir: dir });
    try {
      expect(ownedCounts(dst, eventId)).toEqual(ownedCounts(src, eventId));
      expect(stableHtml(await reportHtml(dst, eventId))).toBe(stableHtml(await reportHtml(src, eventId)));
      expect(checkChain(dst.db).breaks).toEqual([]);
    } finally {
      dst.close();
    }
    const check = await runKaizen('check', '--data-dir', dir, '--json');
    expect(check.code, check.out).toBe(0);
  }, 60_000);

  it('the same event already there: exit 2 naming --as-copy and --replace; nothing written', async () => {
    const before = ownedCounts(src, eventId);
    const log = src.db.prepare('SELECT count(*) FROM change_log').pluck().get();
    const r = await runKaizen('archive', 'import', archive, '--data-dir', src.dataDir, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already in this data folder.*--as-copy.*--replace/s);
    expect(ownedCounts(src, eventId)).toEqual(before);
    expect(src.db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(log);
  });

  it('--as-copy: new ids everywhere, references remapped, both events intact and the chain verifies', async () => {
    const dir = tempDir('kaizen-archive-copy-');
    expect((await runKaizen('archive', 'import', archive, '--data-dir', dir)).code).toBe(0);
    const r = await runKaizen('archive', 'import', archive, '--data-dir', dir, '--as-copy', '--json');
    expect(r.code, r.err).toBe(0);
    const copy = JSON.parse(r.out) as { eventId: string; name: string };
    expect(copy.eventId).not.toBe(eventId);
    expect(copy.name).toMatch(/\(copy\)$/);
    const dst = await tempServices({ dataDir: dir });
    try {
      expect(ownedCounts(dst, copy.eventId)).toEqual(ownedCounts(dst, eventId));
      // No id of the original event's rows appears anywhere in the copy's rows: every reference was remapped.
      const map = schemaMap(dst.db);
      const origIds = new Set<string>();
      for (const t of map.owned) {
        if (!t.columns.includes('id')) continue;
        for (const r of dst.db.prepare(`SELECT id FROM "${t.name}" WHERE ${t.where}`).pluck().all(...Array(t.params).fill(eventId)) as string[]) origIds.add(r);
      }
      expect(origIds.size).toBeGreaterThan(100);
      let values = 0;
      for (const t of map.owned) {
        for (const r of dst.db.prepare(`SELECT * FROM "${t.name}" WHERE ${t.where}`).all(...Array(t.params).fill(copy.eventId)) as Record<string, unknown>[]) {
          for (const v of Object.values(r)) {
            if (typeof v !== 'string') continue;
            values++;
            for (const m of v.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []) expect(origIds.has(m), `${t.name}: ${m}`).toBe(false);
          }
        }
      }
      expect(values).toBeGreaterThan(1000);
      const tables = datasetTables(dst.db, copy.eventId);
      expect(tables).toHaveLength(11);
      for (const t of tables) expect(dst.db.prepare(`SELECT count(*) FROM "${t.table}"`).pluck().get()).toBeGreaterThan(0);
      expect(checkChain(dst.db).breaks).toEqual([]);
      // The copy's KPI board shows the same KPIs with the same charts' data.
      const a = await dst.call('kpi-list', { eventId });
      const b = await dst.call('kpi-list', { eventId: copy.eventId });
      expect(JSON.stringify(b).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')).toBe(JSON.stringify(a).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID'));
    } finally {
      dst.close();
    }
  }, 60_000);

  it('--replace: the old event is saved to backups first, then replaced whole; the chain verifies', async () => {
    const dir = tempDir('kaizen-archive-replace-');
    expect((await runKaizen('archive', 'import', archive, '--data-dir', dir)).code).toBe(0);
    const s = await tempServices({ dataDir: dir });
    const imported = ownedCounts(s, eventId);
    await s.call('event-update', { id: eventId, patch: { location: 'Changed after the export' } });
    s.close();
    const r = await runKaizen('archive', 'import', archive, '--data-dir', dir, '--replace', '--json');
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { backup: string }).backup).toMatch(/backups/);
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/\.kaizen$/);
    const dst = await tempServices({ dataDir: dir });
    try {
      expect(dst.db.prepare('SELECT location FROM events WHERE id = ?').pluck().get(eventId)).not.toBe('Changed after the export');
      expect(ownedCounts(dst, eventId)).toEqual(imported);
      expect(checkChain(dst.db).breaks).toEqual([]);
    } finally {
      dst.close();
    }
    // The backup holds the replaced event (with its change) and imports as a copy.
    const again = await runKaizen('archive', 'import', path.join(dir, 'backups', backups[0]!), '--data-dir', dir, '--as-copy', '--json');
    expect(again.code, again.err).toBe(0);
    const d2 = await tempServices({ dataDir: dir });
    try {
      expect(d2.db.prepare('SELECT location FROM events WHERE id = ?').pluck().get((JSON.parse(again.out) as { eventId: string }).eventId)).toBe('Changed after the export');
    } finally {
      d2.close();
    }
  }, 60_000);

  it('encryption: the right passphrase imports; a wrong one or a flipped byte says "wrong passphrase or damaged archive" and imports nothing', async () => {
    const pass = path.join(work, 'pass.txt');
    fs.writeFileSync(pass, 'correct horse battery staple\n');
    const wrong = path.join(work, 'wrong.txt');
    fs.writeFileSync(wrong, 'correct horse battery stapler\n');
    const enc = path.join(work, 'enc.kaizen');
    const ex = await runKaizen('archive', 'export', '--event', eventId, '--out', enc, '--data-dir', src.dataDir, '--encrypt', '--passphrase-file', pass);
    expect(ex.code, ex.err).toBe(0);
    const bytes = fs.readFileSync(enc);
    expect(bytes.includes(Buffer.from('manifest.json'))).toBe(false);
    expect(bytes.includes(Buffer.from('Tomás'))).toBe(false);

    const dir = tempDir('kaizen-archive-enc-');
    const none = await runKaizen('archive', 'import', enc, '--data-dir', dir);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/encrypted.*--passphrase-file/);
    const bad = await runKaizen('archive', 'import', enc, '--data-dir', dir, '--passphrase-file', wrong);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('wrong passphrase or damaged archive');
    for (const at of [100, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0x01;
      const f = path.join(work, `flipped-${at}.kaizen`);
      fs.writeFileSync(f, flipped);
      const r = await runKaizen('archive', 'import', f, '--data-dir', dir, '--passphrase-file', pass);
      expect(r.code, `byte ${at}`).toBe(2);
      expect(r.err).toContain('wrong passphrase or damaged archive');
    }
    const s = await tempServices({ dataDir: dir });
    expect(s.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(s.db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(0);
    s.close();
    const ok = await runKaizen('archive', 'import', enc, '--data-dir', dir, '--passphrase-file', pass, '--json');
    expect(ok.code, ok.err).toBe(0);
    expect((JSON.parse(ok.out) as { eventId: string }).eventId).toBe(eventId);
  }, 60_000);

  it('redaction: rows (no raw rows, profiles and KPI series kept), names (role labels), free-text (no notes), recorded in the manifest; the redacted archive imports and verifies', async () => {
    const red = path.join(work, 'red.kaizen');
    const r = await runKaizen('archive', 'export', '--event', eventId, '--out', red, '--data-dir', src.dataDir, '--redact', 'rows,names,free-text');
    expect(r.code, r.err).toBe(0);
    const texts = await zipTexts(red);
    const manifest = JSON.parse(texts.get('manifest.json')!) as { redacted: string[] };
    expect(manifest.redacted).toEqual(['free-text', 'names', 'rows']);
    expect([...texts.keys()].filter((k) => /^datasets\/.*\.jsonl$/.test(k))).toEqual([]);
    expect(texts.has('tables/dataset_quarantine.jsonl')).toBe(false);
    const all = [...texts.values()].join('\n');
    const names = src.db.prepare('SELECT name FROM team_members WHERE event_id = ?').pluck().all(eventId) as string[];
    expect(names.length).toBeGreaterThan(3);
    for (const n of names) expect(all, n).not.toContain(n);
    expect(texts.get('tables/team_members.jsonl')).toContain('"name":"Facilitator"');
    const versions = texts.get('tables/dataset_versions.jsonl')!.trim().split('\n').map((l) => JSON.parse(l) as { profile: string });
    expect(versions.every((v) => v.profile.length > 10)).toBe(true);
    const notes = texts.get('tables/team_members.jsonl')!.trim().split('\n').map((l) => JSON.parse(l) as { notes: string });
    expect(notes.every((m) => m.notes === '')).toBe(true);

    const dir = tempDir('kaizen-archive-red-');
    const imp = await runKaizen('archive', 'import', red, '--data-dir', dir, '--json');
    expect(imp.code, imp.err).toBe(0);
    expect(JSON.parse(imp.out)).toMatchObject({ eventId, rows: 0, datasets: 11 });
    expect((await runKaizen('check', '--data-dir', dir)).code).toBe(0);
  }, 60_000);

  it('export writes through a temporary file: cancelled mid-way it leaves no file and no .partial; through the contract a cancel answers CANCELLED', async () => {
    const dir = tempDir('kaizen-archive-cancel-');
    const target = path.join(dir, 'x.kaizen');
    const controller = new AbortController();
    let sawPartial = false;
    const job = {
      id: 'cancel-me',
      kind: 'archive',
      signal: controller.signal,
      finish: () => undefined,
      progress: (_done: number, _total: number | null, message?: string) => {
        // While the first dataset's rows are being written: a temp file, no target yet. Then cancel.
        if (!message?.startsWith('Writing dataset') || controller.signal.aborted) return;
        sawPartial = !fs.existsSync(target) && fs.readdirSync(dir).some((f) => /^\.x\.kaizen\.[0-9a-f]+\.partial$/.test(f));
        controller.abort();
      },
    };
    await expect(exportArchive(src.ctx, { eventId, target, job })).rejects.toThrow();
    expect(sawPartial).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
    const aborted = new AbortController();
    aborted.abort();
    await expect(invoke(src.dispatch, 'archive-export', { eventId, out: target }, { signal: aborted.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(dir)).toEqual([]);
    const done = await src.call('archive-export', { eventId, out: target });
    expect(fs.readdirSync(dir)).toEqual(['x.kaizen']);
    expect(fs.statSync(target).size).toBe(done.bytes);
  });

  it('an import cancelled while it writes dataset rows rolls back: no event, no table, no log entry', async () => {
    const dst = await tempServices();
    try {
      const tablesBefore = dst.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get();
      const controller = new AbortController();
      const messages: string[] = [];
      const job = {
        id: 'import-cancel',
        kind: 'archive',
        signal: controller.signal,
        finish: () => undefined,
        progress: (done: number, _total: number | null, message?: string) => {
          messages.push(message ?? '');
          if (message === 'Writing dataset rows' && done > 0) controller.abort();
        },
      };
      await expect(importArchive(dst.ctx, { file: archive, label: 'demo.kaizen', job })).rejects.toThrow();
      expect(messages).toContain('Checking the archive');
      expect(controller.signal.aborted).toBe(true);
      expect(dst.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
      expect(dst.db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(0);
      expect(dst.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(tablesBefore);
    } finally {
      dst.close();
    }
  });

  it('a renderer may not name a path (export out, import source.path)', async () => {
    await expect(invoke(src.dispatch, 'archive-export', { eventId, out: path.join(work, 'r.kaizen') }, { origin: 'renderer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(invoke(src.dispatch, 'archive-import', { source: { kind: 'path', path: archive } }, { origin: 'renderer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('browser mode: upload in chunks, import; download in chunks gives the same archive contents', async () => {
    const bytes = fs.readFileSync(archive);
    const dst = await tempServices();
    try {
      const { uploadId, chunkBytes } = await dst.call('archive-upload-begin', { fileName: 'demo.kaizen', size: bytes.length });
      for (let off = 0; off < bytes.length; off += chunkBytes) {
        await dst.call('archive-upload-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
      }
      const r = await dst.call('archive-import', { source: { kind: 'upload', uploadId } });
      expect(r.eventId).toBe(eventId);
      const d = await dst.call('archive-download', { eventId });
      const parts: Buffer[] = [];
      for (let off = 0, done = false; !done; off += d.chunkBytes) {
        const c = await dst.call('archive-download-chunk', { downloadId: d.downloadId, offset: off });
        parts.push(Buffer.from(c.data, 'base64'));
        done = c.done;
      }
      const file = path.join(work, 'downloaded.kaizen');
      fs.writeFileSync(file, Buffer.concat(parts));
      expect(Buffer.concat(parts).length).toBe(d.bytes);
      const a = await zipTexts(file);
      const b = await zipTexts(archive);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      expect(listFiles(dst.dataDir).filter((f) => f.endsWith('.kaizen'))).toEqual([]);
    } finally {
      dst.close();
    }
  }, 60_000);
});
