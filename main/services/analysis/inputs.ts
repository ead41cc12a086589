import { AppError } from '../../../common/contract/errors';
import { intersectionGroup } from '../../../common/domain/fairness/fairness';

/** A column as the importer hands it over (readTableFile or readColumns). */
export type RawColumn = Readonly<{ name: string; type?: string; values: readonly (number | string | boolean | null)[] }>;

export function findColumn(columns: readonly RawColumn[], name: string, where: string): RawColumn {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new AppError('BAD_INPUT', `${where} has no column "${name}" (columns: ${columns.map((x) => x.name).join(', ') || 'none'}).`, { column: name });
  return c;
}

/**
 * The finite numbers of a column for a numeric statistic. Empty cells are skipped (counted in `missing`);
 * a value that is not a number stops the analysis with its row and column named.
 */
export function numericValues(col: RawColumn, where: string): { values: Float64Array; missing: number } {
  const out = new Float64Array(col.values.length);
  let n = 0;
  let missing = 0;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    if (v === null || v === '') {
      missing++;
      continue;
    }
    const x = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number(String(v).trim());
    if (typeof v === 'string' && (String(v).trim() === '' || !Number.isFinite(x))) {
      throw new AppError(
        'BAD_INPUT',
        `${where}, column "${col.name}", row ${i + 1}: "${v}" is not a number; PSI and KS need numbers (use --categorical for categories).`,
        { column: col.name, row: i + 1 },
      );
    }
    if (!Number.isFinite(x)) {
      missing++;
      continue;
    }
    out[n++] = x;
  }
  return { values: out.subarray(0, n), missing };
}

/** Category values as strings; empty cells skipped. */
export function categoryValues(col: RawColumn): { values: string[]; missing: number } {
  const values: string[] = [];
  let missing = 0;
  for (const v of col.values) {
    if (v === null || v === '') missing++;
    else values.push(String(v));
  }
  return { values, missing };
}

export type FairnessInputSpec = Readonly<{
  label: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  group: string;
  /** A second group column: groups are "A × B" (intersectional); a row blank in either is skipped. */
  group2?: string;
  posLabel: string;
  /** Positive value of the prediction column when it differs from the label's (e.g. "flag" vs "fraud"). */
  predictionPosLabel?: string;
}>;

/**
 * Builds fairness rows: y = (label is the positive label), ŷ = (prediction is the positive label) or
 * (score ≥ threshold). Rows missing the label, the prediction/score or the group are skipped and counted.
 */
export function fairnessRows(
  columns: readonly RawColumn[],
  spec: FairnessInputSpec,
  where: string,
  isPositive: (v: unknown, pos: string) => boolean,
): { rows: { label: boolean; prediction: boolean; group: string }[]; skipped: number } {
  const label = findColumn(columns, spec.label, where);
  const group = findColumn(columns, spec.group, where);
  const group2 = spec.group2 !== undefined ? findColumn(columns, spec.group2, where) : null;
  const pred = spec.prediction !== undefined ? findColumn(columns, spec.prediction, where) : null;
  const score = spec.score !== undefined ? findColumn(columns, spec.score, where) : null;
  if (!pred && !score) throw new AppError('BAD_INPUT', 'Give a prediction column, or a score column with a threshold.');
  if (score && spec.threshold === undefined) throw new AppError('BAD_INPUT', 'A score column needs a threshold (predicted positive when score ≥ threshold).');
  const scores = score ? numericOrNull(score, where) : null;
  const rows: { label: boolean; prediction: boolean; group: string }[] = [];
  let skipped = 0;
  for (let i = 0; i < label.values.length; i++) {
    const y = label.values[i];
    const g = rowGroup(group, group2, i);
    const p = pred ? pred.values[i] : scores![i];
    if (y === null || y === '' || g === null || p === null || p === '') {
      skipped++;
      continue;
    }
    rows.push({
      label: isPositive(y, spec.posLabel),
      prediction: pred ? isPositive(p, spec.predictionPosLabel ?? spec.posLabel) : (p as number) >= spec.threshold!,
      group: g,
    });
  }
  return { rows, skipped };
}

/** A row's group: the value of the group column, or "A × B" with a second one; null when a value is blank. */
function rowGroup(group: RawColumn, group2: RawColumn | null, i: number): string | null {
  const g = group.values[i];
  if (g === null || g === '' || g === undefined) return null;
  if (!group2) return String(g);
  const h = group2.values[i];
  if (h === null || h === '' || h === undefined) return null;
  return intersectionGroup(String(g), String(h));
}

/**
 * Scored rows for the threshold sweep: (group, label, score) with count 1; rows with a blank label, group or score
 * are left out; a score that is not a number stops with its row named.
 */
export function sweepRows(
  columns: readonly RawColumn[],
  spec: Readonly<{ label: string; score: string; group: string; group2?: string; posLabel: string }>,
  where: string,
  isPositive: (v: unknown, pos: string) => boolean,
): { group: string; label: boolean; score: number; count: number }[] {
  const label = findColumn(columns, spec.label, where);
  const group = findColumn(columns, spec.group, where);
  const group2 = spec.group2 !== undefined ? findColumn(columns, spec.group2, where) : null;
  const scores = numericOrNull(findColumn(columns, spec.score, where), where);
  const out: { group: string; label: boolean; score: number; count: number }[] = [];
  for (let i = 0; i < label.values.length; i++) {
    const y = label.values[i];
    const g = rowGroup(group, group2, i);
    const s = scores[i];
    if (y === null || y === '' || g === null || s === null || s === undefined) continue;
    out.push({ group: g, label: isPositive(y, spec.posLabel), score: s, count: 1 });
  }
  return out;
}

function numericOrNull(col: RawColumn, where: string): (number | null)[] {
  return col.values.map((v, i) => {
    if (v === null || v === '') return null;
    const x = typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isFinite(x)) throw new AppError('BAD_INPUT', `${where}, column "${col.name}", row ${i + 1}: score "${String(v)}" is not a number.`, { column: col.name, row: i + 1 });
    return x;
  });
}
