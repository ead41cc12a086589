import fs from 'node:fs';
import path from 'node:path';
import { ACTION_STATUSES } from '../../../common/contract/schemas/actions';
import type { ActionStatus } from '../../../common/contract/schemas/actions';
import { renderFishboneSvg } from '../../../common/domain/rootcause/fishboneSvg';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { UsageError, guarded, parse, printJson, requireFlag } from '../command';

/** `kaizen actions`: the event's actions (filters as in the app), as a table or JSON. */
export const actionsCommand: Command = {
  name: 'actions',
  summary: 'List an event’s actions with owner, due date, status and overdue flag',
  usage: 'kaizen actions --event ID [--owner NAME|ID] [--status planned|in-progress|done|verified|dropped] [--overdue] [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        event: { type: 'string' }, owner: { type: 'string' }, status: { type: 'string' }, overdue: { type: 'boolean' },
        'data-dir': { type: 'string' }, json: { type: 'boolean' },
      });
      const eventId = requireFlag(values.event, '--event');
      if (values.status !== undefined && !ACTION_STATUSES.includes(values.status as ActionStatus)) {
        throw new UsageError(`--status must be one of ${ACTION_STATUSES.join(', ')} (got "${values.status}").`);
      }
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const [actions, team] = await Promise.all([
          invoke(services.dispatch, 'action-list', { eventId }),
          invoke(services.dispatch, 'team-list', { eventId }),
        ]);
        const name = new Map(team.members.map((m) => [m.id, m.name]));
        const owner = values.owner?.toLowerCase();
        const rows = actions
          .filter((a) => !owner || a.ownerId?.toLowerCase() === owner || name.get(a.ownerId ?? '')?.toLowerCase() === owner)
          .filter((a) => !values.status || a.status === values.status)
          .filter((a) => !values.overdue || a.overdue)
          .map((a) => ({ ...a, ownerName: a.ownerId ? (name.get(a.ownerId) ?? null) : null }));
        if (values.json) printJson(io, rows);
        else for (const a of rows) io.out([a.dueDate ?? '-', a.status, a.ownerName ?? '(no owner)', a.overdue ? 'OVERDUE' : '', a.title].join('\t'));
        return 0;
      } finally {
        services.close();
      }
    }),
};

/** `kaizen fishbone`: writes the event's fishbone as a standalone SVG (the same drawing as the app). */
export const fishboneCommand: Command = {
  name: 'fishbone',
  summary: 'Export an event’s fishbone (Ishikawa) diagram as SVG',
  usage: 'kaizen fishbone --event ID --svg FILE [--width PX] [--data-dir DIR]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, svg: { type: 'string' }, width: { type: 'string' }, 'data-dir': { type: 'string' } });
      const eventId = requireFlag(values.event, '--event');
      const out = requireFlag(values.svg, '--svg');
      const width = values.width === undefined ? 1200 : Number(values.width);
      if (!Number.isInteger(width) || width < 640 || width > 8000) throw new UsageError(`--width must be a whole number of pixels from 640 to 8000 (got "${values.width}").`);
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const event = await invoke(services.dispatch, 'event-get', { id: eventId });
        const fb = await invoke(services.dispatch, 'fishbone-get', { eventId });
        fs.writeFileSync(path.resolve(out), renderFishboneSvg(fb, { width, title: `Fishbone: ${event.name}` }));
        io.out(`Wrote ${path.resolve(out)} (${fb.categories.length} categories, ${fb.categories.reduce((n, c) => n + c.causes.length, 0)} causes).`);
        return 0;
      } finally {
        services.close();
      }
    }),
};
