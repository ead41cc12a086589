import path from 'node:path';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { EXIT, UsageError, guarded, parse, printJson, requireFlag } from '../command';

/** `kaizen dvc`: registers the outputs of a dvc.lock or .dvc file as dataset lineage of an event. */
export const dvcCommand: Command = {
  name: 'dvc',
  summary: 'Register a dvc.lock / .dvc file’s outputs (md5, size) as dataset lineage; imported files with that content are linked',
  usage: [
    'kaizen dvc --event ID FILE [--data-dir DIR] [--json]',
    '',
    'FILE is a dvc.lock (every stage\'s outs) or a .dvc file (outs). An output found beside FILE or in the',
    'repository\'s DVC cache with the md5 DVC recorded is linked to the event\'s dataset versions imported from the',
    'same bytes. Exit 2 for a file that is neither, an output without md5, or an unknown event.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const { values, positionals } = parse(argv, { event: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const eventId = requireFlag(values.event, '--event');
      if (positionals.length !== 1) throw new UsageError('Give one dvc.lock or .dvc file.');
      const file = path.resolve(positionals[0]!);
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const r = await invoke(services.dispatch, 'dvc-register', { eventId, path: file });
        if (values.json) {
          printJson(io, r);
          return EXIT.ok;
        }
        io.out(`Registered ${r.registered} output(s) from ${path.basename(file)}.`);
        for (const o of r.outputs) io.out(`${o.stage ? `${o.stage}: ` : ''}${o.path}  md5 ${o.md5}${o.size !== null ? `  ${o.size} bytes` : ''}${o.linked.length ? `  → ${o.linked.map((l) => `${l.datasetName} v${l.version}`).join(', ')}` : ''}`);
        for (const w of r.warnings) io.err(`warning: ${w}`);
        return EXIT.ok;
      } finally {
        services.close();
      }
    }),
};
