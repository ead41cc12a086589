import { AppError } from '../../../../common/contract/errors';
import { conditionHolds, evaluateAggregate, queryColumns } from '../../../../common/domain/sources/evaluate';
import type { Cell } from '../../../../common/domain/sources/evaluate';
import type { AggregateQuery, SourceColumnType } from '../../../../common/domain/sources/queryTree';
import type { ReadContext } from '../../../context';
import type { VersionRow } from '../../../db/repositories/datasets';
import { versionSelect } from '../../datasets/access';
import type { Fingerprint, HistogramResult, SampleResult, Source } from '../source';

/**
 * The imported SQLite table (today's path) behind the Source interface: the version's typed table(s) read column by
 * column in one transaction (as datasets/access readColumns does), the query tree evaluated in JavaScript
 * (common/domain/sources/evaluate: type-7 quantiles, the KPI filters' meaning). The KPI board's own SQL path
 * (kpi/sql.ts) and the chart readers (spc/datasetColumns.ts) stay as they are for imported datasets; this source
 * is what the other sources are compared with, and what source-generic code reads an imported dataset through.
 */

const cancelled = () => new AppError('CANCELLED', 'The query was cancelled; nothing was saved.');

export function createSqliteSource(ctx: ReadContext, v: VersionRow, label: string): Source {
  const byName = new Map(v.columns.map((c) => [c.name, c]));
  const sqlName = (name: string) => {
    const c = byName.get(name);
    if (!c) throw new AppError('NOT_FOUND', `Dataset "${label}" has no column "${name}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`, { column: name });
    return c.sqlName;
  };
  const read = (names: readonly string[], signal?: AbortSignal): { cols: Record<string, Cell[]>; n: number } => {
    if (signal?.aborted) throw cancelled();
    const sql = names.map(sqlName);
    const arrays = ctx.db.transaction(() => sql.map((c) => ctx.db.prepare(versionSelect(ctx, v, [c])).pluck().all() as Cell[]))();
    const cols: Record<string, Cell[]> = {};
    names.forEach((n, j) => {
      cols[n] = arrays[j]!;
    });
    const n = arrays[0]?.length ?? (ctx.db.prepare(`SELECT count(*) FROM (${versionSelect(ctx, v, [])})`).pluck().get() as number);
    return { cols, n };
  };
  /** Row indexes kept by filters and window (the same meaning as the aggregate). */
  const kept = (cols: Record<string, Cell[]>, n: number, opts: Pick<AggregateQuery, 'filters' | 'window'>): number[] => {
    const out: number[] = [];
    const w = opts.window;
    const t = w ? cols[w.column]! : null;
    for (let i = 0; i < n; i++) {
      if (t) {
        const x = t[i];
        if (typeof x !== 'number' || !Number.isFinite(x) || x < (w!.from ?? -Infinity) || x >= (w!.to ?? Infinity)) continue;
      }
      if ((opts.filters ?? []).every((f) => conditionHolds(cols[f.column]![i], f))) out.push(i);
    }
    return out;
  };
  const optColumns = (opts: Pick<AggregateQuery, 'filters' | 'window'>) => [...(opts.filters ?? []).map((f) => f.column), ...(opts.window ? [opts.window.column] : [])];

  return {
    kind: 'sqlite',
    location: `${label} (version ${v.version}, imported)`,
    capabilities: { quantile: 'type7', sampling: false, cancel: false },
    async schema() {
      return { columns: v.columns.map((c) => ({ name: c.name, type: c.type as SourceColumnType, nativeType: c.type })), rowCount: v.rowCount };
    },
    async aggregate(q, signal) {
      const names = queryColumns(q);
      const { cols, n } = read(names.length > 0 ? names : [v.columns[0]!.name], signal);
      return evaluateAggregate(cols, n, q, `SQLite: ${versionSelect(ctx, v, names.map(sqlName))}; aggregated in JavaScript (type 7)`);
    },
    async sample(columns, n, seed, signal, opts = {}): Promise<SampleResult> {
      const names = [...new Set([...columns, ...optColumns(opts)])];
      const { cols, n: total } = read(names, signal);
      const idx = kept(cols, total, opts);
      // Seeded reservoir (Algorithm R, xorshift32) over the kept rows, in row order: the same seed gives the same rows.
      let pick = idx;
      if (idx.length > n) {
        const res = idx.slice(0, n);
        let r = (0x9e3779b9 ^ Math.imul(seed, 0x85ebca6b)) >>> 0 || 1;
        for (let k = n; k < idx.length; k++) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          r >>>= 0;
          const j = Math.floor((r / 4294967296) * (k + 1));
          if (j < n) res[j] = idx[k]!;
        }
        pick = res.sort((a, b) => a - b);
      }
      const out: Record<string, Cell[]> = {};
      for (const c of columns) out[c] = pick.map((i) => cols[c]![i] ?? null);
      return { columns: out, totalRows: idx.length, sampled: idx.length > n, queryText: `SQLite: seeded reservoir of ${n} rows in JavaScript (seed ${seed})` };
    },
    async histogram(column, innerEdges, signal, opts = {}): Promise<HistogramResult> {
      const { cols, n } = read([...new Set([column, ...optColumns(opts)])], signal);
      const counts = new Array<number>(innerEdges.length + 1).fill(0);
      let missing = 0;
      const x = cols[column]!;
      for (const i of kept(cols, n, opts)) {
        const c = x[i];
        if (typeof c !== 'number' || !Number.isFinite(c)) {
          missing++;
          continue;
        }
        let b = 0;
        while (b < innerEdges.length && innerEdges[b]! <= c) b++;
        counts[b]!++;
      }
      return { counts, missing, queryText: `SQLite: ${column} binned in JavaScript` };
    },
    async fingerprint(): Promise<Fingerprint> {
      return { value: v.sha256, parts: { versionId: v.id, rows: v.rowCount, sha256: v.sha256 } };
    },
    async close() {},
  };
}
