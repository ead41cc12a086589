import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { paretoChartSvg } from '../../charts/resultCharts';
import { finite, list, num, pct, record, text } from './common';

/** p95Heatmap's weekdays: 0 = Monday. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Heatmap cells with fewer requests are not named as the slowest hour (a p95 of a handful of rows). */
const MIN_CELL = 30;
/** Time buckets listed in full up to this many rows (a month of days); more (hours) are summarised. */
const MAX_TIME_ROWS = 62;

function summaryRow(s: Record<string, unknown>): Array<number | null> {
  return [finite(s.count), finite(s.mean), finite(s.p50), finite(s.p90), finite(s.p95), finite(s.p99)];
}

/**
 * A latency profile: total percentiles, the percentiles of every stage in Pareto order with its share of the total,
 * the Pareto chart, the slowest stage; by group and by time bucket when the run asked for them; the slowest hour of
 * the week from the p95 heatmap.
 */
export function latencyBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  const profile = record(res?.profile);
  const total = record(profile?.total);
  if (!res || !profile || !total) return [];
  const stages = list(profile.stages);
  const slowest = text(profile.slowestStage);
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: 'Requests', value: num(res.rowCount ?? total.count) },
        { label: 'Total p50', value: num(total.p50, 'ms') },
        { label: 'Total p95', value: num(total.p95, 'ms') },
        { label: 'Total p99', value: num(total.p99, 'ms') },
        { label: 'Slowest stage', value: slowest ? `${slowest}${stages[0] && text(stages[0].stage) === slowest ? ` (${pct(stages[0].share)} of the time)` : ''}` : '—' },
      ],
    },
    tableBlock({
      id: `${prefix}-stages`,
      title: 'Percentiles by stage (Pareto order: largest share of the total first)',
      columns: [
        ['stage', 'Stage'],
        ['count', 'Requests', 'integer'],
        ['mean', 'Mean', 'number', 'ms'],
        ['p50', 'p50', 'number', 'ms'],
        ['p90', 'p90', 'number', 'ms'],
        ['p95', 'p95', 'number', 'ms'],
        ['p99', 'p99', 'number', 'ms'],
        ['share', 'Share', 'number', '%'],
        ['cumulative', 'Cumulative', 'number', '%'],
      ],
      rows: [
        ...stages.map((s) => [text(s.stage), ...summaryRow(s), finite(s.share) === null ? null : finite(s.share)! * 100, finite(s.cumulativeShare) === null ? null : finite(s.cumulativeShare)! * 100]),
        ['Total', ...summaryRow(total), 100, null],
      ],
    }),
  ];
  if (stages.length > 0) {
    const title = `${r.title}: Pareto of stage time`;
    blocks.push({
      kind: 'chart',
      chart: {
        id: `${prefix}-pareto`,
        title,
        svg: paretoChartSvg(stages.map((s) => ({ label: text(s.stage), value: finite(s.mean) ?? 0, cumulativeShare: finite(s.cumulativeShare) ?? 0 })), { title, unit: 'ms' }),
        alt: `Mean time per request by stage, largest first: ${stages.map((s) => `${text(s.stage)} ${num(s.mean, 'ms')} (${pct(s.share)}, cumulative ${pct(s.cumulativeShare)})`).join('; ')}.`,
      },
    });
  }
  const groups = (key: 'byGroup' | 'byTime', title: string, first: string): Block | null => {
    const rows = list(res[key]);
    if (rows.length === 0) return null;
    if (rows.length > MAX_TIME_ROWS) {
      const worst = [...rows].sort((a, b) => (finite(record(b.total)?.p95) ?? -1) - (finite(record(a.total)?.p95) ?? -1))[0]!;
      return { kind: 'text', text: `${title}: ${rows.length} buckets; the highest p95 was ${num(record(worst.total)?.p95, 'ms')} in ${text(worst.group)} (the full table is in the app and the XLSX of the Analyse page).` };
    }
    // Time buckets are "2026-11-01" (day) or "2026-11-01T13:00" (hour, UTC): printed as dates, not ISO text.
    const type = key === 'byGroup' ? 'text' : rows.some((g) => text(g.group).includes('T')) ? 'datetime' : 'date';
    return tableBlock({
      id: `${prefix}-${key === 'byGroup' ? 'groups' : 'time'}`,
      title,
      columns: [
        ['group', first, type],
        ['count', 'Requests', 'integer'],
        ['mean', 'Mean', 'number', 'ms'],
        ['p50', 'p50', 'number', 'ms'],
        ['p90', 'p90', 'number', 'ms'],
        ['p95', 'p95', 'number', 'ms'],
        ['p99', 'p99', 'number', 'ms'],
        ['slowest', 'Slowest stage'],
      ],
      rows: rows.map((g) => [text(g.group), ...summaryRow(record(g.total) ?? {}), text(g.slowestStage)]),
    });
  };
  const byGroup = groups('byGroup', 'Latency by group', 'Group');
  const byTime = groups('byTime', 'Latency by time bucket', 'Bucket');
  if (byGroup) blocks.push(byGroup);
  if (byTime) blocks.push(byTime);
  const heat = list(res.heatmap).filter((c) => finite(c.p95) !== null && (finite(c.count) ?? 0) >= MIN_CELL);
  if (heat.length > 0) {
    const worst = heat.reduce((a, b) => (finite(b.p95)! > finite(a.p95)! ? b : a));
    const h = finite(worst.hour) ?? 0;
    blocks.push({ kind: 'text', text: `Slowest hour of the week: ${WEEKDAYS[finite(worst.weekday) ?? 0] ?? ''} ${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00, p95 ${num(worst.p95, 'ms')} over ${num(worst.count)} requests.` });
  }
  return blocks;
}
