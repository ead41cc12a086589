import { computeMetrics } from '../../../common/domain/vsm/metrics';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/vsm';
import { listDatasets } from '../datasets/access';
import { requireMap } from '../vsm/common';
import { vsmFillHandlers } from '../vsm/fill';
import { vsmHandlers } from '../vsm/handlers';

/**
 * demoExtensions entry (after the sample logs are imported): the demo's current-state map of the
 * retraining pipeline, built from the AI-workflow template and filled from the "Pipeline runs" log.
 * The serving stages (Inference, Decision output) are not in that log, so they are left off this map
 * rather than given invented times; a kaizen burst marks the longest queue the log shows.
 */
export async function addVsmDemo(ctx: ServiceContext, eventId: string): Promise<void> {
  const runs = listDatasets(ctx, eventId).find((d) => d.name === 'Pipeline runs');
  if (!runs) return;
  const h = vsmHandlers(ctx);
  const map = await h['vsm-create']({ eventId, template: 'ai-workflow', name: 'Retraining pipeline today' }, {});
  for (const s of map.stages) if (s.name === 'Inference' || s.name === 'Decision output') await h['vsm-stage-remove']({ id: s.id }, {});
  await vsmFillHandlers(ctx)['vsm-fill']({ mapId: map.id, datasetId: runs.id, percentile: 50, mapping: {} }, {});
  const filled = requireMap(ctx, map.id);
  const m = computeMetrics(filled);
  const longestWait = [...m.stages].sort((a, b) => b.wtMs - a.wtMs)[0];
  if (longestWait && longestWait.wtMs > 0) {
    repo.insertBurst(ctx.db, { id: ctx.newId(), mapId: map.id, stageId: longestWait.stageId, title: `Cut the queue before ${longestWait.name}`, notes: 'The longest median wait in the pipeline log.' });
  }
}
