// Linking a ClickHouse table as a dataset against a real clickhouse-server: what is stored (never the password),
// what a refused or vanished server leaves (nothing), and an archive of the event (the password is nowhere in it).
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseSourceForLink, linkClickHouse } from '../../main/services/sources/clickhouse/link';
import { clickHouseSkipReason, startClickHouse } from '../helpers/clickhouseServer';
import type { ClickHouseServer } from '../helpers/clickhouseServer';
import { generateLog, loadLogIntoClickHouse } from '../helpers/clickhouseLog';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import type { SecretStore } from '../../main/secretStore';

const skip = clickHouseSkipReason();
const N = 5_000;

/** Every entry of a .kaizen (ZIP) archive, inflated. */
async function archiveEntries(file: string): Promise<Buffer[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z!))));
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          out.push(Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

describe.skipIf(skip !== null)('kaizen link clickhouse:// (real server)', () => {
  let server: ClickHouseServer;
  let s: TestServices;
  let eventId: string;
  let url: string;
  const before = process.env.KAIZEN_CLICKHOUSE_PASSWORD;

  beforeAll(async () => {
    server = await startClickHouse();
    await loadLogIntoClickHouse(server, 'inference', generateLog(N, 3));
    url = `clickhouse://${server.user}@127.0.0.1:${server.httpPort}/${server.database}/inference`;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(() => {
    s?.close();
    if (before === undefined) delete process.env.KAIZEN_CLICKHOUSE_PASSWORD;
    else process.env.KAIZEN_CLICKHOUSE_PASSWORD = before;
  });

  async function fresh(): Promise<void> {
    s = await tempServices();
    eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
  }
  const count = (table: string) => s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  it('links the table: dataset, version bound to its columns, fingerprint; the password is stored nowhere', async () => {
    await fresh();
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = server.password;
    const res = await linkClickHouse(s.ctx, { eventId, url, name: 'Inference (ClickHouse)' });
    expect(res).toMatchObject({ source: 'clickhouse', location: url, rows: N, fingerprint: { parts: { rows: N, timeColumn: 'timestamp' } } });
    expect(res.columns.map((c) => c.name)).toEqual(['timestamp', 'endpoint', 'region', 'status', 'latency_ms', 'score', 'tokens']);
    const link = s.db.prepare('SELECT * FROM dataset_links WHERE dataset_id = ?').get(res.datasetId) as Record<string, unknown>;
    expect(link).toMatchObject({ source_kind: 'clickhouse', format: 'clickhouse', location: url, row_count: N });
    const v = s.db.prepare('SELECT columns, table_name FROM dataset_versions WHERE id = ?').get(res.versionId) as { columns: string; table_name: string };
    expect(v.table_name).toBe('');
    expect(JSON.parse(v.columns)).toContainEqual(expect.objectContaining({ name: 'timestamp', role: 'timestamp', source: 'timestamp' }));

    // A source opened from the stored link answers (the password again from the environment).
    const source = clickHouseSourceForLink(s.ctx, link.location as string, { columns: JSON.parse(v.columns) });
    const agg = await source.aggregate({ measures: [{ kind: 'count' }] });
    expect(agg.rows[0]!.cells[0]!.value).toBe(N);
    expect((await source.fingerprint()).value).toBe(res.fingerprint.value);
    await source.close();

    // Not in kaizen.db (WAL checkpointed into the file first), not in an archive of the event.
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const needle = Buffer.from(server.password);
    for (const f of fs.readdirSync(s.dataDir).filter((x) => x.startsWith('kaizen.db'))) {
      expect(fs.readFileSync(path.join(s.dataDir, f)).includes(needle), f).toBe(false);
    }
    const out = path.join(tempDir('kaizen-ch-archive-'), 'event.kaizen');
    await s.call('archive-export', { eventId, out });
    const archive = fs.readFileSync(out);
    expect(archive.includes(needle)).toBe(false);
    const entries = await archiveEntries(out);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.includes(Buffer.from(url)))).toBe(true);
    for (const e of entries) expect(e.includes(needle)).toBe(false);

    // The archive opens in another store with the link (and still no password anywhere).
    const other = await tempServices();
    try {
      const imported = await other.call('archive-import', { source: { kind: 'path', path: out } });
      expect(imported.datasets).toBe(1);
      const copied = other.db.prepare('SELECT l.location, l.row_count FROM dataset_links l JOIN datasets d ON d.id = l.dataset_id WHERE d.event_id = ?').get(imported.eventId);
      expect(copied).toEqual({ location: url, row_count: N });
    } finally {
      other.close();
    }
  });

  it('a refused password, or no password at all, links nothing and says what to do', async () => {
    await fresh();
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = 'wrong-password-123';
    const err = await linkClickHouse(s.ctx, { eventId, url }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'auth' } });
    expect((err as Error).message).toContain('refused the password for user "kaizen"');
    expect((err as Error).message).not.toContain('wrong-password-123');
    delete process.env.KAIZEN_CLICKHOUSE_PASSWORD;
    await expect(linkClickHouse(s.ctx, { eventId, url })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('needs a password: set KAIZEN_CLICKHOUSE_PASSWORD'),
    });
    await expect(linkClickHouse(s.ctx, { eventId, url: url.replace('kaizen@', 'kaizen:secret@') })).rejects.toMatchObject({ message: expect.stringContaining('holds a password') });
    expect(count('datasets')).toBe(0);
    expect(count('dataset_links')).toBe(0);
  });

  it('through the contract: the desktop app keeps a password only after the server accepted it; the CLI/browser never keeps one', async () => {
    // An in-memory keychain stands in for Electron's safeStorage store (main/electron/secrets.ts has its own tests).
    const kept = new Map<string, string>();
    const keychain: SecretStore = {
      kind: 'keychain',
      get: async (k) => kept.get(k) ?? null,
      set: async (k, v) => void kept.set(k, v),
      delete: async (k) => void kept.delete(k),
    };
    delete process.env.KAIZEN_CLICKHOUSE_PASSWORD;
    s = await tempServices({ platform: { transport: 'test', secrets: keychain } });
    eventId = (await s.call('event-create', { name: 'Keychain' })).id;
    await expect(s.call('clickhouse-link', { eventId, url })).rejects.toMatchObject({ code: 'BAD_INPUT', details: { reason: 'password-needed' } });
    await expect(s.call('clickhouse-password-set', { url, password: 'typo' })).rejects.toMatchObject({ code: 'BAD_INPUT', details: { reason: 'auth' } });
    expect(kept.size).toBe(0);
    expect(await s.call('clickhouse-password-set', { url, password: server.password })).toEqual({ kept: true });
    expect([...kept.keys()]).toEqual([`clickhouse:kaizen@127.0.0.1:${server.httpPort}`]);
    const linked = await s.call('clickhouse-link', { eventId, url, name: 'from the app' });
    expect(linked).toMatchObject({ source: 'clickhouse', location: url, rows: N });
    await s.call('clickhouse-password-forget', { url });
    expect(kept.size).toBe(0);
    s.close();

    // Without a keychain (CLI, browser mode) nothing is kept: the answer says to use the environment.
    s = await tempServices();
    await expect(s.call('clickhouse-password-set', { url, password: server.password })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('KAIZEN_CLICKHOUSE_PASSWORD'),
    });
  });

  it('kaizen link clickhouse://… --json prints the dataset, rows, columns and fingerprint; exit 2 with the reason when refused', async () => {
    s = await tempServices();
    eventId = (await s.call('event-create', { name: 'CLI link' })).id;
    s.close();
    const dataDir = s.dataDir;
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = server.password;
    const ok = await runKaizen('link', url, '--data-dir', dataDir, '--event', eventId, '--name', 'ch', '--json');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.out) as Record<string, unknown>;
    expect(json).toMatchObject({ source: 'clickhouse', location: url, format: 'clickhouse', rows: N, fingerprint: { parts: { rows: N } } });
    expect(ok.out).not.toContain(server.password);
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = 'nope';
    const refused = await runKaizen('link', url, '--data-dir', dataDir, '--event', eventId, '--name', 'ch2', '--json');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('refused the password for user "kaizen"');
    s = await tempServices({ dataDir });
  });

  it('a second link under the same name is refused; nothing half-written when the server goes away', async () => {
    await fresh();
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = server.password;
    await linkClickHouse(s.ctx, { eventId, url, name: 'log' });
    await expect(linkClickHouse(s.ctx, { eventId, url, name: 'log' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(count('datasets')).toBe(1);
    server.kill();
    const err = await linkClickHouse(s.ctx, { eventId, url, name: 'other' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_INPUT' });
    expect((err as Error).message).toMatch(/Cannot reach ClickHouse at http:\/\/127\.0\.0\.1:\d+: connection refused|closed the connection/);
    expect(count('datasets')).toBe(1);
    expect(count('dataset_links')).toBe(1);
    expect(count('dataset_versions')).toBe(1);
  });
});
