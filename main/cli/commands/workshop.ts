import { formatClock } from '../../../common/domain/workshop/timer';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { UsageError, guarded, parse, printJson, requireFlag } from '../command';

const WHAT = ['agenda', 'ideas', 'votes', 'timer'] as const;
type What = (typeof WHAT)[number];

/**
 * `kaizen workshop <agenda|ideas|votes|timer> --event ID`: prints the workshop artefacts of an event.
 * Votes still open show only how many voters have voted; totals appear once the facilitator revealed them.
 */
export const workshopCommand: Command = {
  name: 'workshop',
  summary: 'Print an event’s agenda, ideas, dot-vote results or timer',
  usage: 'kaizen workshop <agenda|ideas|votes|timer> --event ID [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values, positionals } = parse(argv, { event: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const what = positionals[0] as What | undefined;
      if (!what || !WHAT.includes(what)) throw new UsageError(`say what to print: ${WHAT.join(', ')} (got "${what ?? ''}").`);
      const eventId = requireFlag(values.event, '--event');
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const d = services.dispatch;
        if (what === 'agenda') {
          const list = await invoke(d, 'agenda-list', { eventId });
          if (values.json) printJson(io, list);
          else for (const s of list) io.out(`day ${s.day}\t${s.plannedMinutes} min\t${s.activity}\t${s.title}\t${s.actualStart ?? ''}\t${s.actualEnd ?? ''}`);
        } else if (what === 'ideas') {
          const list = await invoke(d, 'idea-list', { eventId });
          if (values.json) printJson(io, list);
          else for (const i of list) io.out(`${i.id}\t${i.category}\t${i.author ?? '(anonymous)'}\t${i.text.replace(/\s+/g, ' ')}`);
        } else if (what === 'votes') {
          const list = await invoke(d, 'vote-list', { eventId });
          if (values.json) printJson(io, list.map(({ draft: _d, ...v }) => v));
          else {
            for (const v of list) {
              io.out(`${v.title} — ${v.votedCount} of ${v.voters.length} voters voted${v.tally ? '' : ' (results not revealed)'}`);
              for (const r of v.tally ?? []) io.out(`  ${r.rank}\t${r.dots} dot${r.dots === 1 ? '' : 's'}\t${r.voters} voter${r.voters === 1 ? '' : 's'}\t${r.text.replace(/\s+/g, ' ')}`);
            }
          }
        } else {
          const t = await invoke(d, 'timer-get', { eventId });
          if (values.json) printJson(io, t);
          else io.out(`${t.state}\t${formatClock(t.remainingMs)} left of ${formatClock(t.durationMs)}`);
        }
        return 0;
      } finally {
        services.close();
      }
    }),
};
