import type { analysisMethods } from '../../../common/contract/schemas/analysis';
import { notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/analysis';
import { requireEvent } from '../lookups';
import { runLatency, runWhatIf } from './latency';
import { runConfidence, runDrift, runDriftSeries } from './drift';
import { runFairness, runModels } from './fairness';

/** AI process analytics: latency, what-ifs, drift, confidence, fairness, model comparison and stored results. */
export function analysisHandlers(ctx: ServiceContext): Handlers<keyof typeof analysisMethods> {
  const { db } = ctx;
  const result = (id: string) => repo.findResult(db, id) ?? (() => { throw notFound('Analysis result', id); })();
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'analysis' });
  return {
    'analysis-latency': (input) => runLatency(ctx, input),
    'analysis-whatif': (input) => runWhatIf(ctx, input),
    'analysis-drift': (input) => runDrift(ctx, input),
    'analysis-drift-series': (input) => runDriftSeries(ctx, input),
    'analysis-confidence': (input) => runConfidence(ctx, input),
    'analysis-fairness': (input) => runFairness(ctx, input),
    'analysis-models': (input) => runModels(ctx, input),
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
