import { api } from '../../../common/contract/api';
import { isAppError } from '../../../common/contract/errors';
import type { FAIRNESS_METRICS, Window } from '../../../common/contract/schemas/analysis';
import type { ReviewFairness } from '../../../common/contract/schemas/reviews';
import { fairnessGate } from '../../../common/domain/fairness/fairness';
import type { FairnessReport, GroupRates, Rate } from '../../../common/domain/fairness/fairness';
import type { ServiceContext } from '../../context';
import * as analysisRepo from '../../db/repositories/analysis';
import { policyHistory } from '../../db/repositories/registry';
import { getDataset } from '../datasets/access';
import { computeFairness } from '../analysis/fairness';

type Metric = (typeof FAIRNESS_METRICS)[number];

/** The parameters a stored fairness analysis was run with (analysis-fairness input without save/title/jobId). */
type StoredParams = {
  datasetId?: string;
  label?: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  group?: string;
  /** Intersectional analyses (issue 20): the second group column, groups "A × B". */
  group2?: string;
  posLabel?: string;
  predictionPosLabel?: string;
  gate?: { metric: Metric; threshold: number };
};

const METRIC_WORDS: Readonly<Record<Metric, string>> = {
  demographic_parity_difference: 'Demographic parity difference',
  demographic_parity_ratio: 'Demographic parity ratio',
  equalized_odds_difference: 'Equalized odds difference',
  equalized_odds_ratio: 'Equalized odds ratio',
};

const pct = (r: Rate) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
const f3 = (x: number) => x.toFixed(3);

/** The groups furthest apart on the rate a metric compares, in words ("flag rate APAC 9.1 % vs EU 5.7 %"). */
function spread(report: FairnessReport, metric: Metric): string {
  const parity = metric.startsWith('demographic');
  const rate: keyof GroupRates = parity ? 'selection_rate' : (report.components.tpr_difference ?? 0) >= (report.components.fpr_difference ?? 0) ? 'tpr' : 'fpr';
  const words = rate === 'selection_rate' ? 'predicted-positive rate' : rate === 'tpr' ? 'true-positive rate' : 'false-positive rate';
  const rated = report.groups.filter((g) => g[rate] !== null);
  if (rated.length < 2) return '';
  const sorted = [...rated].sort((a, b) => (b[rate] as number) - (a[rate] as number));
  const hi = sorted[0]!;
  const lo = sorted[sorted.length - 1]!;
  return ` — ${words} ${hi.group} ${pct(hi[rate] as number)} vs ${lo.group} ${pct(lo[rate] as number)}`;
}

/** One stored analysis per question (dataset, columns, labels, group): the newest, as listResults sorts them. */
function storedFairness(ctx: ServiceContext, eventId: string): { title: string; params: StoredParams }[] {
  const seen = new Set<string>();
  const out: { title: string; params: StoredParams }[] = [];
  for (const r of analysisRepo.listResults(ctx.db, eventId, false)) {
    if (r.kind !== 'fairness') continue;
    const p = r.params as StoredParams;
    if (!p.datasetId || !p.label || !p.group || (!p.prediction && !p.score)) continue;
    const key = JSON.stringify([p.datasetId, p.label, p.prediction, p.score, p.threshold, p.group, p.posLabel, p.predictionPosLabel]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ title: r.title, params: p });
  }
  return out;
}

/**
 * The limits a review judges fairness by: the governance policy's (demographic parity difference ≤ dpdMax,
 * equalized odds difference ≤ eodMax) when the event has a policy with them set, else the analysis' own gate.
 */
function limitsFor(ctx: ServiceContext, eventId: string, p: StoredParams): { metric: Metric; limit: number; source: string }[] {
  const policy = policyHistory(ctx.db, eventId).at(-1);
  const fromPolicy: { metric: Metric; limit: number; source: string }[] = [];
  if (policy?.dpdMax != null) fromPolicy.push({ metric: 'demographic_parity_difference', limit: policy.dpdMax, source: 'the governance policy' });
  if (policy?.eodMax != null) fromPolicy.push({ metric: 'equalized_odds_difference', limit: policy.eodMax, source: 'the governance policy' });
  if (fromPolicy.length > 0) return fromPolicy;
  return p.gate ? [{ metric: p.gate.metric, limit: p.gate.threshold, source: "the analysis' own gate" }] : [];
}

/**
 * The event's stored fairness analyses re-computed on the follow-up rows (the dataset's latest version, rows whose
 * time column is on or after `sinceOf(datasetId)`), with the analysis code itself (computeFairness: one GROUP BY in
 * SQLite, bounded memory), each judged against the policy's limits (see limitsFor). The stored analysis' own
 * window (e.g. one model version) is not applied: the follow-up judges whatever served the rows since then.
 */
export function reviewFairness(ctx: ServiceContext, eventId: string, sinceOf: (datasetId: string, timeColumn: string) => string, use: (datasetId: string) => void): ReviewFairness[] {
  const out: ReviewFairness[] = [];
  for (const { title, params: p } of storedFairness(ctx, eventId)) {
    const group = p.group2 ? `${p.group!} × ${p.group2}` : p.group!;
    const limits = limitsFor(ctx, eventId, p);
    const metrics = limits.length > 0 ? limits : [{ metric: 'demographic_parity_difference' as const, limit: null, source: '' }];
    const entry = (metric: Metric, limit: number | null, dataset: string) => ({ name: `${METRIC_WORDS[metric]} by ${group}`, dataset, group, metric, limit });
    let info;
    try {
      info = getDataset(ctx, p.datasetId!);
      use(p.datasetId!);
    } catch (e) {
      if (!isAppError(e)) throw e;
      for (const m of metrics) out.push({ ...entry(m.metric, m.limit, ''), value: null, status: 'no-data', detail: `The analysis "${title}" could not be re-run: ${e.message}` });
      continue;
    }
    const timeColumn = info.columns.find((c) => c.role === 'timestamp')?.name ?? info.columns.find((c) => c.type === 'timestamp')?.name;
    if (!timeColumn) {
      for (const m of metrics) out.push({ ...entry(m.metric, m.limit, info.name), value: null, status: 'no-data', detail: `Dataset "${info.name}" has no timestamp column, so its follow-up rows cannot be told apart.` });
      continue;
    }
    const since = sinceOf(info.id, timeColumn);
    const window: Window = { kind: 'dates', column: timeColumn, from: since, to: '9999-12-31' };
    const where = `rows of "${info.name}" (version ${info.version}) since ${since}`;
    let report: FairnessReport;
    try {
      const input = api['analysis-fairness'].input.parse({ eventId, datasetId: info.id, label: p.label, prediction: p.prediction, score: p.score, threshold: p.threshold, group: p.group, group2: p.group2, posLabel: p.posLabel, predictionPosLabel: p.predictionPosLabel, window });
      report = computeFairness(ctx, input, () => undefined).result.report;
    } catch (e) {
      if (!isAppError(e)) throw e;
      for (const m of metrics) out.push({ ...entry(m.metric, m.limit, info.name), value: null, status: 'no-data', detail: `Not enough follow-up data to re-run "${title}" on the ${where}: ${e.message}` });
      continue;
    }
    const n = report.overall.count.toLocaleString('en-US');
    for (const m of metrics) {
      const base = entry(m.metric, m.limit, info.name);
      const words = METRIC_WORDS[m.metric];
      if (m.limit === null) {
        const v = report[m.metric];
        out.push({ ...base, value: v, status: 'no-data', detail: `${words} by ${group} is ${v === null ? 'undefined' : f3(v)} on ${n} ${where}, but no limit is set: give the governance policy fairness thresholds or the analysis a gate.` });
        continue;
      }
      const g = fairnessGate(report, m.metric, m.limit);
      const ratio = m.metric.endsWith('ratio');
      const detail =
        g.pass === null
          ? `Cannot decide on ${n} ${where}: ${g.undecidedReason ?? 'no value'}.`
          : g.pass
            ? `${words} by ${group} ${f3(g.value!)} on ${n} ${where} is within the limit ${f3(m.limit)} of ${m.source}${spread(report, m.metric)}.`
            : `Fairness failure: ${words.toLowerCase()} by ${group} is ${f3(g.value!)} on ${n} ${where}, ${ratio ? 'below' : 'above'} the limit ${f3(m.limit)} of ${m.source}${spread(report, m.metric)}.`;
      out.push({ ...base, value: g.value, status: g.pass === null ? 'no-data' : g.pass ? 'pass' : 'fail', detail });
    }
  }
  return out;
}
