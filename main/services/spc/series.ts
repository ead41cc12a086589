import { AppError } from '../../../common/contract/errors';
import type { ChartKind, Subgroup } from '../../../common/domain/spc/types';

/** A column as the importer and the dataset API give it: timestamps are epoch ms. */
export type ColumnData = Readonly<{ name: string; type: string; values: readonly (number | string | boolean | null)[] }>;

export type SeriesOptions = Readonly<{
  chart: ChartKind;
  value: string;
  /** Group rows into subgroups by this column (order of first appearance). */
  subgroup?: string;
  /** Or cut rows into consecutive subgroups of this size. */
  subgroupSize?: number;
  /** Attribute charts: sample size / area of opportunity per row. */
  size?: string;
  /** Stage label per row (the first row of a subgroup names its stage). */
  stage?: string;
  /** Where the data came from, for messages ("inference.csv" or "dataset Inference log"). */
  source: string;
}>;

const bad = (m: string) => new AppError('BAD_INPUT', m);

function findColumn(columns: readonly ColumnData[], name: string, flag: string, source: string): ColumnData {
  const c = columns.find((x) => x.name === name);
  if (!c) throw bad(`${flag}: ${source} has no column "${name}" (columns: ${columns.map((x) => x.name).join(', ')}).`);
  return c;
}

function numbers(c: ColumnData, flag: string, source: string): number[] {
  return c.values.map((v, i) => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    // A column inferred as text because of one bad cell still holds numbers as strings: accept those
    // and report the first cell that is not a number.
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    const shown = v === null || v === '' ? 'empty' : `"${String(v)}"`;
    throw bad(`${flag} ${c.name}: row ${i + 1} of ${source} is ${shown}, not a number.`);
  });
}

function label(c: ColumnData, v: number | string | boolean | null): string {
  if (v === null) return '(missing)';
  if (c.type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString();
  return String(v);
}

/**
 * Turns long-form rows (one per observation, or one count per subgroup for attribute charts) into the
 * subgroups a chart plots. Names the column and row of anything unusable.
 */
export function subgroupsFromColumns(columns: readonly ColumnData[], o: SeriesOptions): Subgroup[] {
  const valueCol = findColumn(columns, o.value, '--value', o.source);
  const values = numbers(valueCol, '--value', o.source);
  const sizeCol = o.size ? findColumn(columns, o.size, '--size', o.source) : undefined;
  const sizes = sizeCol ? numbers(sizeCol, '--size', o.source) : undefined;
  const stageCol = o.stage ? findColumn(columns, o.stage, '--stage', o.source) : undefined;
  const groupCol = o.subgroup ? findColumn(columns, o.subgroup, '--subgroup', o.source) : undefined;
  if (o.subgroup && o.subgroupSize) throw bad('Use either --subgroup or --subgroup-size, not both.');
  if (o.subgroupSize !== undefined && !(Number.isInteger(o.subgroupSize) && o.subgroupSize >= 1)) {
    throw bad(`--subgroup-size must be a whole number ≥ 1 (got ${o.subgroupSize}).`);
  }
  const attribute = o.chart === 'p' || o.chart === 'np' || o.chart === 'c' || o.chart === 'u';
  if (attribute && o.chart !== 'c' && !sizes) throw bad(`A ${o.chart.toUpperCase()} chart needs --size COL (items inspected or units per subgroup).`);
  if (!attribute && sizes) throw bad('--size applies only to attribute charts (p, np, c, u).');
  const n = values.length;
  const keyOf = (i: number): string =>
    groupCol ? label(groupCol, groupCol.values[i] ?? null) : o.subgroupSize ? String(Math.floor(i / o.subgroupSize) + 1) : String(i + 1);
  const order: string[] = [];
  const rows = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    let r = rows.get(k);
    if (!r) {
      r = [];
      rows.set(k, r);
      order.push(k);
    }
    r.push(i);
  }
  return order.map((k) => {
    const idx = rows.get(k)!;
    const first = idx[0]!;
    const stage = stageCol ? label(stageCol, stageCol.values[first] ?? null) : undefined;
    const tv = groupCol?.type === 'timestamp' ? groupCol.values[first] : undefined;
    const time = typeof tv === 'number' ? tv : undefined;
    if (attribute) {
      const count = idx.reduce((s, i) => s + values[i]!, 0);
      const size = sizes ? idx.reduce((s, i) => s + sizes[i]!, 0) : undefined;
      return { label: k, values: [count], size, stage, time };
    }
    return { label: k, values: idx.map((i) => values[i]!), stage, time };
  });
}
