import type { ParsedInput } from '../../../common/contract/api';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { addRows, emptyCounts, isPositive } from '../../../common/domain/fairness/fairness';
import type { RateCounts } from '../../../common/domain/fairness/fairness';
import type { ReadContext } from '../../context';
import { requireVersion } from '../datasets/access';
import { sideSql } from './driftSql';

/**
 * Fairness counts in bounded memory (issue 15): one GROUP BY over (label, prediction, group) in the window —
 * distinct combinations, not rows, come into JavaScript — and each combination is judged as the in-memory
 * path judges a row (isPositive on the same value, score ≥ threshold, blanks skipped), so the counts and every
 * rate are the same. Null when the score column is stored as text: its values need the in-memory path's
 * per-row check (a value that is not a number is an error naming its row).
 */
export function fairnessCountsInSql(ctx: ReadContext, ds: DatasetInfo, input: ParsedInput<'analysis-fairness'>): { byGroup: Map<string, RateCounts>; skipped: number } | null {
  const w = input.window ?? { kind: 'version' as const, version: ds.version };
  const useScore = !input.prediction;
  // The columns in the order the in-memory path read them, so an unknown one is named the same way.
  const side = sideSql(ctx, ds, w, [input.label, input.prediction, input.score, input.group].filter((c): c is string => !!c));
  if (useScore) {
    const { v } = requireVersion(ctx, ds.id, ds.version);
    const type = v.columns.find((c) => c.name === input.score)?.type;
    if (!type || !['integer', 'real', 'timestamp', 'boolean'].includes(type)) return null;
  }
  const y = side.col(input.label);
  const g = side.col(input.group);
  const p = useScore ? `CASE WHEN ${side.col(input.score!)} IS NULL THEN NULL ELSE ${side.col(input.score!)} >= ? END` : side.col(input.prediction!);
  const params = useScore ? [input.threshold!, ...side.params] : side.params;
  const rows = ctx.db.prepare(`SELECT ${y}, ${p}, ${g}, count(*) FROM ${side.from} WHERE ${side.filter} GROUP BY 1, 2, 3`).raw().all(...params) as [unknown, unknown, unknown, number][];
  const byGroup = new Map<string, RateCounts>();
  let skipped = 0;
  const blank = (x: unknown) => x === null || x === '';
  for (const [label, pred, group, k] of rows) {
    if (blank(label) || blank(group) || blank(pred)) {
      skipped += k;
      continue;
    }
    const key = String(group);
    let c = byGroup.get(key);
    if (!c) byGroup.set(key, (c = emptyCounts()));
    addRows(c, isPositive(label, input.posLabel), useScore ? pred === 1 : isPositive(pred, input.predictionPosLabel ?? input.posLabel), k);
  }
  return { byGroup, skipped };
}
