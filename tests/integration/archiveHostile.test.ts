import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../main/services/archive/importArchive';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { craftZip, readZipEntries } from '../helpers/zipCraft';
import type { CraftEntry } from '../helpers/zipCraft';

const MiB = 1024 * 1024;

/** Files under a folder, without SQLite's own side files (WAL, shared memory) and open markers. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !/-(wal|shm)$|\.open-\d+$/.test(d.name))
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe('hostile .kaizen archives are refused: exit 2, a message naming the problem, nothing written anywhere', () => {
  let base: Map<string, Buffer>;
  let work: string;
  let dataDir: string;
  let before: { data: string[]; work: string[]; events: number; log: number; tables: number };
  let target: TestServices;

  const counts = (s: TestServices) => ({
    events: s.db.prepare('SELECT count(*) FROM events').pluck().get() as number,
    log: s.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number,
  });
  const tables = (s: TestServices) => s.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;

  beforeAll(async () => {
    const src = await tempServices();
    const e = await src.call('demo-create', {});
    work = tempDir('kaizen-hostile-');
    const file = path.join(work, 'demo.kaizen');
    expect((await runKaizen('archive', 'export', '--event', e.id, '--out', file, '--data-dir', src.dataDir)).code).toBe(0);
    src.close();
    base = await readZipEntries(file);
    fs.rmSync(file);
    // The target store holds one event of its own, so "nothing written" is checked against real content.
    target = await tempServices();
    dataDir = target.dataDir;
    await target.call('event-create', { name: 'Already here' });
    before = { data: files(dataDir), work: files(work), ...counts(target), tables: tables(target) };
  }, 60_000);
  afterAll(() => target.close());

  /** Writes the archive, imports it with the CLI, and checks the refusal left everything as it was. */
  async function refused(name: string, bytes: Buffer, problem: RegExp): Promise<void> {
    const file = path.join(work, name);
    fs.writeFileSync(file, bytes);
    const rss = process.memoryUsage().rss;
    const r = await runKaizen('archive', 'import', file, '--data-dir', dataDir, '--json');
    fs.rmSync(file);
    expect(r.code, r.out).toBe(2);
    expect(r.err).toMatch(problem);
    expect(r.err).toMatch(/nothing was imported/);
    expect(r.out).toBe('');
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * MiB);
    expect(files(dataDir)).toEqual(before.data);
    expect(files(work)).toEqual(before.work);
    expect(counts(target)).toEqual({ events: before.events, log: before.log });
    expect(tables(target)).toBe(before.tables);
  }

  /** The real archive with some entries replaced (and the manifest re-hashed unless told not to). */
  function variant(change: (m: Map<string, Buffer>) => void, opts: { rehash?: boolean } = {}): CraftEntry[] {
    const m = new Map(base);
    change(m);
    if (opts.rehash !== false) {
      const manifest = JSON.parse(m.get('manifest.json')!.toString('utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
      manifest.files = [...m.keys()].filter((k) => k !== 'manifest.json').map((k) => ({ path: k, bytes: m.get(k)!.length, sha256: createHash('sha256').update(m.get(k)!).digest('hex') }));
      m.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    }
    return [...m].map(([name, data]) => ({ name, data }));
  }

  const some = (extra: CraftEntry[]): Buffer => craftZip([...variant(() => undefined), ...extra]);

  it('the untouched archive imports (the cases below differ from it by one thing)', async () => {
    const dir = tempDir('kaizen-hostile-ok-');
    const file = path.join(work, 'ok.kaizen');
    fs.writeFileSync(file, craftZip(variant(() => undefined)));
    const r = await runKaizen('archive', 'import', file, '--data-dir', dir, '--json');
    fs.rmSync(file);
    expect(r.code, r.err).toBe(0);
  }, 30_000);

  it('an entry with ".." in its path', () => refused('dotdot.kaizen', some([{ name: 'tables/../../evil.jsonl', data: Buffer.from('x') }]), /"tables\/\.\.\/\.\.\/evil\.jsonl" has a parent-folder \(\.\.\) path/));

  it('an entry with an absolute path', () => refused('abs.kaizen', some([{ name: '/etc/cron.d/evil', data: Buffer.from('x') }]), /"\/etc\/cron\.d\/evil" has an absolute path/));

  it('an entry with a drive-letter path', () => refused('drive.kaizen', some([{ name: 'C:/Windows/evil.dll', data: Buffer.from('x') }]), /"C:\/Windows\/evil\.dll" has a drive-letter path/));

  it('a symbolic link entry', () => refused('symlink.kaizen', some([{ name: 'tables/link.jsonl', data: Buffer.from('/etc/passwd'), unixMode: 0o120777, method: 0 }]), /"tables\/link\.jsonl" is a symbolic link/));

  it('an entry whose stated size is over the limit (checked from the directory, before any byte is inflated)', async () => {
    const file = path.join(work, 'huge.kaizen');
    // Stored (ratio 1), 20 MiB, against a 16 MiB entry limit (the demo's own entries are under 6 MiB).
    fs.writeFileSync(file, some([{ name: 'datasets/00000000-0000-4000-8000-000000000000.jsonl', data: Buffer.alloc(20 * MiB, 0x20), method: 0 }]));
    try {
      await expect(importArchive(target.ctx, { file, label: 'huge.kaizen', limits: { maxEntryBytes: 16 * MiB } })).rejects.toThrow(
        /entry "datasets\/00000000-0000-4000-8000-000000000000\.jsonl" says it inflates to 20971520 bytes, over the limit of 16777216/,
      );
    } finally {
      fs.rmSync(file);
    }
    expect(counts(target)).toEqual({ events: before.events, log: before.log });
    expect(files(dataDir)).toEqual(before.data);
  });

  it('a stated size of 10 GiB (ZIP64) over the 8 GiB entry limit: exit 2 from the directory alone', () =>
    refused('huge-zip64.kaizen', some([{ name: 'datasets/00000000-0000-4000-8000-000000000003.jsonl', data: Buffer.from('[]'), method: 0, statedSize: 10 * 1024 ** 3 }]), /says it inflates to 10737418240 bytes, over the limit of 8589934592/));

  it('a stated size of 4 GiB in 2 bytes: refused from the directory as a zip bomb, nothing inflated', () =>
    refused('huge-ratio.kaizen', some([{ name: 'datasets/00000000-0000-4000-8000-000000000002.jsonl', data: Buffer.from('[]'), method: 0, statedSize: 0xfffffff0 }]), /compression ratio over 100/));

  it('a zip bomb: compression ratio over 100', () => refused('bomb.kaizen', some([{ name: 'datasets/00000000-0000-4000-8000-000000000001.jsonl', data: Buffer.alloc(64 * MiB) }]), /compression ratio over 100 \(a zip bomb\)/));

  it('sizes in the headers that lie (64 MiB of zeros stated as 100 bytes): inflated bytes are counted, refused as soon as they pass the stated size', () =>
    refused('liar.kaizen', craftZip(variant((m) => m.set('tables/ideas.jsonl', Buffer.alloc(64 * MiB))).map((e) => (e.name === 'tables/ideas.jsonl' ? { ...e, statedSize: 100 } : e))), /the sizes in the header of entry "tables\/ideas\.jsonl" lie/));

  it('a nested archive, by name and by content', async () => {
    await refused('nested-name.kaizen', some([{ name: 'datasets/inner.zip', data: craftZip([{ name: 'a.txt', data: Buffer.from('a') }]) }]), /"datasets\/inner\.zip" is a nested archive/);
    await refused('nested-content.kaizen', craftZip(variant((m) => m.set('tables/ideas.jsonl', craftZip([{ name: 'a.txt', data: Buffer.from('a') }])))), /"tables\/ideas\.jsonl" is a nested archive/);
  });

  it('more entries than the limit (10,000)', () =>
    refused('many.kaizen', craftZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `tables/t${i}.jsonl`, data: Buffer.alloc(0), method: 0 as const }))), /more entries \(10001\) than the limit of 10000/));

  it('duplicate entry names', () => refused('dup.kaizen', some([{ name: 'tables/ideas.jsonl', data: Buffer.from('{}\n') }]), /"tables\/ideas\.jsonl" appears twice \(duplicate entry names\)/));

  it('names that collide by letter case or by Unicode normalisation', async () => {
    await refused('case.kaizen', some([{ name: 'tables/IDEAS.jsonl', data: Buffer.from('{}\n') }]), /entries "tables\/ideas\.jsonl" and "tables\/IDEAS\.jsonl" collide by letter case or Unicode normalisation/);
    await refused('nfc.kaizen', craftZip([{ name: 'tables/caf\u00e9.jsonl', data: Buffer.from('') }, { name: 'tables/cafe\u0301.jsonl', data: Buffer.from('') }]), /collide by letter case or Unicode normalisation/);
  });

  it('Windows reserved names (CON, aux.txt)', async () => {
    await refused('con.kaizen', some([{ name: 'tables/CON', data: Buffer.from('x') }]), /"tables\/CON" has a Windows reserved name \(CON\)/);
    await refused('aux.kaizen', some([{ name: 'aux.txt', data: Buffer.from('x') }]), /"aux\.txt" has a Windows reserved name \(aux\.txt\)/);
  });

  it('the ZIP encryption flag on an entry', () => refused('zipcrypto.kaizen', craftZip(variant(() => undefined).map((e) => (e.name === 'tables/events.jsonl' ? { ...e, flags: 1 } : e))), /"tables\/events\.jsonl" has the ZIP encryption flag set/));

  it('a truncated file', () => refused('truncated.kaizen', craftZip(variant(() => undefined)).subarray(0, 40_000), /the file is truncated or not a ZIP file/));

  it('a file that is not a ZIP', () => refused('notzip.kaizen', Buffer.from('timestamp,latency_ms\n2026-11-20T09:00:00Z,412\n'), /this is not a Kaizen archive \(not a ZIP file\)/));

  it('a manifest of a newer format version', () =>
    refused(
      'newer.kaizen',
      craftZip(variant((m) => m.set('manifest.json', Buffer.from(JSON.stringify({ ...JSON.parse(m.get('manifest.json')!.toString('utf8')), version: 2 }))), { rehash: false })),
      /made by a newer version of Kaizen Studio/,
    ));

  it('a manifest whose hashes do not match (a row edited after export)', () =>
    refused(
      'edited.kaizen',
      craftZip(variant((m) => m.set('tables/ideas.jsonl', Buffer.from(m.get('tables/ideas.jsonl')!.toString('utf8').replace(/"text":"[^"]*"/, '"text":"edited"'))), { rehash: false })),
      /the manifest's hash of "tables\/ideas\.jsonl" does not match its content/,
    ));

  it('one transaction: a bad row in the last dataset, met only while writing, rolls back every row and table written before it', () =>
    refused(
      'badrow.kaizen',
      craftZip(variant((m) => {
        const last = [...m.keys()].filter((k) => /^datasets\/.*\.jsonl$/.test(k)).at(-1)!;
        m.set(last, Buffer.concat([m.get(last)!, Buffer.from('[999999999,"too few values"]\n')]));
      })),
      /row \d+ of "datasets\/.*\.jsonl" does not have \d+ values/,
    ));

  it('a rehashed manifest cannot hide an edited governance row: the change-log chain catches it', () =>
    refused(
      'rechained.kaizen',
      craftZip(variant((m) => m.set('tables/decisions.jsonl', Buffer.from(m.get('tables/decisions.jsonl')!.toString('utf8').replace(/"rationale":"[^"]*"/, '"rationale":"rewritten"'))))),
      /row .* of table decisions differs from what the change log recorded/,
    ));
});
