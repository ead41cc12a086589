import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { verifyChangeLog } from '../../db/changeLog';
import type { Command } from '../command';
import { guarded, parse, printJson } from '../command';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check the data store: integrity, schema version, change-log chain',
  usage: 'kaizen check [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const { db } = services;
        const result = {
          dbPath: services.ctx.dbPath,
          schemaVersion: db.pragma('user_version', { simple: true }) as number,
          integrity: db.pragma('integrity_check', { simple: true }) as string,
          changeLogBrokenAt: verifyChangeLog(db),
          events: db.prepare('SELECT count(*) FROM events WHERE deleted_at IS NULL').pluck().get() as number,
        };
        if (values.json) printJson(io, result);
        else io.out(`${result.dbPath}: schema ${result.schemaVersion}, integrity ${result.integrity}, ${result.events} events, change log ${result.changeLogBrokenAt === null ? 'intact' : `broken at ${result.changeLogBrokenAt}`}`);
        return result.integrity === 'ok' && result.changeLogBrokenAt === null ? 0 : 1;
      } finally {
        services.close();
      }
    }),
};
