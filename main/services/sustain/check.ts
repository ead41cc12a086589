import { aggregateByBucket, bucketStart } from '../../../common/domain/kpi/aggregate';
import type { BucketPoint } from '../../../common/domain/kpi/aggregate';
import { addRows, emptyCounts, fairnessFromCounts, fairnessGate, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import { driftCheck, kpiChecks } from '../../../common/domain/sustain/evaluate';
import type { GuardrailCheck } from '../../../common/domain/sustain/evaluate';
import type { DriftGuardrail, FairnessGuardrail, GuardrailCondition, GuardrailsFile, KpiGuardrail } from '../../../common/domain/sustain/guardrails';
import { DomainInputError } from '../../../common/domain/errors';
import { matches } from '../kpi/series';
import { cellAt, readLogColumns } from './logColumns';
import type { LogColumn, LogTable } from './logColumns';

export type CheckReport = Readonly<{ passed: boolean; checks: GuardrailCheck[] }>;

export function kpiColumns(g: KpiGuardrail): string[] {
  const d = g.definition;
  const needValue = d.statistic !== 'count' && d.statistic !== 'rate';
  return [d.timeColumn, ...(needValue ? [d.column] : []), ...d.filters.map((f) => f.column), ...(d.condition ? [d.condition.column] : [])];
}
const fairnessColumns = (f: FairnessGuardrail) => [f.label, f.prediction, f.group, ...f.filters.map((x) => x.column)];

/** Rows meeting every condition (the KPI service's `matches`), as a 0/1 mask; text conditions are decided once per dictionary entry. */
function mask(t: LogTable, conditions: readonly GuardrailCondition[]): Uint8Array {
  const keep = new Uint8Array(t.rowCount).fill(1);
  for (const c of conditions) {
    const col = t.columns.get(c.column)!;
    if (col.kind === 'text') {
      const ok = col.dict.map((v) => matches(v, c));
      const none = matches(null, c);
      for (let i = 0; i < t.rowCount; i++) if (keep[i]) { const k = col.codes[i]!; if (!(k < 0 ? none : ok[k])) keep[i] = 0; }
    } else for (let i = 0; i < t.rowCount; i++) if (keep[i] && !matches(cellAt(col, i), c)) keep[i] = 0;
  }
  return keep;
}

function numbers(col: LogColumn): Float64Array {
  if (col.kind === 'number') return col.values;
  // A text column holding numbers (mixed types): read each value as a number, like the KPI service's SQL path does not.
  const out = new Float64Array(col.codes.length);
  const asNum = col.dict.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  for (let i = 0; i < out.length; i++) out[i] = col.codes[i]! < 0 ? Number.NaN : asNum[col.codes[i]!]!;
  return out;
}

/** The KPI's buckets from the log, with aggregateByBucket and the KPI service's filters (`matches`); X̄ charts also get each bucket's rows. */
export function kpiBuckets(g: KpiGuardrail, t: LogTable): { points: BucketPoint[]; raw?: Map<number, number[]> } {
  const d = g.definition;
  const time = numbers(t.columns.get(d.timeColumn)!);
  const needValue = d.statistic !== 'count' && d.statistic !== 'rate';
  const value = needValue ? numbers(t.columns.get(d.column)!) : null;
  const include = d.filters.length > 0 ? mask(t, d.filters) : undefined;
  const condition = d.condition ? mask(t, [d.condition]) : undefined;
  const points = aggregateByBucket(time, value, d.statistic, d.bucket, include, condition);
  let raw: Map<number, number[]> | undefined;
  if (g.limits.chart === 'xbar-r' || g.limits.chart === 'xbar-s') {
    raw = new Map();
    for (let i = 0; i < time.length; i++) {
      if ((include && !include[i]) || !Number.isFinite(time[i]!) || !Number.isFinite(value![i]!)) continue;
      const k = bucketStart(time[i]!, d.bucket);
      const list = raw.get(k);
      if (list) list.push(value![i]!);
      else raw.set(k, [value![i]!]);
    }
  }
  return { points, raw };
}

function checkKpi(g: KpiGuardrail, t: LogTable): GuardrailCheck[] {
  const { points, raw } = kpiBuckets(g, t);
  return kpiChecks(g, points, raw);
}

function checkDrift(d: DriftGuardrail, t: LogTable): GuardrailCheck {
  const col = t.columns.get(d.column)!;
  if (d.kind === 'numeric') return driftCheck(d, { numbers: numbers(col) });
  const cats = new Map<string, number>();
  for (let i = 0; i < t.rowCount; i++) {
    const v = cellAt(col, i);
    if (v !== null) cats.set(String(v), (cats.get(String(v)) ?? 0) + 1);
  }
  return driftCheck(d, { categories: cats });
}

/** Fairness on the log (Fairlearn semantics, the analysis's code): fails when the metric is above the policy's maximum. */
function checkFairness(f: FairnessGuardrail, t: LogTable): GuardrailCheck {
  const name = `${f.name}: fairness`;
  const keep = mask(t, f.filters);
  const label = t.columns.get(f.label)!;
  const pred = t.columns.get(f.prediction)!;
  const group = t.columns.get(f.group)!;
  const byGroup = new Map<string, RateCounts>();
  for (let i = 0; i < t.rowCount; i++) {
    if (!keep[i]) continue;
    const y = cellAt(label, i);
    const p = cellAt(pred, i);
    const g = cellAt(group, i);
    if (y === null || p === null || g === null) continue;
    const key = String(g);
    let c = byGroup.get(key);
    if (!c) byGroup.set(key, (c = emptyCounts()));
    addRows(c, isPositive(y, f.posLabel), isPositive(p, f.predictionPosLabel));
  }
  const where = f.filters.length ? ` where ${f.filters.map((c) => `${c.column} ${c.op} ${c.value}`).join(' and ')}` : '';
  if (byGroup.size < 2) return { name, kind: 'fairness', status: 'no-data', value: null, limit: f.threshold, detail: `Needs rows of at least 2 groups of "${f.group}"${where}; the log has ${byGroup.size}.` };
  const gate = fairnessGate(fairnessFromCounts(byGroup), f.metric, f.threshold);
  const rows = [...byGroup.values()].reduce((s, c) => s + c.n, 0);
  if (gate.pass === null) return { name, kind: 'fairness', status: 'no-data', value: gate.value, limit: f.threshold, detail: `Cannot decide: ${gate.undecidedReason}.` };
  return {
    name,
    kind: 'fairness',
    status: gate.pass ? 'pass' : 'fail',
    value: gate.value,
    limit: f.threshold,
    detail: `${f.metric} ${gate.value!.toFixed(4)} over ${rows} rows in ${byGroup.size} groups${where}; the registry policy allows at most ${f.threshold}.`,
  };
}

/**
 * Runs every guardrail on the logs given (`--data`, one or more files): each check reads the first file that has all
 * the columns it needs; a check no file can serve is `no-data`, naming the missing columns. Only the columns some
 * check needs are kept in memory (see readLogColumns).
 */
export async function checkGuardrails(g: GuardrailsFile, files: readonly string[]): Promise<CheckReport> {
  const wanted = new Set([...g.kpis.flatMap(kpiColumns), ...g.drift.map((d) => d.column), ...g.fairness.flatMap(fairnessColumns)]);
  const tables: LogTable[] = [];
  for (const f of files) tables.push(await readLogColumns(f, wanted));
  const tableFor = (cols: readonly string[]) => tables.find((t) => cols.every((c) => t.columns.has(c)));
  const missing = (cols: readonly string[]) => {
    const lacking = [...new Set(cols)].filter((c) => !tables.some((t) => t.columns.has(c)));
    return lacking.length ? `The log${tables.length > 1 ? 's have' : ' has'} no column${lacking.length > 1 ? 's' : ''} ${lacking.map((c) => `"${c}"`).join(', ')}.` : 'No one log has all of its columns together.';
  };
  const checks: GuardrailCheck[] = [];
  for (const k of g.kpis) {
    const t = tableFor(kpiColumns(k));
    if (t) {
      try {
        checks.push(...checkKpi(k, t));
      } catch (e) {
        // The log's numbers cannot make this KPI's chart (e.g. one row per bucket for X̄-R): that KPI has no data, the rest still run.
        if (!(e instanceof DomainInputError)) throw e;
        checks.push({ name: `${k.name}: held control limits`, kind: 'limits', status: 'no-data', value: null, limit: null, detail: `The log's buckets cannot be charted: ${e.message}` });
      }
    }
    else checks.push({ name: `${k.name}: held control limits`, kind: 'limits', status: 'no-data', value: null, limit: null, detail: missing(kpiColumns(k)) });
  }
  for (const d of g.drift) {
    const t = tableFor([d.column]);
    checks.push(t ? checkDrift(d, t) : { name: `${d.name}: drift`, kind: 'drift', status: 'no-data', value: null, limit: d.threshold, detail: missing([d.column]) });
  }
  for (const f of g.fairness) {
    const t = tableFor(fairnessColumns(f));
    checks.push(t ? checkFairness(f, t) : { name: `${f.name}: fairness`, kind: 'fairness', status: 'no-data', value: null, limit: f.threshold, detail: missing(fairnessColumns(f)) });
  }
  return { passed: checks.every((c) => c.status !== 'fail'), checks };
}
