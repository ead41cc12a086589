import { quantilesSelect } from '../stats/quantile';
import type { AggregateQuery, AggregateResult, AggregateRow, BucketUnit, Condition, MeasureCell } from './queryTree';

/**
 * The query tree evaluated in JavaScript over columns already read (the SQLite source, and the reference the other
 * sources are tested against): the meaning documented in queryTree.ts, quantiles type 7 (quantilesSelect: Hyndman &
 * Fan definition 7, numpy's linear), sums in row order.
 */

export type Cell = number | string | null;
export type Columns = Readonly<Record<string, ArrayLike<Cell>>>;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const LENGTH: Readonly<Record<BucketUnit, number>> = { hour: HOUR, day: DAY, week: 7 * DAY };
/** 1970-01-01 was a Thursday: ISO weeks start 3 days earlier (Monday). */
const MONDAY_SHIFT = 3 * DAY;

export const bucketLength = (unit: BucketUnit): number => LENGTH[unit];

/**
 * Start (epoch ms) of the hour, day or ISO week containing t in a time zone `utcOffsetMinutes` ahead of UTC:
 * floor((t + o + w) / L)·L − w − o with o the offset in ms, w = 3 days for weeks (else 0). o = 0 gives
 * common/domain/kpi/aggregate's bucketStart.
 */
export function bucketStartAt(t: number, unit: BucketUnit, utcOffsetMinutes: number): number {
  const o = utcOffsetMinutes * MINUTE;
  const w = unit === 'week' ? MONDAY_SHIFT : 0;
  const len = LENGTH[unit];
  return Math.floor((t + o + w) / len) * len - w - o;
}

/** The KPI filters' meaning, for every source: numbers compare as numbers, everything else as text; a missing cell
 *  satisfies only `!=` (main/services/kpi/series re-exports it as `matches`). */
export function conditionHolds(cell: Cell | undefined, c: Condition): boolean {
  if (cell === null || cell === undefined) return c.op === '!=';
  const numeric = typeof c.value === 'number' || (c.op !== '=' && c.op !== '!=');
  const a = numeric ? Number(cell) : String(cell);
  const b = numeric ? Number(c.value) : String(c.value);
  switch (c.op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

const finite = (x: Cell | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

type Acc = { n: number; sum: number; min: number; max: number; values: number[] | null };

/** Column names a query reads (to read each once). */
export function queryColumns(q: AggregateQuery): string[] {
  const names = new Set<string>();
  for (const f of q.filters ?? []) names.add(f.column);
  if (q.window) names.add(q.window.column);
  if (q.bucket) names.add(q.bucket.column);
  if (q.groupBy) names.add(q.groupBy);
  for (const m of q.measures) {
    for (const w of m.where ?? []) names.add(w.column);
    if (m.kind === 'rate') names.add(m.condition.column);
    else if (m.kind !== 'count') names.add(m.column);
  }
  return [...names];
}

/** Evaluates `q` over `n` rows of `cols` (every column queryColumns(q) names). */
export function evaluateAggregate(cols: Columns, n: number, q: AggregateQuery, queryText = 'javascript'): AggregateResult {
  const col = (name: string): ArrayLike<Cell> => {
    const c = cols[name];
    if (!c) throw new RangeError(`column "${name}" was not read`);
    return c;
  };
  const timeName = q.bucket?.column ?? q.window?.column;
  const time = timeName ? col(timeName) : null;
  const filters = (q.filters ?? []).map((f) => ({ f, c: col(f.column) }));
  const group = q.groupBy ? col(q.groupBy) : null;
  const from = q.window?.from ?? -Infinity;
  const to = q.window?.to ?? Infinity;
  const ms = q.measures.map((m) => ({
    m,
    where: (m.where ?? []).map((f) => ({ f, c: col(f.column) })),
    value: m.kind === 'count' || m.kind === 'rate' ? null : col(m.column),
    cond: m.kind === 'rate' ? col(m.condition.column) : null,
  }));
  const rows = new Map<string, { start: number | null; group: Cell; accs: Acc[] }>();
  const spans = ms.map(() => ({ first: Infinity, last: -Infinity }));
  for (let i = 0; i < n; i++) {
    let t = NaN;
    if (time) {
      const tc = time[i];
      if (!finite(tc) || tc < from || tc >= to) continue;
      t = tc;
    }
    let keep = true;
    for (const { f, c } of filters) if (!conditionHolds(c[i], f)) { keep = false; break; }
    if (!keep) continue;
    const start = q.bucket ? bucketStartAt(t, q.bucket.unit, q.bucket.utcOffsetMinutes) : null;
    const g = group ? (group[i] ?? null) : null;
    const key = `${start}\u0000${typeof g}\u0000${g}`;
    let row = rows.get(key);
    if (!row) {
      row = { start, group: g, accs: ms.map(({ m }) => ({ n: 0, sum: 0, min: Infinity, max: -Infinity, values: m.kind === 'quantiles' ? [] : null })) };
      rows.set(key, row);
    }
    for (let j = 0; j < ms.length; j++) {
      const { m, where, value, cond } = ms[j]!;
      if (where.length > 0 && !where.every(({ f, c }) => conditionHolds(c[i], f))) continue;
      const acc = row.accs[j]!;
      if (value) {
        const x = value[i];
        if (!finite(x)) continue;
        acc.sum += x;
        if (x < acc.min) acc.min = x;
        if (x > acc.max) acc.max = x;
        acc.values?.push(x);
      } else if (cond && m.kind === 'rate' && conditionHolds(cond[i], m.condition)) acc.sum += 1;
      acc.n++;
      if (time) {
        const s = spans[j]!;
        if (t < s.first) s.first = t;
        if (t > s.last) s.last = t;
      }
    }
  }
  const out: AggregateRow[] = [...rows.values()].map((r) => ({
    start: r.start,
    group: r.group,
    cells: ms.map(({ m }, j) => cellOf(m, r.accs[j]!)),
  }));
  out.sort(compareRows);
  return {
    rows: out,
    spans: spans.map((s) => (s.first <= s.last ? { first: s.first, last: s.last } : null)),
    quantileMethod: 'type7',
    queryText,
    rowsScanned: n,
  };
}

function cellOf(m: AggregateQuery['measures'][number], a: Acc): MeasureCell {
  if (a.n === 0) return m.kind === 'quantiles' ? { value: null, values: m.probs.map(() => null), n: 0 } : { value: null, n: 0 };
  switch (m.kind) {
    case 'count':
      return { value: a.n, n: a.n };
    case 'sum':
      return { value: a.sum, n: a.n };
    case 'mean':
      return { value: a.sum / a.n, n: a.n };
    case 'min':
      return { value: a.min, n: a.n };
    case 'max':
      return { value: a.max, n: a.n };
    case 'rate':
      return { value: a.sum / a.n, n: a.n };
    case 'quantiles': {
      const v = quantilesSelect(Float64Array.from(a.values!), m.probs);
      return { value: v[0] ?? null, values: v, n: a.n };
    }
  }
}

/** Result order: bucket start, then group (null first, numbers before text, then ascending). */
export function compareRows(a: AggregateRow, b: AggregateRow): number {
  if (a.start !== b.start) return (a.start ?? -Infinity) - (b.start ?? -Infinity);
  return compareGroup(a.group, b.group);
}

function compareGroup(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}
