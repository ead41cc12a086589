import { isAppError } from '../../../common/contract/errors';
import type { DriftSource, Kpi, KpiPoint } from '../../../common/contract/schemas/kpi';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/kpi';
import { computeDriftSeries } from '../analysis/drift';
import { getDataset, recordDatasetUse } from '../datasets/access';

/** The shape of series.ts's Series (not imported: series.ts imports this module). */
type Series = Readonly<{ points: KpiPoint[]; sourceLabel: string; error: string | null; version: number | null }>;

function referenceText(w: DriftSource['reference']): string {
  if (w.kind === 'dates') return `${w.column} ${w.from} – ${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

export function driftSourceLabel(src: DriftSource): string {
  return `PSI of ${src.column} per ${src.bucket} vs ${referenceText(src.reference)} (${src.binning} bins)`;
}

/**
 * A drift KPI's series: the PSI of its column per bucket against its reference window, computed by the Analysis
 * page's own drift series on the dataset's latest version and cached with that version like a dataset KPI, so a new
 * dataset version recomputes it once. Buckets with too few rows have no point.
 */
export function driftSeries(ctx: ServiceContext, kpi: Kpi, src: DriftSource): Series {
  let label = driftSourceLabel(src);
  try {
    const info = getDataset(ctx, src.datasetId);
    label = `${info.name} v${info.version}: ${label}`;
    const key = JSON.stringify(src);
    const own = repo.readCache(ctx.db, kpi.id);
    if (own && own.versionId === info.versionId && own.sourceKey === key) {
      return { points: JSON.parse(own.points) as KpiPoint[], sourceLabel: label, error: null, version: info.version };
    }
    const out = computeDriftSeries(
      ctx,
      {
        eventId: kpi.eventId,
        datasetId: src.datasetId,
        feature: src.column,
        categorical: src.categorical,
        timestamp: src.timeColumn,
        reference: src.reference,
        bucket: src.bucket,
        binning: src.binning,
        bins: src.bins,
        threshold: kpi.alertThreshold ?? 0.2,
        minRows: src.minRows,
        save: false,
      },
      () => undefined,
    );
    const points: KpiPoint[] = out.result.points
      .filter((p) => p.psi !== null)
      .map((p) => ({ time: p.start, date: src.bucket === 'day' ? p.date : `${new Date(p.start).toISOString().slice(0, 13)}:00Z`, value: p.psi!, n: p.n }));
    ctx.db.transaction(() => {
      repo.writeCache(ctx.db, kpi.id, { versionId: info.versionId, sourceKey: key, points: JSON.stringify(points) }, ctx.nowIso());
      recordDatasetUse(ctx, info.versionId, `kpi:${kpi.id}`, `KPI: ${kpi.name}`);
    })();
    return { points, sourceLabel: label, error: null, version: info.version };
  } catch (e) {
    if (isAppError(e)) return { points: [], sourceLabel: label, error: e.message, version: null };
    throw e;
  }
}
