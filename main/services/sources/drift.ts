import { AppError } from '../../../common/contract/errors';
import { psiBand, psiFromBinCounts } from '../../../common/domain/drift/psi';
import type { PsiResult } from '../../../common/domain/drift/psi';
import { ksTwoSample } from '../../../common/domain/drift/ks';
import type { KsResult } from '../../../common/domain/drift/ks';
import type { AggregateQuery, Condition } from '../../../common/domain/sources/queryTree';
import type { Source } from './source';

/**
 * PSI of a numeric column between a reference and a current window of ANY source, without reading its rows into
 * JavaScript: the reference's type-7 deciles (one quantile aggregate; tied edges merged, as psiQuantile does) are the
 * inner edges, then histogram() counts both windows into those bins (one scan each), and psiFromBinCounts gives the
 * same bins, ε fill and PSI as psiQuantile on the same rows. (DuckDB's interpolation can differ from ours in the last
 * bit of an edge, so a value within one ulp of an edge could fall in the neighbouring bin.)
 */

export type Window = Readonly<{ from?: number; to?: number }>;

export type SourcePsi = PsiResult & Readonly<{ band: ReturnType<typeof psiBand>; queryText: string; quantileMethod: string }>;

export async function psiOnSource(
  source: Source,
  column: string,
  timeColumn: string,
  reference: Window,
  current: Window,
  opts: { filters?: readonly Condition[]; bins?: number; signal?: AbortSignal } = {},
): Promise<SourcePsi> {
  const nBins = opts.bins ?? 10;
  const probs = Array.from({ length: nBins - 1 }, (_, k) => (k + 1) / nBins);
  const refWindow = { column: timeColumn, ...reference };
  const q: AggregateQuery = { window: refWindow, filters: opts.filters, measures: [{ kind: 'quantiles', column, probs }], quantiles: 'exact' };
  const deciles = await source.aggregate(q, opts.signal);
  const values = deciles.rows[0]?.cells[0]?.values ?? [];
  if (values.length === 0 || values.some((v) => v === null)) throw new AppError('BAD_INPUT', `The reference window has no numeric values of "${column}" to place the PSI bins.`);
  const inner: number[] = [];
  for (const v of values as number[]) if (inner.length === 0 || v > inner[inner.length - 1]!) inner.push(v);
  const ref = await source.histogram(column, inner, opts.signal, { filters: opts.filters, window: refWindow });
  const cur = await source.histogram(column, inner, opts.signal, { filters: opts.filters, window: { column: timeColumn, ...current } });
  const nRef = ref.counts.reduce((a, b) => a + b, 0);
  const nCur = cur.counts.reduce((a, b) => a + b, 0);
  const r = psiFromBinCounts('quantile', [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY], [...ref.counts], [...cur.counts], nRef, nCur);
  return { ...r, band: psiBand(r.psi), queryText: `${deciles.queryText};\n${ref.queryText}`, quantileMethod: deciles.quantileMethod };
}

/** KS of a source: exact when each window holds at most `sampleSize` rows, else on a seeded sample (stated). */
export type SourceKs = KsResult &
  Readonly<{
    /** Values the statistic was computed from, per window (finite numbers only). */
    referenceN: number;
    currentN: number;
    /** Rows in each window (after filters), whatever was drawn. */
    referenceRows: number;
    currentRows: number;
    /** false: every value of both windows (the imported path's KS exactly); true: a seeded sample of a window. */
    sampled: boolean;
    /** How the values were drawn, in words (for the result and the UI label). */
    sampling: string;
    queryText: string;
  }>;

export const KS_SAMPLE_SIZE = 200_000;

export type WindowValues = Readonly<{ rows: number; values: number[]; sampled: boolean; queryText: string }>;

/**
 * A numeric column's finite values in one window of a source (any order): every value when the window holds at most
 * `sampleSize` rows, else a seeded sample of `sampleSize` rows. `rows` counts the window's rows (after filters).
 */
export async function windowValuesOnSource(
  source: Source,
  column: string,
  timeColumn: string,
  w: Window,
  name: 'reference' | 'current',
  opts: { filters?: readonly Condition[]; sampleSize?: number; seed?: number; signal?: AbortSignal } = {},
): Promise<WindowValues> {
  const n = opts.sampleSize ?? KS_SAMPLE_SIZE;
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('BAD_INPUT', `A KS sample size must be a positive integer (got ${n}).`);
  const window = { column: timeColumn, ...w };
  // The window's row count decides exact vs sampled (a source's sample() reports the rows of the whole source).
  const count = await source.aggregate({ window, filters: opts.filters, measures: [{ kind: 'count' }], quantiles: 'exact' }, opts.signal);
  const rows = count.rows[0]?.cells[0]?.n ?? 0;
  const got = await source.sample([column], n, seed, opts.signal, { filters: opts.filters, window });
  const values: number[] = [];
  for (const x of got.columns[column] ?? []) {
    const v = typeof x === 'string' && x.trim() !== '' ? Number(x) : x;
    if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) throw new AppError('BAD_INPUT', `The ${name} window has no numeric values of "${column}" to compare.`);
  return { rows, values, sampled: rows > n, queryText: got.queryText };
}

/** How a window's values were drawn, in words. */
export function describeSampling(s: Pick<WindowValues, 'rows' | 'sampled'>, name: string, n: number, seed: number): string {
  return s.sampled ? `${name}: a seeded sample of ${n.toLocaleString('en-US')} of ${s.rows.toLocaleString('en-US')} rows (seed ${seed})` : `${name}: all ${s.rows.toLocaleString('en-US')} rows`;
}

/**
 * Two-sample KS of a numeric column between a reference and a current window of ANY source. KS needs both windows'
 * values (their order does not matter), so each window is read with sample(): a window of ≤ `sampleSize` rows comes
 * back whole (sample() returns every row then) and the result is the imported path's ksTwoSample on the same values;
 * a larger window is a seeded sample of `sampleSize` rows (the same seed and file give the same sample), and the
 * result says so (`sampled: true` and the sampling in words). Memory: at most `sampleSize` values per window.
 */
export async function ksOnSource(
  source: Source,
  column: string,
  timeColumn: string,
  reference: Window,
  current: Window,
  opts: { filters?: readonly Condition[]; sampleSize?: number; seed?: number; signal?: AbortSignal } = {},
): Promise<SourceKs> {
  const n = opts.sampleSize ?? KS_SAMPLE_SIZE;
  const seed = opts.seed ?? 1;
  const side = (w: Window, name: 'reference' | 'current') => windowValuesOnSource(source, column, timeColumn, w, name, { ...opts, sampleSize: n, seed });
  const ref = await side(reference, 'reference');
  const cur = await side(current, 'current');
  const ks = ksTwoSample(ref.values, cur.values);
  const sampled = ref.sampled || cur.sampled;
  return {
    ...ks,
    referenceN: ref.values.length,
    currentN: cur.values.length,
    referenceRows: ref.rows,
    currentRows: cur.rows,
    sampled,
    sampling: `${describeSampling(ref, 'reference', n, seed)}; ${describeSampling(cur, 'current', n, seed)}`,
    queryText: `${ref.queryText};\n${cur.queryText}`,
  };
}
