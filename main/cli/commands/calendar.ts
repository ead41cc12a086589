import path from 'node:path';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import { writeFileAtomic } from '../../reports/atomicWrite';
import type { Command } from '../command';
import { EXIT, guarded, parse, requireFlag } from '../command';

/** `kaizen calendar`: the event's dates, action due dates and freeze windows as an ICS file (RFC 5545). */
export const calendarCommand: Command = {
  name: 'calendar',
  summary: 'Write an event’s follow-up calendar (event dates, action due dates, freeze windows) as ICS',
  usage: 'kaizen calendar --event ID [--out FILE.ics] [--data-dir DIR]   (stdout without --out)',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' } });
      const eventId = requireFlag(values.event, '--event');
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const file = await invoke(services.dispatch, 'sustain-calendar', { eventId });
        if (values.out === undefined) {
          // The text ends with CRLF; io.out adds the LF, so drop ours and keep the CR: the last line stays CRLF.
          io.out(file.content.slice(0, -1));
          return EXIT.ok;
        }
        const out = path.resolve(values.out);
        writeFileAtomic(out, Buffer.from(file.content, 'utf8'));
        const entries = file.content.split('\r\nBEGIN:VEVENT').length - 1;
        io.out(`Wrote ${out}: ${entries} calendar entr${entries === 1 ? 'y' : 'ies'}.`);
        return EXIT.ok;
      } finally {
        services.close();
      }
    }),
};
