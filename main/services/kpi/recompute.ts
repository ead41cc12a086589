import type { Kpi } from '../../../common/contract/schemas/kpi';
import type { ServiceContext } from '../../context';
import type { CallInfo } from '../../handlers';
import { cancelled, offThreadAvailable, runOffThread } from '../analysis/offThread';
import { computeLinkedGroup, isLinkedGroup, linkedStaleness } from './linkedSeries';
import { applySeries, computePlan, planSeries } from './series';
import type { PlanPoints, Series, SeriesPlan } from './series';

/**
 * kpiSeriesMany with the recompute off the main thread: cache look-ups and writes stay here, the stale groups'
 * scans and the stale drift and fairness KPIs' series run in the analysis worker thread as a job (kind "kpi": 'job-progressed' per scan, 'job-cancel' by the
 * job id those events carry). Nothing stale, or unbundled (no worker file): computed in-process, no job.
 */
export async function kpiSeriesManyOff(ctx: ServiceContext, kpis: readonly Kpi[], call: CallInfo): Promise<Series[]> {
  const full = planSeries(ctx, kpis);
  // Linked datasets (rows outside the store) are aggregated by their Source (DuckDB, ClickHouse), one group at a time.
  const linked = full.groups.filter((g) => isLinkedGroup(ctx, g));
  if (linked.length === 0) return withStaleness(ctx, kpis, await recomputeOff(ctx, full, call));
  const points = [];
  for (const g of linked) points.push(await computeLinkedGroup(ctx, g, call.signal));
  const fromLinked = applySeries(ctx, { out: full.out, groups: linked, derived: [] }, { groups: points, derived: {} });
  const rest = await recomputeOff(ctx, { ...full, groups: full.groups.filter((g) => !linked.includes(g)) }, call);
  return withStaleness(ctx, kpis, rest.map((s, i) => s ?? fromLinked[i]!));
}

/** Kept (cached) series of a linked dataset whose source changed since linking carry the "re-link" message. */
async function withStaleness(ctx: ServiceContext, kpis: readonly Kpi[], series: Series[]): Promise<Series[]> {
  const checked = new Map<string, string | null>();
  const out = [...series];
  for (let i = 0; i < kpis.length; i++) {
    const src = kpis[i]!.source;
    if (src.kind === 'manual' || out[i]!.error) continue;
    if (!checked.has(src.datasetId)) checked.set(src.datasetId, await linkedStaleness(ctx, src.datasetId));
    const msg = checked.get(src.datasetId);
    if (msg) out[i] = { ...out[i]!, error: msg };
  }
  return out;
}

async function recomputeOff(ctx: ServiceContext, plan: SeriesPlan, call: CallInfo): Promise<Series[]> {
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
