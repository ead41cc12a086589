import type { Kpi } from '../../../common/contract/schemas/kpi';
import type { ServiceContext } from '../../context';
import type { CallInfo } from '../../handlers';
import { cancelled, runOffThread } from '../analysis/offThread';
import { applySeries, computeSeries, planSeries } from './series';
import type { GroupPoints, Series } from './series';

/**
 * kpiSeriesMany with the recompute off the main thread: cache look-ups and writes stay here, the stale groups'
 * scans run in the analysis worker thread as a job (kind "kpi": 'job-progressed' per scan, 'job-cancel' by the
 * job id those events carry). Nothing stale: answered at once, no job. Unbundled: in-process.
 */
export async function kpiSeriesManyOff(ctx: ServiceContext, kpis: readonly Kpi[], call: CallInfo): Promise<Series[]> {
  const plan = planSeries(ctx, kpis);
  if (plan.groups.length === 0) return applySeries(ctx, plan, []);
  const j = ctx.jobs.start(ctx.newId(), 'kpi', call.signal);
  const what = 'The KPI recompute';
  try {
    const computed =
      (await runOffThread<GroupPoints[]>(ctx, { kind: 'kpi-series', groups: plan.groups }, j, what)) ??
      computeSeries(ctx, plan.groups, (done, total) => j.progress(done, total, `${done} of ${total} KPI scans`));
    if (j.signal.aborted) throw cancelled(what);
    const out = applySeries(ctx, plan, computed);
    j.finish(true, `${plan.groups.length} scan${plan.groups.length === 1 ? '' : 's'}`);
    return out;
  } catch (e) {
    j.finish(false, e instanceof Error ? e.message : String(e));
    throw e;
  }
}
