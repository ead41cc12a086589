import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { UsageError, guarded, parse, requireFlag } from '../command';

/** `kaizen changelog`: the event's hash-chained change log for an auditor, as JSON (default) or CSV on stdout. */
export const changelogCommand: Command = {
  name: 'changelog',
  summary: 'Print an event’s change log with hashes (JSON or CSV) for an auditor',
  usage: 'kaizen changelog --event ID [--format csv|json] [--data-dir DIR]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, format: { type: 'string' }, 'data-dir': { type: 'string' } });
      const eventId = requireFlag(values.event, '--event');
      const format = values.format ?? 'json';
      if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json (got "${format}").`);
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const file = await invoke(services.dispatch, 'governance-log-export', { eventId, format });
        io.out(file.content.replace(/\r?\n$/, ''));
        return 0;
      } finally {
        services.close();
      }
    }),
};
