import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { guarded, parse, printJson } from '../command';

export const eventsCommand: Command = {
  name: 'events',
  summary: 'List events, or create the demo event (--demo)',
  usage: 'kaizen events [--data-dir DIR] [--demo] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { 'data-dir': { type: 'string' }, demo: { type: 'boolean' }, json: { type: 'boolean' } });
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        if (values.demo) {
          const e = await invoke(services.dispatch, 'demo-create', {});
          if (values.json) printJson(io, { id: e.id, name: e.name });
          else io.out(`${e.id}\t${e.name}`);
          return 0;
        }
        const list = await invoke(services.dispatch, 'event-list', {});
        if (values.json) printJson(io, list);
        else for (const e of list) io.out(`${e.id}\t${e.name}\t${e.startDate ?? ''}`);
        return 0;
      } finally {
        services.close();
      }
    }),
};
