import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsCommand, fishboneCommand } from '../../main/cli/commands/actions';
import { tempServices } from '../helpers/tempServices';

async function run(cmd: typeof actionsCommand, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd.run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kaizen actions / kaizen fishbone', () => {
  it('lists the demo actions as JSON with owner names, filters overdue ones, and exports the fishbone SVG', async () => {
    const s = await tempServices();
    const demo = await s.call('demo-create', {});
    s.close();
    const dd = ['--data-dir', s.dataDir];
    const all = await run(actionsCommand, ['--event', demo.id, '--json', ...dd]);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.out) as { title: string; ownerName: string | null; overdue: boolean }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.ownerName !== null)).toBe(true);
    const late = JSON.parse((await run(actionsCommand, ['--event', demo.id, '--overdue', '--json', ...dd])).out) as { ownerName: string }[];
    expect(late).toHaveLength(1);
    const mine = JSON.parse((await run(actionsCommand, ['--event', demo.id, '--owner', 'mei lin', '--json', ...dd])).out) as unknown[];
    expect(mine).toHaveLength(1);

    const file = path.join(s.dataDir, 'fish.svg');
    const fish = await run(fishboneCommand, ['--event', demo.id, '--svg', file, ...dd]);
    expect(fish.code).toBe(0);
    expect(fish.out).toMatch(/6 categories, \d+ causes/);
    expect(fs.readFileSync(file, 'utf8')).toContain('Feature lookups made one by one');
  });

  it('rejects a bad status, a missing --event and an unknown event with exit 2 and a clear message', async () => {
    const s = await tempServices();
    s.close();
    const dd = ['--data-dir', s.dataDir];
    expect(await run(actionsCommand, ['--event', 'x', '--status', 'nope', ...dd])).toMatchObject({ code: 2, err: expect.stringContaining('--status must be one of planned') });
    expect(await run(actionsCommand, dd)).toMatchObject({ code: 2, err: 'kaizen: --event is required.' });
    expect(await run(fishboneCommand, ['--event', 'ghost', '--svg', path.join(s.dataDir, 'x.svg'), ...dd])).toMatchObject({ code: 2, err: expect.stringContaining('Event "ghost" was not found') });
  });
});
