import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { checkChain } from '../../db/changeLog';
import type { Command } from '../command';
import { guarded, parse, printJson } from '../command';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check the data store: integrity, schema version, change-log chain and the rows it records',
  usage: 'kaizen check [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const { db } = services;
        const chain = checkChain(db);
        const result = {
          dbPath: services.ctx.dbPath,
          schemaVersion: db.pragma('user_version', { simple: true }) as number,
          integrity: db.pragma('integrity_check', { simple: true }) as string,
          changeLogBrokenAt: chain.breaks[0]?.seq ?? null,
          changeLog: { entries: chain.entries, head: chain.head, breaks: chain.breaks },
          events: db.prepare('SELECT count(*) FROM events WHERE deleted_at IS NULL').pluck().get() as number,
        };
        if (values.json) printJson(io, result);
        else {
          const log = chain.breaks.length === 0 ? `change log intact (${chain.entries} entries, head ${chain.head.slice(0, 12)}…)` : `change log broken at ${chain.breaks[0]!.seq}`;
          io.out(`${result.dbPath}: schema ${result.schemaVersion}, integrity ${result.integrity}, ${result.events} events, ${log}`);
          // Each break names the entry and, for a rewritten or deleted row, its table and id.
          for (const b of chain.breaks) io.out(`  entry ${b.seq}: ${b.message}`);
        }
        return result.integrity === 'ok' && chain.breaks.length === 0 ? 0 : 1;
      } finally {
        services.close();
      }
    }),
};
