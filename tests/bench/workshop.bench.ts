// Workshop: brainstorm entry rate, secret-ballot cast and reveal with a large room, through dispatch on a real
// SQLite file. Prints figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { report } from './benchUtil';

const IDEAS = 300;
const VOTERS = 200;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-workshop-'));
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const d = s.dispatch;
  const { id: eventId } = await invoke(d, 'event-create', { name: 'Bench' });

  let t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < IDEAS; i++) ids.push((await invoke(d, 'idea-add', { eventId, idea: { text: `Idea number ${i}` } })).id);
  const addMs = performance.now() - t0;
  report('idea-add (each commits)', (IDEAS / addMs) * 1000, 'ideas/s');

  const vote = await invoke(d, 'vote-open', {
    eventId, title: 'Bench', dotsPerVoter: 5, voters: Array.from({ length: VOTERS }, (_, i) => ({ label: `Voter ${i + 1}`, memberId: null })),
  });
  t0 = performance.now();
  for (let v = 0; v < VOTERS; v++) {
    await invoke(d, 'vote-begin', { id: vote.id, voterIndex: v });
    const dots: Record<string, number> = {};
    for (let k = 0; k < 5; k++) dots[ids[(v * 7 + k * 13) % IDEAS]!] = 1;
    await invoke(d, 'vote-cast', { id: vote.id, voterIndex: v, dots });
  }
  report(`begin + cast one ballot (${IDEAS} ideas on it)`, (performance.now() - t0) / VOTERS, 'ms');

  t0 = performance.now();
  const revealed = await invoke(d, 'vote-reveal', { id: vote.id });
  report(`reveal and tally ${VOTERS} ballots × ${IDEAS} ideas`, performance.now() - t0, 'ms');
  if (revealed.tally!.reduce((n, r) => n + r.dots, 0) !== VOTERS * 5) throw new Error('tally lost dots');

  await invoke(d, 'timer-start', { eventId, durationMs: 600_000 });
  t0 = performance.now();
  for (let i = 0; i < 200; i++) await invoke(d, 'timer-get', { eventId });
  report('timer-get', (performance.now() - t0) / 200, 'ms');
  s.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
