import type { DriftSource, KpiPoint } from '../../../common/contract/schemas/kpi';
import type { ReadContext } from '../../context';
import { computeDriftSeries } from '../analysis/drift';

function referenceText(w: DriftSource['reference']): string {
  if (w.kind === 'dates') return `${w.column} ${w.from} – ${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

export function driftSourceLabel(src: DriftSource): string {
  return `PSI of ${src.column} per ${src.bucket} vs ${referenceText(src.reference)} (${src.binning} bins)`;
}

/**
 * A drift KPI's points: the PSI of its column per bucket against its reference window, computed by the Analysis
 * page's own drift series on the dataset's latest version (so the numbers are the page's). Buckets with too few rows
 * have no point. Read-only: series.ts runs it in the analysis worker thread (kpi-list) or in-process, and caches the
 * points with the dataset version like a dataset KPI's.
 */
export function computeDriftPoints(ctx: ReadContext, eventId: string, src: DriftSource): KpiPoint[] {
  const out = computeDriftSeries(
    ctx,
    {
      eventId,
      datasetId: src.datasetId,
      feature: src.column,
      categorical: src.categorical,
      timestamp: src.timeColumn,
      reference: src.reference,
      bucket: src.bucket,
      binning: src.binning,
      bins: src.bins,
      // Only the series' firstOver depends on the threshold; the points do not.
      threshold: 0.2,
      minRows: src.minRows,
      save: false,
    },
    () => undefined,
  );
  return out.result.points
    .filter((p) => p.psi !== null)
    .map((p) => ({ time: p.start, date: src.bucket === 'day' ? p.date : `${new Date(p.start).toISOString().slice(0, 13)}:00Z`, value: p.psi!, n: p.n }));
}
