import type { analysisMethods } from '../../../common/contract/schemas/analysis';
import { notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/analysis';
import { requireEvent } from '../lookups';
import { columnValues } from './columnValues';
import { runAnalysis } from './runAnalysis';

/** AI process analytics: latency, what-ifs, drift, confidence, fairness, model comparison and stored results. */
export function analysisHandlers(ctx: ServiceContext): Handlers<keyof typeof analysisMethods> {
  const { db } = ctx;
  const result = (id: string) => repo.findResult(db, id) ?? (() => { throw notFound('Analysis result', id); })();
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'analysis' });
  return {
    // Each reads a dataset: computed in the analysis worker thread, saved here (runAnalysis.ts).
    'analysis-latency': (input, call) => runAnalysis(ctx, 'analysis-latency', input, call),
    'analysis-whatif': (input, call) => runAnalysis(ctx, 'analysis-whatif', input, call),
    'analysis-drift': (input, call) => runAnalysis(ctx, 'analysis-drift', input, call),
    'analysis-drift-series': (input, call) => runAnalysis(ctx, 'analysis-drift-series', input, call),
    'analysis-confidence': (input, call) => runAnalysis(ctx, 'analysis-confidence', input, call),
    'analysis-fairness': (input, call) => runAnalysis(ctx, 'analysis-fairness', input, call),
    'analysis-models': (input, call) => runAnalysis(ctx, 'analysis-models', input, call),
    'analysis-column-values': (input) => columnValues(ctx, input),
    'analysis-result-list': ({ eventId, pinnedOnly }) => {
      requireEvent(ctx, eventId);
      return repo.listResults(db, eventId, pinnedOnly);
    },
    'analysis-result-pin': ({ id, pinned }) => {
      const r = result(id);
      repo.setPinned(db, id, pinned);
      changed(r.eventId);
      return result(id);
    },
    'analysis-result-delete': ({ id }) => {
      const r = result(id);
      repo.deleteResult(db, id);
      changed(r.eventId);
      return r;
    },
  };
}
