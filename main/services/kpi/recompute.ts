import type { Kpi } from '../../../common/contract/schemas/kpi';
import type { ServiceContext } from '../../context';
import type { CallInfo } from '../../handlers';
import { cancelled, offThreadAvailable, runOffThread } from '../analysis/offThread';
import { applySeries, computePlan, planSeries } from './series';
import type { PlanPoints, Series } from './series';

/**
 * kpiSeriesMany with the recompute off the main thread: cache look-ups and writes stay here, the stale groups'
 * scans and the stale drift and fairness KPIs' series run in the analysis worker thread as a job (kind "kpi": 'job-progressed' per scan, 'job-cancel' by the
 * job id those events carry). Nothing stale, or unbundled (no worker file): computed in-process, no job.
 */
export async function kpiSeriesManyOff(ctx: ServiceContext, kpis: readonly Kpi[], call: CallInfo): Promise<Series[]> {
  const plan = planSeries(ctx, kpis);
  // Nothing stale, or no worker (unbundled): computed here, as one call, no job.
  const stale = plan.groups.length + plan.derived.length;
  if (stale === 0 || !offThreadAvailable(ctx)) return applySeries(ctx, plan, computePlan(ctx, plan));
  const j = ctx.jobs.start(ctx.newId(), 'kpi', call.signal);
  const what = 'The KPI recompute';
  try {
    const computed =
      (await runOffThread<PlanPoints>(ctx, { kind: 'kpi-series', groups: plan.groups, derived: plan.derived }, j, what)) ??
      computePlan(ctx, plan, (done, total) => j.progress(done, total, `${done} of ${total} KPI scans`));
    if (j.signal.aborted) throw cancelled(what);
    const out = applySeries(ctx, plan, computed);
    j.finish(true, `${stale} scan${stale === 1 ? '' : 's'}`);
    return out;
  } catch (e) {
    j.finish(false, e instanceof Error ? e.message : String(e));
    throw e;
  }
}
