import type { FeedbackSource, KpiPoint } from '../../../common/contract/schemas/kpi';
import { feedbackLoop } from '../../../common/domain/ops/feedback';
import { quantileSorted } from '../../../common/domain/stats/quantile';
import type { ReadContext } from '../../context';
import { getDataset, readColumns } from '../datasets/access';
import type { OpsTable } from '../ops/inputs';
import { requireRows, textColumn, timeColumn, withTimes } from '../ops/inputs';

const DAY = 86_400_000;
const METRIC_LABEL = { correction_rate: 'correction rate', label_delay_p50_h: 'label delay p50 (h)', label_delay_p95_h: 'label delay p95 (h)' } as const;

export function feedbackSourceLabel(src: FeedbackSource): string {
  return `${METRIC_LABEL[src.metric]} per day: corrections joined by ${src.id}`;
}

function table(ctx: ReadContext, datasetId: string, names: (string | undefined)[]): OpsTable {
  const ds = getDataset(ctx, datasetId);
  const wanted = [...new Set(names.filter((n): n is string => !!n))];
  const cols = readColumns(ctx, datasetId, wanted);
  return { where: `Dataset "${ds.name}"`, columns: wanted.map((name) => ({ name, values: cols[name]! })) };
}

/**
 * A feedback KPI's points, per UTC day of the prediction (the join of `ops-feedback`, common/domain/ops/feedback.ts):
 * correction_rate = corrected predictions / predictions that day; label_delay_p50_h / _p95_h = type-7 percentile of the
 * delays (hours) of that day's predictions' first corrections (days without a correction have no point). n = the
 * predictions (rate) or the corrections (delay) behind the point. Reads both datasets' latest versions.
 */
export function computeFeedbackPoints(ctx: ReadContext, src: FeedbackSource): KpiPoint[] {
  const inf = table(ctx, src.datasetId, [src.inferenceId ?? src.id, src.inferenceTime, src.predicted]);
  const cor = table(ctx, src.correctionsDatasetId, [src.id, src.time, src.label]);
  const i = withTimes(timeColumn(inf, src.inferenceTime), { id: textColumn(inf, src.inferenceId ?? src.id), predicted: src.predicted ? textColumn(inf, src.predicted) : [] });
  requireRows(inf.where, i.times.length, i.skipped, src.inferenceTime);
  const c = withTimes(timeColumn(cor, src.time), { id: textColumn(cor, src.id), label: textColumn(cor, src.label) });
  if (src.metric === 'correction_rate') {
    const r = feedbackLoop({ ids: i.cols.id, times: i.times, predicted: src.predicted ? i.cols.predicted : undefined }, { ids: c.cols.id, times: c.times, labels: c.cols.label });
    return r.byDay.map((d) => ({ time: Date.parse(`${d.key}T00:00:00Z`), date: d.key, value: d.rate, n: d.predictions }));
  }
  // Delays per day of the prediction: the first correction of each prediction, as feedbackLoop counts them.
  const predicted = new Map<string, number>();
  i.cols.id.forEach((id, k) => !predicted.has(id) && predicted.set(id, i.times[k]!));
  const first = new Map<string, number>();
  c.cols.id.forEach((id, k) => {
    if (!predicted.has(id)) return;
    const prev = first.get(id);
    if (prev === undefined || c.times[k]! < prev) first.set(id, c.times[k]!);
  });
  const byDay = new Map<number, number[]>();
  for (const [id, at] of first) {
    const t = predicted.get(id)!;
    if (at < t) continue;
    const day = Math.floor(t / DAY) * DAY;
    const list = byDay.get(day);
    if (list) list.push((at - t) / 3_600_000);
    else byDay.set(day, [(at - t) / 3_600_000]);
  }
  const p = src.metric === 'label_delay_p50_h' ? 0.5 : 0.95;
  return [...byDay.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, hours]) => ({ time: day, date: new Date(day).toISOString().slice(0, 10), value: quantileSorted(hours.sort((a, b) => a - b), p), n: hours.length }));
}
