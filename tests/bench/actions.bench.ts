// Improve area: action list with many actions (overdue computed per row), fishbone SVG rendering, and
// decision-log appends (each also hash-chained into the change log). Prints figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderFishboneSvg } from '../../common/domain/rootcause/fishboneSvg';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { report, timeMs } from './benchUtil';

const ACTIONS = 1000;
const DECISIONS = 200;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-actions-'));
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const d = s.dispatch;
  const { id: eventId } = await invoke(d, 'event-create', { name: 'Bench' });
  const owner = await invoke(d, 'team-add', { eventId, member: { name: 'Owner' } });
  const chain = await invoke(d, 'whys-chain-add', { eventId, problem: 'p95 too high' });
  const root = await invoke(d, 'whys-node-add', { chainId: chain.id, text: 'Lookups one by one', isRootCause: true });

  let t0 = performance.now();
  for (let i = 0; i < ACTIONS; i++) {
    await invoke(d, 'action-create', {
      eventId, title: `Action ${i}`, ownerId: owner.id, dueDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
      expectedEffect: { kpi: 'p95 latency', change: -10, unit: 'ms' }, links: [{ kind: 'root-cause', id: root.id }],
    });
  }
  report('action-create (each commits, with a link)', (ACTIONS / (performance.now() - t0)) * 1000, 'actions/s');
  let listMs = 0;
  for (let r = 0; r < 5; r++) {
    t0 = performance.now();
    await invoke(d, 'action-list', { eventId });
    listMs += performance.now() - t0;
  }
  report(`action-list with ${ACTIONS} actions`, listMs / 5, 'ms', '< 200 ms (list stays responsive)');

  t0 = performance.now();
  for (let i = 0; i < DECISIONS; i++) await invoke(d, 'decision-add', { eventId, decision: `Decision ${i}`, rationale: 'because' });
  report('decision-add (decision + hash-chained change log)', (performance.now() - t0) / DECISIONS, 'ms');

  const fb = await invoke(d, 'fishbone-get', { eventId });
  for (const cat of fb.categories) {
    for (let c = 0; c < 8; c++) {
      const cause = await invoke(d, 'fishbone-cause-add', { categoryId: cat.id, text: `Cause ${c} in ${cat.name}` });
      for (let k = 0; k < 3; k++) await invoke(d, 'fishbone-cause-add', { categoryId: cat.id, parentId: cause.id, text: `Sub-cause ${k}` });
    }
  }
  const full = await invoke(d, 'fishbone-get', { eventId });
  const causes = full.categories.reduce((n, c) => n + c.causes.length, 0);
  report(`renderFishboneSvg (${causes} causes and sub-causes)`, timeMs(() => renderFishboneSvg(full, { title: 'Bench' }), 21), 'ms');
  s.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
