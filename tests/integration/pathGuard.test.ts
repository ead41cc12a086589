import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { z } from 'zod';
import { api } from '../../common/contract/api';
import type { Method } from '../../common/contract/api';
import { startElectronApp } from '../../main/electron/app';
import { createElectronMock } from '../../main/electron/electronMock';
import { INVOKE_CHANNEL } from '../../main/electron/ipc';
import type { Services } from '../../main/createServices';
import type { Host } from '../../main/host/server';
import { RAW_PATH_FIELDS } from '../../main/pathGuard';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { tempHost } from '../helpers/tempHost';
import type { TempHost } from '../helpers/tempHost';

const FIXTURE = path.resolve(__dirname, '../fixtures/import/inference-2000.csv');
const SECRET = 'top-secret-api-key-7f3a';

/** A private file of the user's (0600) that no renderer or HTTP client may read, and a dotfile none may write. */
function victimFiles() {
  const home = tempDir('kaizen-victim-');
  const secret = path.join(home, 'credentials.csv');
  fs.writeFileSync(secret, `name,value\napi_key,${SECRET}\n`, { mode: 0o600 });
  const dotfile = path.join(home, '.bashrc');
  fs.writeFileSync(dotfile, 'echo original\n');
  return { home, secret, dotfile };
}

const importInput = (eventId: string, source: unknown) => ({
  eventId,
  source,
  name: 'Logs',
  options: { encoding: 'auto' },
  columns: [],
  append: false,
  dryRun: false,
});

describe('raw file paths from a browser-mode HTTP client', () => {
  let env: TempHost;
  let s: TestServices;
  let host: Host;
  let eventId: string;
  beforeAll(async () => {
    env = await tempHost({ services: { platform: { transport: 'browser' } } });
    ({ s, host } = env);
    eventId = (await s.call('event-create', { name: 'Path guard' })).id;
  });
  afterAll(() => env.close());

  const post = async (method: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  it('refuses dataset-preview and dataset-import of a path, and reads nothing from it', async () => {
    const { secret } = victimFiles();
    for (const method of ['dataset-preview', 'dataset-import']) {
      const body = method === 'dataset-preview' ? { eventId, source: { kind: 'path', path: secret }, options: {} } : importInput(eventId, { kind: 'path', path: secret });
      const r = await post(method, body);
      expect(r.text).not.toContain(SECRET);
      const parsed = JSON.parse(r.text) as { ok: boolean; error: { code: string; message: string } };
      expect(parsed.ok).toBe(false);
      expect(parsed.error.code).toBe('FORBIDDEN');
      expect(parsed.error.message).toMatch(/command line/);
    }
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
  });

  it('refuses report-export with out, and writes nothing there', async () => {
    const { dotfile, home } = victimFiles();
    for (const out of [dotfile, path.join(home, 'new', 'folder', 'report.html')]) {
      const r = JSON.parse((await post('report-export', { eventId, format: 'html', out })).text) as { ok: boolean; error: { code: string } };
      expect(r.error.code).toBe('FORBIDDEN');
    }
    expect(fs.readFileSync(dotfile, 'utf8')).toBe('echo original\n');
    expect(fs.existsSync(path.join(home, 'new'))).toBe(false);
  });

  it('still serves the same calls from uploads and downloads', async () => {
    const r = JSON.parse((await post('report-download', { eventId, format: 'html' })).text) as { ok: boolean; value: { files: { name: string }[] } };
    expect(r.ok).toBe(true);
    expect(r.value.files[0]!.name).toMatch(/\.html$/);
  });
});

describe('raw file paths and dialog handles over (mocked) Electron IPC', () => {
  let services: Services | null = null;
  afterEach(() => {
    services?.close();
    services = null;
  });

  const appUrl = pathToFileURL(path.resolve('/app/out/renderer/index.html')).toString();
  async function boot() {
    const mock = createElectronMock({ userData: tempDir() });
    delete process.env.KAIZEN_DATA_DIR;
    services = await startElectronApp(mock.electron as unknown as typeof Electron, { preload: '/app/out/preload/index.cjs', rendererIndex: '/app/out/renderer/index.html' });
    const handler = mock.handlers.get(INVOKE_CHANNEL)!;
    const invoke = async (method: string, input: unknown) =>
      (await handler({ senderFrame: { url: appUrl, parent: null } }, method, input)) as
        | { ok: true; value: Record<string, unknown> }
        | { ok: false; error: { code: string; message: string } };
    const eventId = (await invoke('event-create', { name: 'IPC guard' })) as { ok: true; value: { id: string } };
    return { mock, invoke, eventId: eventId.value.id };
  }

  it('refuses a raw path from the window, even with a trusted sender', async () => {
    const { invoke, eventId } = await boot();
    const { secret, dotfile } = victimFiles();
    const preview = await invoke('dataset-preview', { eventId, source: { kind: 'path', path: secret }, options: {} });
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    expect(preview).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke('dataset-import', importInput(eventId, { kind: 'path', path: secret }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke('report-export', { eventId, format: 'html', out: dotfile })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fs.readFileSync(dotfile, 'utf8')).toBe('echo original\n');
  });

  it('hands the window an opaque handle for the chosen file, good for previews and one import', async () => {
    const { mock, invoke, eventId } = await boot();
    mock.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [FIXTURE] });
    const chosen = await invoke('dialog-open-file', { title: 'Import data' });
    expect(chosen.ok).toBe(true);
    if (!chosen.ok) return;
    expect(JSON.stringify(chosen)).not.toContain(path.dirname(FIXTURE));
    expect(chosen.value).toMatchObject({ canceled: false, name: 'inference-2000.csv' });
    const source = { kind: 'handle', handle: chosen.value.handle };

    const preview = await invoke('dataset-preview', { eventId, source, options: {} });
    expect(preview.ok).toBe(true);
    const again = await invoke('dataset-preview', { eventId, source, options: {} });
    expect(again.ok).toBe(true);
    const imported = await invoke('dataset-import', importInput(eventId, source));
    expect(imported).toMatchObject({ ok: true, value: { status: 'imported', rows: 2000 } });

    // Spent: the same handle imports nothing more, and cannot be turned into a save target.
    expect(await invoke('dataset-import', importInput(eventId, source))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const other = await invoke('dialog-open-file', {});
    if (!other.ok) throw new Error('dialog failed');
    expect(await invoke('report-export', { eventId, format: 'html', outHandle: other.value.handle })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A handle the main process never issued is refused.
    expect(await invoke('dataset-preview', { eventId, source: { kind: 'handle', handle: 'fh-AAAAAAAAAAAAAAAAAAAAAAAA' }, options: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a save handle writes one export, to the chosen place only', async () => {
    const { mock, invoke, eventId } = await boot();
    const dir = tempDir('kaizen-save-');
    const target = path.join(dir, 'report.html');
    mock.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const chosen = await invoke('dialog-save-file', { defaultName: 'report.html' });
    if (!chosen.ok) throw new Error('dialog failed');
    expect(chosen.value).toMatchObject({ canceled: false, name: 'report.html' });
    expect(JSON.stringify(chosen)).not.toContain(dir);
    const r = await invoke('report-export', { eventId, format: 'html', outHandle: chosen.value.handle });
    expect(r.ok).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toContain('IPC guard');
    fs.rmSync(target);
    expect(await invoke('report-export', { eventId, format: 'html', outHandle: chosen.value.handle })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fs.existsSync(target)).toBe(false);
    // A cancelled dialog hands out nothing.
    mock.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: undefined });
    expect(await invoke('dialog-save-file', {})).toMatchObject({ ok: true, value: { canceled: true, handle: null } });
  });
});

describe('the CLI (the user typed the path) keeps paths', () => {
  it('imports from a path and exports to out when called locally', async () => {
    const s = await tempServices();
    try {
      const { id: eventId } = await s.call('event-create', { name: 'CLI' });
      const r = await s.call('dataset-import', importInput(eventId, { kind: 'path', path: FIXTURE }));
      expect(r.rows).toBe(2000);
      const out = path.join(tempDir('kaizen-out-'), 'r.html');
      await s.call('report-export', { eventId, format: 'html', out });
      expect(fs.existsSync(out)).toBe(true);
    } finally {
      s.close();
    }
  });
});

/** Property names that would carry a path if a method ever took one. */
const PATHY = /^(path|paths|out|outDir|file|filePath|dir|folder|dataDir|dest|destination)$/i;

function pathyFields(schema: unknown, at: string[] = []): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = [];
  const props = node.properties as Record<string, unknown> | undefined;
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (PATHY.test(k) && JSON.stringify(v).includes('"string"')) found.push([...at, k].join('.'));
      found.push(...pathyFields(v, [...at, k]));
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'items', 'additionalProperties']) {
    const v = node[key];
    for (const child of Array.isArray(v) ? v : [v]) found.push(...pathyFields(child, at));
  }
  return found;
}

describe('the guard list covers the contract', () => {
  it('every method whose input has a path-like field is guarded', () => {
    const unguarded: string[] = [];
    for (const m of Object.keys(api) as Method[]) {
      const json = z.toJSONSchema(api[m].input, { io: 'input', unrepresentable: 'any' });
      const fields = pathyFields(json);
      if (fields.length > 0 && !(m in RAW_PATH_FIELDS)) unguarded.push(`${m}: ${fields.join(', ')}`);
    }
    expect(unguarded).toEqual([]);
    // The probe itself finds the known path fields.
    expect(pathyFields(z.toJSONSchema(api['report-export'].input, { io: 'input', unrepresentable: 'any' }))).toContain('out');
  });
});
