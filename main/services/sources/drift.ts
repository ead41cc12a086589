import { AppError } from '../../../common/contract/errors';
import { psiBand, psiFromBinCounts } from '../../../common/domain/drift/psi';
import type { PsiResult } from '../../../common/domain/drift/psi';
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
