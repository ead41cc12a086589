import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKaizen } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const run = (argv: string[]) => runKaizen(...argv);

describe('kaizen CLI', () => {
  it('lists its commands with --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: kaizen <command>/);
    for (const c of ['serve', 'events', 'check']) expect(r.out).toContain(`  ${c}`);
  });

  it('shows a command’s usage with --help, and exits 2 on an unknown command or flag', async () => {
    expect((await run(['serve', '--help'])).out).toContain('kaizen serve [--port N] [--data-dir DIR] [--no-open]');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    const badFlag = await run(['events', '--colour']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toMatch(/Unknown option '--colour'/);
  });

  it('creates the demo event and lists events as JSON', async () => {
    const dir = tempDir();
    const demo = await run(['events', '--data-dir', dir, '--demo', '--json']);
    expect(demo.code).toBe(0);
    const { id } = JSON.parse(demo.out) as { id: string };
    const list = JSON.parse((await run(['events', '--data-dir', dir, '--json'])).out) as { id: string; name: string }[];
    expect(list.map((e) => e.id)).toEqual([id]);
  });

  it('check reports integrity, schema version and an intact change log', async () => {
    const dir = tempDir();
    await run(['events', '--data-dir', dir, '--demo']);
    const r = await run(['check', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ integrity: 'ok', changeLogBrokenAt: null, events: 1 });
  });

  it('refuses a damaged data file with a message that names it and the way out, exit 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kaizen.db'), 'this is not a database '.repeat(20));
    const r = await run(['serve', '--no-open', '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(path.join(dir, 'kaizen.db'));
    expect(r.err).toMatch(/Choose another data folder/);
  });
});
