import type { ParsedInput } from '../../../common/contract/api';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { addRows, emptyCounts, intersectionGroup, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import type { ScoredCount } from '../../../common/domain/fairness/sweep';
import type { ReadContext } from '../../context';
import { requireVersion } from '../datasets/access';
import { sideSql } from './driftSql';
import type { SideSql } from './driftSql';

type FairnessInput = ParsedInput<'analysis-fairness'>;
const blank = (x: unknown) => x === null || x === '';

/** The group of a row: the group column's value, or "A × B" with a second group column; null when either is blank. */
export function groupKey(g: unknown, g2: unknown, intersectional: boolean): string | null {
  if (blank(g) || (intersectional && blank(g2))) return null;
  return intersectional ? intersectionGroup(String(g), String(g2)) : String(g);
}

/** True when the score column is stored as numbers (SQL can compare it); a text column needs the per-row check. */
function numericScore(ctx: ReadContext, ds: DatasetInfo, score: string): boolean {
  const { v } = requireVersion(ctx, ds.id, ds.version);
  const type = v.columns.find((c) => c.name === score)?.type;
  return !!type && ['integer', 'real', 'timestamp', 'boolean'].includes(type);
}

function side(ctx: ReadContext, ds: DatasetInfo, input: FairnessInput, columns: (string | undefined)[]): SideSql {
  const w = input.window ?? { kind: 'version' as const, version: ds.version };
  return sideSql(ctx, ds, w, columns.filter((c): c is string => !!c));
}

/**
 * Fairness counts in bounded memory (issue 15): one GROUP BY over (label, prediction, group[, group2]) in the window —
 * distinct combinations, not rows, come into JavaScript — and each combination is judged as the in-memory
 * path judges a row (isPositive on the same value, score ≥ threshold, blanks skipped), so the counts and every
 * rate are the same. Null when the score column is stored as text: its values need the in-memory path's
 * per-row check (a value that is not a number is an error naming its row).
 */
export function fairnessCountsInSql(ctx: ReadContext, ds: DatasetInfo, input: FairnessInput): { byGroup: Map<string, RateCounts>; skipped: number } | null {
  const useScore = !input.prediction;
  // The columns in the order the in-memory path read them, so an unknown one is named the same way.
  const s = side(ctx, ds, input, [input.label, input.prediction, input.score, input.group, input.group2]);
  if (useScore && !numericScore(ctx, ds, input.score!)) return null;
  const y = s.col(input.label);
  const g = s.col(input.group);
  const g2 = input.group2 ? s.col(input.group2) : 'NULL';
  const p = useScore ? `CASE WHEN ${s.col(input.score!)} IS NULL THEN NULL ELSE ${s.col(input.score!)} >= ? END` : s.col(input.prediction!);
  const params = useScore ? [input.threshold!, ...s.params] : s.params;
  const rows = ctx.db.prepare(`SELECT ${y}, ${p}, ${g}, ${g2}, count(*) FROM ${s.from} WHERE ${s.filter} GROUP BY 1, 2, 3, 4`).raw().all(...params) as [unknown, unknown, unknown, unknown, number][];
  const byGroup = new Map<string, RateCounts>();
  let skipped = 0;
  for (const [label, pred, group, group2, k] of rows) {
    const key = groupKey(group, group2, !!input.group2);
    if (blank(label) || key === null || blank(pred)) {
      skipped += k;
      continue;
    }
    let c = byGroup.get(key);
    if (!c) byGroup.set(key, (c = emptyCounts()));
    addRows(c, isPositive(label, input.posLabel), useScore ? pred === 1 : isPositive(pred, input.predictionPosLabel ?? input.posLabel), k);
  }
  return { byGroup, skipped };
}

/**
 * Rows per (group, label, score) for the threshold sweep, from one GROUP BY (distinct scores, not rows); rows with
 * a blank label, group or score are left out. Null when the score column is stored as text (in-memory path).
 */
export function sweepPointsInSql(ctx: ReadContext, ds: DatasetInfo, input: FairnessInput & { score: string }): ScoredCount[] | null {
  const s = side(ctx, ds, input, [input.label, input.score, input.group, input.group2]);
  if (!numericScore(ctx, ds, input.score)) return null;
  const y = s.col(input.label);
  const g = s.col(input.group);
  const g2 = input.group2 ? s.col(input.group2) : 'NULL';
  const sc = s.col(input.score);
  const rows = ctx.db
    .prepare(`SELECT ${y}, ${g}, ${g2}, ${sc}, count(*) FROM ${s.from} WHERE ${s.filter} AND typeof(${sc}) IN ('integer','real') GROUP BY 1, 2, 3, 4`)
    .raw()
    .all(...s.params) as [unknown, unknown, unknown, number, number][];
  const out: ScoredCount[] = [];
  for (const [label, group, group2, score, count] of rows) {
    const key = groupKey(group, group2, !!input.group2);
    if (blank(label) || key === null || !Number.isFinite(score)) continue;
    out.push({ group: key, label: isPositive(label, input.posLabel), score, count });
  }
  return out;
}
