import { categoricalStatsOf, datasetDrift, numericColumnStats } from '../../../common/domain/drift/columnDrift';
import type { ColumnStats } from '../../../common/domain/drift/columnDrift';
import type { PsiBinning } from '../../../common/domain/drift/psi';
import { psiBand } from '../../../common/domain/drift/psi';
import { driftReport } from '../../../common/domain/drift/report';
import type { TableData } from '../../importers/readTableFile';
import { categoryValues, numericValues } from '../../services/analysis/inputs';

/**
 * `kaizen drift --all-columns`: every column the two files share, each with PSI and Evidently's default test, and the
 * dataset-level share of drifted columns. The JSON shape is documented in the README (AI process analytics, CLI).
 */
type Column = TableData['columns'][number];
/** Booleans are compared as two categories (decile PSI edges collapse on two values), as analysis-drift with allColumns. */
const NUMERIC = new Set(['integer', 'real']);

/** Why a column is not compared, or null: time columns, free text, or a column missing from the current file. */
function skipReason(r: Column, c: Column | undefined): string | null {
  if (!c) return 'not in the current file';
  if (r.type === 'timestamp' || c.type === 'timestamp') return 'time column: each file covers its own dates, so its distribution always differs';
  if (r.type === 'text') return 'free text (identifiers, notes): not compared as categories';
  return null;
}

const withNull = (x: number) => (Number.isFinite(x) ? x : null);

function statsJson(s: ColumnStats) {
  return {
    ks: s.ks ?? null,
    wasserstein: s.wasserstein ? { distance: s.wasserstein.distance, reference_sd: s.wasserstein.referenceSd, normed: s.wasserstein.normed } : null,
    chi_square: s.chiSquare ? { statistic: withNull(s.chiSquare.statistic), df: s.chiSquare.df, pvalue: s.chiSquare.pvalue } : null,
    jensen_shannon: s.jensenShannon ?? null,
    test: { name: s.test.name, label: s.test.label, score: s.test.score, threshold: s.test.threshold, drift: s.test.drift },
  };
}

export type AllColumnsOptions = Readonly<{ binning: PsiBinning; bins?: number; threshold: number; driftShare: number }>;

export function allColumnsDrift(ref: TableData, cur: TableData, o: AllColumnsOptions) {
  const columns = [];
  const skipped: { column: string; reason: string }[] = [];
  const errors: { column: string; message: string }[] = [];
  for (const r of ref.columns) {
    const c = cur.columns.find((x) => x.name === r.name);
    const why = skipReason(r, c);
    if (why) {
      skipped.push({ column: r.name, reason: why });
      continue;
    }
    const numeric = NUMERIC.has(r.type) && NUMERIC.has(c!.type);
    const [rv, cv] = numeric ? [numericValues(r, `${ref.fileName} (--reference)`), numericValues(c!, `${cur.fileName} (--current)`)] : [categoryValues(r), categoryValues(c!)];
    if (rv.values.length === 0 || cv.values.length === 0) {
      errors.push({ column: r.name, message: `"${r.name}" has no values in the ${rv.values.length === 0 ? 'reference' : 'current'} file.` });
      continue;
    }
    const rep = driftReport(rv.values as ArrayLike<number>, cv.values as ArrayLike<number>, { column: r.name, binning: o.binning, bins: o.bins, categorical: !numeric, threshold: o.threshold });
    const stats = numeric ? numericColumnStats(rv.values as Float64Array, cv.values as Float64Array) : categoricalStatsOf(rv.values as string[], cv.values as string[]);
    columns.push({
      column: r.name,
      kind: stats.kind,
      reference_count: stats.referenceCount,
      current_count: stats.currentCount,
      missing: rv.missing + cv.missing,
      binning: rep.binning,
      psi: rep.psi,
      psi_band: psiBand(rep.psi),
      drift: rep.drift,
      ...statsJson(stats),
    });
  }
  columns.sort((a, b) => b.psi - a.psi);
  const d = datasetDrift(columns.map((c) => c.test.drift), o.driftShare);
  return { columns, dataset_drift: d, threshold: o.threshold, skipped, errors };
}

export type AllColumnsReport = ReturnType<typeof allColumnsDrift>;

const f = (x: number | null, digits = 3) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const score = (name: string, x: number) => (name === 'wasserstein' || name === 'jensenshannon' ? f(x, 3) : x.toPrecision(3));

/** The text form: one line per column, then the dataset verdict. */
export function allColumnsText(rep: AllColumnsReport): string[] {
  const out = ['column\tkind\tPSI\ttest\tscore\tthreshold\tverdict'];
  for (const c of rep.columns) out.push(`${c.column}\t${c.kind}\t${f(c.psi)}\t${c.test.label}\t${score(c.test.name, c.test.score)}\t${c.test.threshold}\t${c.test.drift ? 'DRIFT' : 'no drift'}`);
  for (const k of rep.skipped) out.push(`${k.column}\tskipped: ${k.reason}`);
  for (const e of rep.errors) out.push(`${e.column}\t${e.message}`);
  const d = rep.dataset_drift;
  out.push(`Dataset drift: ${d.drifted} of ${d.columns} columns drifted (${(d.share * 100).toFixed(0)} %); threshold share ${d.threshold} → ${d.drift ? 'DATASET DRIFT' : 'no dataset drift'}`);
  return out;
}
