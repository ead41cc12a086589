import type { lifecycleMethods } from '../../../common/contract/schemas/lifecycle';
import { notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/lifecycle';
import { requireEvent } from '../lookups';
import { registerDvc } from './dvc';
import { runOnDataset } from './run';

/** Data and model lifecycle analytics (issue 22): what-ifs on the team's logs, stored results, DVC lineage. */
export function lifecycleHandlers(ctx: ServiceContext): Handlers<keyof typeof lifecycleMethods> {
  const { db } = ctx;
  const result = (id: string) => repo.findResult(db, id) ?? (() => { throw notFound('Lifecycle result', id); })();
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'lifecycle' });
  return {
    'lifecycle-run': (input) => runOnDataset(ctx, input),
    'lifecycle-result-list': ({ eventId, pinnedOnly }) => {
      requireEvent(ctx, eventId);
      return repo.listResults(db, eventId, pinnedOnly);
    },
    'lifecycle-result-pin': ({ id, pinned }) => {
      const r = result(id);
      repo.setPinned(db, id, pinned);
      changed(r.eventId);
      return result(id);
    },
    'lifecycle-result-delete': ({ id }) => {
      const r = result(id);
      repo.deleteResult(db, id);
      changed(r.eventId);
      return r;
    },
    'dvc-register': ({ eventId, path }) => registerDvc(ctx, eventId, path),
    'dvc-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listDvcOutputs(db, eventId);
    },
  };
}
