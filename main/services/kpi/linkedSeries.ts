import { isAppError } from '../../../common/contract/errors';
import type { KpiPoint } from '../../../common/contract/schemas/kpi';
import { bucketCoverage } from '../../../common/domain/kpi/aggregate';
import type { BucketPoint } from '../../../common/domain/kpi/aggregate';
import type { AggregateQuery, Measure } from '../../../common/domain/sources/queryTree';
import type { ServiceContext } from '../../context';
import { findLink } from '../../db/repositories/sources';
import { aggregateDataset, openDatasetSource } from '../sources/open';
import type { GroupPoints, SeriesGroup } from './series';

/**
 * Dataset KPIs over a LINKED dataset: each stale group (same dataset, time column, bucket, filters) is one aggregate
 * on the dataset's Source (DuckDB over the file, ClickHouse …), p50/p95/p99 of one column one quantile call. The
 * points are what the imported path gives for the same rows (type-7 quantiles, UTC buckets, partial first/last
 * buckets); the result is recorded with the source's fingerprint, the query and exact/approx (linked_results).
 */

const PROB: Readonly<Record<string, number>> = { median: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

export const isLinkedGroup = (ctx: ServiceContext, g: SeriesGroup): boolean => findLink(ctx.db, g.members[0]!.src.datasetId) !== null;

function dateLabel(t: number, bucket: string): string {
  const iso = new Date(t).toISOString();
  return bucket === 'hour' ? `${iso.slice(0, 13)}:00Z` : iso.slice(0, 10);
}

function pointOf(b: BucketPoint, bucket: string): KpiPoint {
  const p: KpiPoint = { time: b.start, date: dateLabel(b.start, bucket), value: b.value, n: b.n };
  return b.coverage === undefined ? p : { ...p, partial: b.coverage };
}

/** One group's points per member key, from one aggregate on the linked source. */
export async function computeLinkedGroup(ctx: ServiceContext, g: SeriesGroup, signal?: AbortSignal): Promise<GroupPoints> {
  const first = g.members[0]!;
  const measures: Measure[] = [];
  const quantileAt = new Map<string, number>();
  const probsOf = new Map<string, number[]>();
  const slot = g.unique.map((p) => {
    const s = p.src;
    if (s.statistic in PROB) {
      const probs = probsOf.get(s.column) ?? [];
      if (!probsOf.has(s.column)) probsOf.set(s.column, probs);
      if (!probs.includes(PROB[s.statistic]!)) probs.push(PROB[s.statistic]!);
      return { quantile: s.column, p: PROB[s.statistic]! };
    }
    const m: Measure =
      s.statistic === 'count' ? { kind: 'count' }
      : s.statistic === 'rate' ? { kind: 'rate', condition: s.condition! }
      : { kind: s.statistic as 'mean' | 'min' | 'max' | 'sum', column: s.column };
    measures.push(m);
    return { index: measures.length - 1 };
  });
  for (const [column, probs] of probsOf) {
    quantileAt.set(column, measures.length);
    measures.push({ kind: 'quantiles', column, probs });
  }
  const q: AggregateQuery = { bucket: { column: first.timeCol, unit: first.src.bucket, utcOffsetMinutes: 0 }, filters: first.src.filters ?? [], measures, quantiles: 'exact' };
  const out: GroupPoints = {};
  try {
    const { result } = await aggregateDataset(ctx, first.src.datasetId, `kpi:${first.timeCol}|${first.src.bucket}|${JSON.stringify(first.src.filters ?? [])}`, q, signal);
    g.unique.forEach((p, i) => {
      const sl = slot[i]!;
      const j = 'index' in sl ? sl.index! : quantileAt.get(sl.quantile)!;
      const span = result.spans[j];
      const points: KpiPoint[] = [];
      for (const r of result.rows) {
        const c = r.cells[j]!;
        if (c.n === 0 || r.start === null) continue;
        const value = 'index' in sl ? c.value : (c.values?.[probsOf.get(sl.quantile)!.indexOf(sl.p)] ?? null);
        if (value === null) continue;
        const coverage = span ? bucketCoverage(r.start, p.src.bucket, span.first, span.last) : undefined;
        points.push(pointOf(coverage === undefined ? { start: r.start, value, n: c.n } : { start: r.start, value, n: c.n, coverage }, p.src.bucket));
      }
      out[p.key] = { points };
    });
  } catch (e) {
    if (!isAppError(e)) throw e;
    for (const p of g.unique) out[p.key] = { error: e.message };
  }
  return out;
}

/** The message to show beside kept (cached) points of a linked dataset whose source changed since linking, or null. */
export async function linkedStaleness(ctx: ServiceContext, datasetId: string): Promise<string | null> {
  if (!findLink(ctx.db, datasetId)) return null;
  try {
    const o = await openDatasetSource(ctx, datasetId);
    await o.source.close();
    return null;
  } catch (e) {
    if (isAppError(e)) return e.message;
    throw e;
  }
}
