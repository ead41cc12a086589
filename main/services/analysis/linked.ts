import { AppError } from '../../../common/contract/errors';
import type { ParsedInput } from '../../../common/contract/api';
import { addRows, emptyCounts, fairnessFromCounts, fairnessGate, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import { profileFromSummaries } from '../../../common/domain/latency/profile';
import type { GroupLatency, LatencySummary } from '../../../common/domain/latency/profile';
import type { AggregateQuery, AggregateResult, Condition, Measure, QuantileMethod } from '../../../common/domain/sources/queryTree';
import type { ServiceContext } from '../../context';
import { saveLinkedResult } from '../../db/repositories/sources';
import { openDatasetSource, provenanceOf } from '../sources/open';
import type { OpenedSource } from '../sources/open';
import type { SourceProvenance } from '../sources/source';
import { datasetFor } from './data';
import type { Computed, Progress } from './data';
import type { FairnessComputed } from './fairness';
import type { LatencyOut } from './latencySql';

/**
 * The latency profile and the fairness group table of a LINKED dataset (issue 21): counts, sums and type-7 quantiles
 * are pushed down to the dataset's Source as query-tree aggregates (DuckDB over the file, ClickHouse …), so the rows
 * stay where they are. The numbers are the imported path's (latencySql.ts, fairnessSql.ts) for the same rows; the
 * result records where it came from (source, fingerprint, query, exact/approx) in linked_results and carries it as
 * `linked` for the UI. What the query tree cannot express yet is refused with a message saying what to do instead.
 */

const PS = [0.5, 0.9, 0.95, 0.99];
/** Cap on the (group × label) aggregates one fairness run sends to the source. */
const MAX_CELLS = 400;

export type LinkedFrom = Readonly<{ kind: string; location: string; fingerprint: string; quantileMethod: QuantileMethod; exact: boolean }>;

const unsupported = (what: string) => new AppError('UNSUPPORTED', `${what} is not available for a linked dataset yet (its rows stay in the linked source); import the file to use it.`);

/** Runs the queries on the opened source, records the combined provenance under `key`, closes the source. */
async function onSource<T>(ctx: ServiceContext, datasetId: string, key: string, run: (ask: (q: AggregateQuery) => Promise<AggregateResult>, o: OpenedSource) => Promise<T>): Promise<{ value: T; linked: LinkedFrom }> {
  const o = await openDatasetSource(ctx, datasetId);
  try {
    const texts: string[] = [];
    let method: QuantileMethod = 'type7';
    const rank: Record<QuantileMethod, number> = { type7: 0, 'exact-other': 1, approx: 2 };
    const ask = async (q: AggregateQuery) => {
      const r = await o.source.aggregate({ ...q, quantiles: 'exact' });
      texts.push(r.queryText);
      if (q.measures.some((m) => m.kind === 'quantiles') && rank[r.quantileMethod] > rank[method]) method = r.quantileMethod;
      return r;
    };
    const value = await run(ask, o);
    const p: SourceProvenance = provenanceOf(o, { queryText: texts.join(';\n'), quantileMethod: method });
    if (o.link) saveLinkedResult(ctx.db, { datasetId, key, fingerprint: o.fingerprint, query: p.queryText, quantileMethod: p.quantileMethod, exact: p.exact, result: value, computedAt: ctx.nowIso() });
    return { value, linked: { kind: p.kind, location: p.location, fingerprint: p.fingerprint, quantileMethod: p.quantileMethod, exact: p.exact } };
  } finally {
    await o.source.close();
  }
}

function requireColumns(o: OpenedSource, names: readonly (string | undefined)[]): void {
  const have = o.v.columns.map((c) => c.name);
  for (const name of names) {
    if (name && !have.includes(name)) throw new AppError('NOT_FOUND', `Dataset "${o.datasetName}" has no column "${name}" (columns: ${have.join(', ')}).`, { column: name });
  }
}

const num = (x: number | null | undefined) => (x === null || x === undefined ? Number.NaN : x);

function summary(n: number, sum: number | null, q: readonly (number | null)[] | undefined): LatencySummary {
  const s = n ? num(sum) : 0;
  const v = q ?? [];
  return { count: n, mean: n ? s / n : Number.NaN, p50: num(v[0]), p90: num(v[1]), p95: num(v[2]), p99: num(v[3]), sum: s };
}

/** The latency profile of a linked dataset: per stage and for the total, count, sum and p50/p90/p95/p99 in one aggregate; per group in a second. */
export async function linkedLatency(ctx: ServiceContext, input: ParsedInput<'analysis-latency'>, progress: Progress): Promise<Computed<LatencyOut & { linked: LinkedFrom }>> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  if (!input.total) throw new AppError('UNSUPPORTED', `On a linked dataset the latency profile needs a total column (the sum of the stages per row is not pushed down to the source yet); choose the column holding each request's total time.`);
  if (input.timestamp) throw unsupported('The latency profile over time (time buckets and the weekday × hour heatmap)');
  const names = Object.keys(Object.fromEntries(input.stages.map((s) => [s, 0])));
  const total = input.total;
  const measuresOf = (withStageQuantiles: boolean): Measure[] => [
    ...names.flatMap((c): Measure[] => (withStageQuantiles ? [{ kind: 'sum', column: c }, { kind: 'quantiles', column: c, probs: PS }] : [{ kind: 'sum', column: c }])),
    { kind: 'sum', column: total },
    { kind: 'quantiles', column: total, probs: PS },
  ];
  const key = `latency:${JSON.stringify({ stages: names, total, groupBy: input.groupBy ?? null })}`;
  const { value, linked } = await onSource(ctx, ds.id, key, async (ask, o) => {
    requireColumns(o, [...input.stages, total, input.groupBy]);
    const steps = input.groupBy ? 2 : 1;
    const whole = await ask({ measures: measuresOf(true) });
    const cells = whole.rows[0]?.cells ?? [];
    const stageSummaries = names.map((name, s) => ({ name, s: summary(cells[2 * s]?.n ?? 0, cells[2 * s]?.value ?? null, cells[2 * s + 1]?.values) }));
    const t = 2 * names.length;
    const profile = profileFromSummaries(stageSummaries, summary(cells[t]?.n ?? 0, cells[t]?.value ?? null, cells[t + 1]?.values));
    progress(1, steps, 'Counted, summed and ranked every stage on the linked source');
    let byGroup: GroupLatency[] | null = null;
    if (input.groupBy) {
      const per = await ask({ measures: measuresOf(false), groupBy: input.groupBy });
      const k = names.length;
      byGroup = per.rows
        .map((r) => {
          const gp = profileFromSummaries(
            names.map((name, s) => ({ name, s: summary(r.cells[s]!.n, r.cells[s]!.value, undefined) })),
            summary(r.cells[k]!.n, r.cells[k]!.value, r.cells[k + 1]!.values),
          );
          const stageMeans: Record<string, number> = {};
          for (const st of gp.stages) stageMeans[st.stage] = st.mean;
          return { group: r.group === null ? '(blank)' : String(r.group), total: gp.total, slowestStage: gp.slowestStage, stageMeans };
        })
        .sort((a, b) => b.total.p95 - a.total.p95);
      progress(2, steps, `Percentiles per ${input.groupBy} on the linked source`);
    }
    return { rowCount: o.v.rowCount, profile, byGroup, byTime: null, heatmap: null } satisfies LatencyOut;
  });
  return { kind: 'latency', title: `Latency profile: ${ds.name} v${ds.version}`, versionIds: [ds.versionId], result: { ...value, linked } };
}

const blank = (x: unknown) => x === null || x === '';
const eq = (column: string, value: string | number): Condition => ({ column, op: '=', value });
const NUMERIC = ['integer', 'real', 'timestamp', 'boolean'];

/**
 * The fairness group table of a linked dataset: the distinct groups and labels (two grouped counts), then per
 * (group, label) one aggregate counting the predictions — grouped by the prediction column, or score ≥ threshold
 * and score < threshold, a missing score failing both — judged exactly as fairnessSql.ts judges a combination (isPositive, blanks skipped).
 */
export async function linkedFairness(ctx: ServiceContext, input: ParsedInput<'analysis-fairness'>, progress: Progress): Promise<FairnessComputed> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  if (!input.prediction && !input.score) throw new AppError('VALIDATION', 'Choose a predicted-label column, or a score column with a threshold.');
  if (!input.prediction && input.threshold === undefined) throw new AppError('VALIDATION', 'A score column needs a threshold (predicted positive when score ≥ threshold).');
  if (input.group2 && input.group2 === input.group) throw new AppError('VALIDATION', `Choose two different group columns (both are "${input.group}").`);
  if (input.bootstrap) throw unsupported('The fairness bootstrap (confidence intervals)');
  if (input.sweep) throw unsupported('The fairness threshold sweep');
  if (input.group2) throw unsupported('Intersectional fairness (a second group column)');
  if (input.window && input.window.kind !== 'version') throw unsupported('A fairness window other than the whole version');
  const useScore = !input.prediction;
  const key = `fairness:${JSON.stringify({ label: input.label, prediction: input.prediction ?? null, score: useScore ? input.score : null, threshold: useScore ? input.threshold : null, group: input.group, posLabel: input.posLabel, predictionPosLabel: input.predictionPosLabel ?? null })}`;
  const { value, linked } = await onSource(ctx, ds.id, key, async (ask, o) => {
    requireColumns(o, [input.label, input.prediction, input.score, input.group]);
    if (useScore) {
      const type = o.v.columns.find((c) => c.name === input.score)?.type;
      if (!type || !NUMERIC.includes(type)) throw new AppError('BAD_INPUT', `Column "${input.score}" of the linked dataset "${o.datasetName}" is not numeric; the threshold needs numeric scores.`);
    }
    const groups = await ask({ measures: [{ kind: 'count' }], groupBy: input.group });
    const labels = await ask({ measures: [{ kind: 'count' }], groupBy: input.label });
    const rowsTotal = groups.rows.reduce((a, r) => a + (r.cells[0]!.value ?? 0), 0);
    const gs = groups.rows.map((r) => r.group).filter((g): g is string | number => !blank(g));
    const ls = labels.rows.map((r) => r.group).filter((l): l is string | number => !blank(l));
    if (gs.length * ls.length > MAX_CELLS) throw new AppError('BAD_INPUT', `Columns "${input.group}" (${gs.length} groups) and "${input.label}" (${ls.length} labels) give more than ${MAX_CELLS} combinations; fairness on a linked dataset needs fewer.`);
    const byGroup = new Map<string, RateCounts>();
    let counted = 0;
    let done = 0;
    for (const g of gs) {
      for (const l of ls) {
        const filters = [eq(input.group, g), eq(input.label, l)];
        const lab = isPositive(l, input.posLabel);
        const add = (pred: boolean, k: number) => {
          if (k <= 0) return;
          let c = byGroup.get(String(g));
          if (!c) byGroup.set(String(g), (c = emptyCounts()));
          addRows(c, lab, pred, k);
          counted += k;
        };
        if (useScore) {
          // A missing score fails both comparisons (skipped, as the imported path skips a blank prediction).
          const thr = input.threshold!;
          const r = await ask({ filters, measures: [{ kind: 'count', where: [{ column: input.score!, op: '>=', value: thr }] }, { kind: 'count', where: [{ column: input.score!, op: '<', value: thr }] }] });
          add(true, r.rows[0]?.cells[0]?.value ?? 0);
          add(false, r.rows[0]?.cells[1]?.value ?? 0);
        } else {
          const r = await ask({ filters, measures: [{ kind: 'count' }], groupBy: input.prediction });
          for (const row of r.rows) if (!blank(row.group)) add(isPositive(row.group, input.predictionPosLabel ?? input.posLabel), row.cells[0]!.value ?? 0);
        }
        progress(++done, gs.length * ls.length, `Counts of ${String(g)} × ${String(l)} on the linked source`);
      }
    }
    if (byGroup.size < 2) throw new AppError('BAD_INPUT', `Column "${input.group}" has ${byGroup.size} group(s) with data; fairness needs at least 2.`);
    return { counts: [...byGroup].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)), skipped: rowsTotal - counted };
  });
  const report = fairnessFromCounts(new Map(value.counts));
  const gate = input.gate ? fairnessGate(report, input.gate.metric, input.gate.threshold) : null;
  const result = { report, gate, skipped: value.skipped, datasetVersion: ds.version, intervals: null, sweep: null, linked };
  const title = `Fairness by ${input.group}${gate ? ` — ${gate.pass === null ? `undecided (${gate.undecidedReason ?? 'no value'})` : gate.pass ? 'PASS' : 'FAIL'}` : ''}`;
  return { kind: 'fairness', title, versionIds: [ds.versionId], result, datasetId: ds.id, datasetVersionId: ds.versionId };
}
