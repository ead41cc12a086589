import { AppError } from '../../../common/contract/errors';
import type { SlaEntry } from '../../../common/contract/schemas/ops';
import type { ReadContext } from '../../context';
import type { StoredSla } from '../../db/repositories/ops';
import { getDataset, readColumns } from '../datasets/access';
import type { OpsTable } from './inputs';
import { runSla } from './whatifs';

/**
 * An SLA register row's compliance from its source dataset (latest version): the rows where `match` holds (the
 * endpoint or provider the SLA is about), judged per window as `kaizen ops sla` judges a file, with breach minutes
 * attributed to the cause column when one is named. Data arrival is the p95 of the delay column, like latency.
 */
export function slaStatus(ctx: ReadContext, s: StoredSla): NonNullable<SlaEntry['status']> {
  const src = s.source!;
  const ds = getDataset(ctx, src.datasetId);
  const names = [...new Set([src.time, src.status, src.value, src.cause, src.match?.column].filter((c): c is string => !!c))];
  const cols = readColumns(ctx, src.datasetId, names);
  let keep: number[] | null = null;
  if (src.match) {
    const m = cols[src.match.column]!;
    keep = [];
    for (let i = 0; i < m.length; i++) if (m[i] !== null && String(m[i]) === src.match.value) keep.push(i);
    if (keep.length === 0) throw new AppError('BAD_INPUT', `Dataset "${ds.name}" has no rows where ${src.match.column} = "${src.match.value}".`);
  }
  const table: OpsTable = { where: `Dataset "${ds.name}"`, columns: names.map((name) => ({ name, values: keep ? keep.map((i) => cols[name]![i]!) : cols[name]! })) };
  const r = runSla(table, { time: src.time, metric: s.metric === 'availability' ? 'availability' : 'p95', target: s.target, window: s.window, status: src.status, latency: src.value, cause: src.cause });
  return { windows: r.windows, compliance: r.compliance, breaches: r.breaches };
}
