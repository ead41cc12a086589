import { AppError } from '../../../common/contract/errors';
import type { FairnessSource, KpiPoint } from '../../../common/contract/schemas/kpi';
import { addRows, emptyCounts, fairnessDegenerate, fairnessFromCounts, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import type { ReadContext } from '../../context';
import { getDataset, requireVersion } from '../datasets/access';
import { sideSql } from '../analysis/driftSql';

const NUMERIC = ['integer', 'real', 'timestamp', 'boolean'];
const SIZE = { hour: 3_600_000, day: 86_400_000 } as const;

export function fairnessSourceLabel(src: FairnessSource): string {
  const predicted = src.prediction ? `${src.prediction} = ${src.predictionPosLabel ?? src.posLabel}` : `${src.score} ≥ ${src.threshold}`;
  return `${src.metric.replaceAll('_', ' ')} by ${src.group} per ${src.bucket} (${src.label} = ${src.posLabel}, predicted ${predicted})`;
}

/** What a fairness KPI needs that the schema alone cannot say (also checked when the KPI is created or edited). */
export function fairnessSourceProblem(src: FairnessSource): string | null {
  if (!src.prediction && !src.score) return 'source: a fairness KPI needs a predicted-label column, or a score column with a threshold.';
  if (src.prediction && src.score) return 'source: give a predicted-label column or a score column, not both.';
  if (src.score && src.threshold === undefined) return 'source.threshold: a score column needs a threshold (predicted positive when score ≥ threshold).';
  return null;
}

/**
 * A fairness KPI's points: per UTC bucket, the counts per group of (label, prediction) from ONE `GROUP BY bucket,
 * label, prediction, group` over the dataset's latest version (bounded memory: distinct combinations come into
 * JavaScript, never rows), each combination judged as the Analysis page's fairness counts judge it (blank label,
 * prediction or group skipped; isPositive on the same value; score ≥ threshold), and the disparity from the same
 * fairnessFromCounts — so a bucket's value is what analysis-fairness gives for that bucket's window. A bucket has no
 * point when it has fewer than minRows counted rows or fewer than 2 groups, when the metric is undefined there (an
 * undefined rate, Fairlearn/STATS.md), or when it could not support a decision (the positive label never occurs, or
 * nobody was predicted positive: a disparity of 0 there would read as "perfectly fair").
 */
export function computeFairnessPoints(ctx: ReadContext, src: FairnessSource): KpiPoint[] {
  const problem = fairnessSourceProblem(src);
  if (problem) throw new AppError('BAD_INPUT', problem);
  const ds = getDataset(ctx, src.datasetId);
  const useScore = !src.prediction;
  const side = sideSql(ctx, ds, { kind: 'version', version: ds.version }, [src.timeColumn, src.label, src.prediction, src.score, src.group].filter((c): c is string => !!c));
  const { v } = requireVersion(ctx, ds.id, ds.version);
  const typeOf = (name: string) => v.columns.find((c) => c.name === name)?.type ?? '';
  if (useScore && !NUMERIC.includes(typeOf(src.score!))) {
    throw new AppError('BAD_INPUT', `Column "${src.score}" of dataset "${ds.name}" is stored as ${typeOf(src.score!)}, not numbers; a fairness KPI needs a numeric score or a predicted-label column.`, { column: src.score });
  }
  if (!NUMERIC.includes(typeOf(src.timeColumn))) {
    throw new AppError('BAD_INPUT', `Column "${src.timeColumn}" of dataset "${ds.name}" holds no timestamps to bucket by.`, { column: src.timeColumn });
  }
  const t = side.col(src.timeColumn);
  const size = SIZE[src.bucket];
  // Math.floor(t / size) · size, as the KPI buckets (bucketStart): q in floating point, floored without floor().
  const q = `(${t} * 1.0 / ${size})`;
  const k = `CAST(${q} AS INTEGER)`;
  const start = `((${k} - (${k} > ${q})) * ${size})`;
  const y = side.col(src.label);
  const g = side.col(src.group);
  const p = useScore ? `CASE WHEN ${side.col(src.score!)} IS NULL THEN NULL ELSE ${side.col(src.score!)} >= ? END` : side.col(src.prediction!);
  const params = useScore ? [src.threshold!, ...side.params] : side.params;
  const sql = `SELECT ${start}, ${y}, ${p}, ${g}, count(*) FROM ${side.from} WHERE ${side.filter} AND typeof(${t}) IN ('integer','real') GROUP BY 1, 2, 3, 4 ORDER BY 1`;
  const blank = (x: unknown) => x === null || x === '';
  const predPos = src.predictionPosLabel ?? src.posLabel;
  const points: KpiPoint[] = [];
  let bucket: number | null = null;
  let byGroup = new Map<string, RateCounts>();
  let rows = 0;
  const close = () => {
    if (bucket === null || rows < src.minRows || byGroup.size < 2) return;
    const report = fairnessFromCounts(byGroup);
    const value = report[src.metric];
    if (value === null || fairnessDegenerate(report) !== null) return;
    const iso = new Date(bucket).toISOString();
    points.push({ time: bucket, date: src.bucket === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00Z`, value, n: rows });
  };
  for (const [b, label, pred, group, n] of ctx.db.prepare(sql).raw().iterate(...params) as Iterable<[number, unknown, unknown, unknown, number]>) {
    if (b !== bucket) {
      close();
      bucket = b;
      byGroup = new Map();
      rows = 0;
    }
    if (blank(label) || blank(group) || blank(pred)) continue;
    const key = String(group);
    let c = byGroup.get(key);
    if (!c) byGroup.set(key, (c = emptyCounts()));
    addRows(c, isPositive(label, src.posLabel), useScore ? pred === 1 : isPositive(pred, predPos), n);
    rows += n;
  }
  close();
  return points;
}
