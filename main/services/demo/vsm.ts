import { computeMetrics } from '../../../common/domain/vsm/metrics';
import { percentile } from '../../../common/domain/stats/quantile';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/vsm';
import { listDatasets, readColumns } from '../datasets/access';
import { requireMap } from '../vsm/common';
import { vsmHandlers } from '../vsm/handlers';

/** Map stage (from the inference-latency template) ← the inference log column that times it, per request. */
export const DEMO_MAP_STAGES: readonly (readonly [stage: string, column: string])[] = [
  ['Feature lookup', 'feature_ms'],
  ['Pre-processing', 'preprocess_ms'],
  ['Model inference', 'model_ms'],
  ['Post-processing / rules', 'postprocess_ms'],
];

/** The caching change went live on 12 November: the current condition is the requests before it. */
export const DEMO_MAP_BEFORE = '2026-11-12';

/**
 * demoExtensions entry (after the sample logs are imported): the demo's current-state map is the event's target
 * area — the fraud-scoring API's online path (charter scope) — built from the inference-latency template. Each
 * stage's process time is the median of its column in the "Inference log" over the requests before the caching
 * change (12 November). The log times four stages whose sum is the request's total_ms, so no time passes between
 * them: waits are 0, measured. Stages the log does not time (request received, authentication, decision output)
 * are left off rather than given invented times; a kaizen burst marks the constraint.
 */
export async function addVsmDemo(ctx: ServiceContext, eventId: string): Promise<void> {
  const log = listDatasets(ctx, eventId).find((d) => d.name === 'Inference log');
  if (!log) return;
  const cols = readColumns(ctx, log.id, ['timestamp', ...DEMO_MAP_STAGES.map(([, c]) => c)]);
  const cut = Date.parse(`${DEMO_MAP_BEFORE}T00:00:00Z`);
  const rows = cols.timestamp!.flatMap((t, i) => (typeof t === 'number' && t < cut ? [i] : []));
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const times = rows.map((i) => cols.timestamp![i] as number);
  const span = times.length ? `${day(Math.min(...times))} to ${day(Math.max(...times))}` : '';
  const h = vsmHandlers(ctx);
  const map = await h['vsm-create']({ eventId, template: 'inference-latency', name: 'Scoring path today' }, {});
  await h['vsm-update']({ mapId: map.id, patch: { displayUnit: 'ms' } }, {});
  for (const s of map.stages) {
    const column = DEMO_MAP_STAGES.find(([name]) => name === s.name)?.[1];
    if (!column) {
      await h['vsm-stage-remove']({ id: s.id }, {});
      continue;
    }
    const values = rows.map((i) => cols[column]![i]).filter((v): v is number => typeof v === 'number');
    const median = percentile(values, 50);
    await h['vsm-stage-update'](
      {
        id: s.id,
        patch: {
          pt: median === null ? null : { value: Math.round(median * 10) / 10, unit: 'ms' },
          wt: { value: 0, unit: 'ms' },
          notes: `Process time: median ${column} of ${values.length} requests (${span}, before the caching change), "${log.name}" v${log.version}. Wait 0: the log's stage times add up to each request's total_ms.`,
        },
      },
      {},
    );
  }
  const m = computeMetrics(requireMap(ctx, map.id));
  if (m.constraint) {
    repo.insertBurst(ctx.db, { id: ctx.newId(), mapId: map.id, stageId: m.constraint.stageId, title: `Cut ${m.constraint.name.toLowerCase()} time`, notes: 'The longest stage of the median request in the inference log.' });
  }
}
