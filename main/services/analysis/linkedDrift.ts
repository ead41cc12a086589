import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { DriftFeature, Window } from '../../../common/contract/schemas/analysis';
import { datasetDrift, numericColumnStats } from '../../../common/domain/drift/columnDrift';
import { psiBand } from '../../../common/domain/drift/psi';
import { toReport } from '../../../common/domain/drift/report';
import type { ServiceContext } from '../../context';
import { describeSampling, KS_SAMPLE_SIZE, psiOnSource, windowValuesOnSource } from '../sources/drift';
import { openDatasetSource } from '../sources/open';
import { datasetFor } from './data';
import type { Computed, Progress } from './data';

/**
 * The Drift analysis of a LINKED dataset (issue 21): per numeric feature, PSI with quantile bins on the Source
 * (psiOnSource: reference deciles by one aggregate, histogram() of both windows: no rows read into JavaScript) and
 * Evidently's column statistics (KS, Wasserstein, default test) from both windows' values read with sample(): every
 * value when a window holds ≤ 200,000 rows — the imported Drift analysis's numbers exactly — else a seeded sample of
 * 200,000 rows, stated per feature (`sampled`, `sampling`) and in the title. Windows are date ranges on one timestamp
 * column; value/version windows, categorical features and the other binnings are refused with what to do instead.
 */

type DriftOut = Omit<Output<'analysis-drift'>, 'resultId' | 'datasetVersionIds'>;

/** A linked drift feature: the imported shape plus how its values were drawn. */
export type LinkedDriftFeature = DriftFeature & Readonly<{ sampled: boolean; sampling: string }>;

const DAY = 86_400_000;
const NUMERIC = new Set(['integer', 'real', 'number']);
const unsupported = (what: string) => new AppError('UNSUPPORTED', `${what} is not available for a linked dataset yet (its rows stay in the linked source); import the file to use it.`);

function describeWindow(w: Window): string {
  if (w.kind === 'dates') return `${w.from}–${w.to}`;
  if (w.kind === 'version') return `version ${w.version}`;
  return `${w.column} = ${w.value}`;
}

/** A date window as the source's time range: inclusive whole UTC days. */
function windowOf(w: Window): { column: string; from: number; to: number } {
  if (w.kind === 'dates') return { column: w.column, from: Date.parse(`${w.from}T00:00:00Z`), to: Date.parse(`${w.to}T00:00:00Z`) + DAY };
  if (w.kind === 'value') throw unsupported('A drift window chosen by a column value (on a linked dataset, windows are date ranges)');
  throw unsupported('Comparing versions of a linked dataset (it has one version: its source as linked)');
}

export async function linkedDrift(ctx: ServiceContext, input: ParsedInput<'analysis-drift'>, progress: Progress, signal?: AbortSignal): Promise<Computed<DriftOut>> {
  if (input.binning !== 'quantile') throw unsupported(`PSI with ${input.binning} bins`);
  const ref = windowOf(input.reference);
  const cur = windowOf(input.current);
  if (ref.column !== cur.column) throw new AppError('BAD_INPUT', `Both windows of a linked dataset's drift use one timestamp column (got "${ref.column}" and "${cur.column}").`);
  const timeColumn = ref.column;
  // The dataset checked to belong to the event, then its source (a changed file: CONFLICT "… re-link …").
  datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const o = await openDatasetSource(ctx, input.datasetId, { signal });
  try {
    const columns = o.v.columns;
    const typeOf = (name: string) => columns.find((c) => c.name === name)?.type;
    if (!typeOf(timeColumn)) throw new AppError('NOT_FOUND', `Dataset "${o.datasetName}" has no column "${timeColumn}" (columns: ${columns.map((c) => c.name).join(', ')}).`, { column: timeColumn });
    if (typeOf(timeColumn) !== 'timestamp') throw new AppError('BAD_INPUT', `Date windows need a timestamp column, but "${timeColumn}" is ${typeOf(timeColumn)}.`);
    const range = (t: typeof ref) => ({ from: t.from, to: t.to });
    const windowColumns = new Set([timeColumn]);
    const skipped: { column: string; reason: string }[] = [];
    let chosen: string[];
    if (input.allColumns) {
      chosen = [];
      for (const c of columns) {
        if (windowColumns.has(c.name)) skipped.push({ column: c.name, reason: 'it defines the windows' });
        else if (c.type === 'timestamp') skipped.push({ column: c.name, reason: 'time column: each window covers its own dates, so its distribution always differs' });
        else if (!NUMERIC.has(c.type)) skipped.push({ column: c.name, reason: 'categorical: not compared on a linked dataset yet (import the file to compare its categories)' });
        else chosen.push(c.name);
      }
    } else chosen = [...new Set(input.features)];
    if (chosen.length === 0) throw new AppError('VALIDATION', input.allColumns ? `Dataset "${o.datasetName}" has no numeric column to compare on its linked source.` : 'Choose at least one feature.');
    for (const name of chosen) {
      const t = typeOf(name);
      if (!t) throw new AppError('NOT_FOUND', `Dataset "${o.datasetName}" has no column "${name}" (columns: ${columns.map((c) => c.name).join(', ')}).`, { column: name });
      if (input.categorical.includes(name) || !NUMERIC.has(t)) throw unsupported(`Categorical drift of "${name}"`);
    }
    const steps = 2 * chosen.length;
    let done = 0;
    const features: LinkedDriftFeature[] = [];
    const errors: { column: string; message: string }[] = [];
    let refRows = 0;
    let curRows = 0;
    let anySampled = false;
    for (const column of chosen) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'The drift analysis was cancelled.');
      const opts = { sampleSize: KS_SAMPLE_SIZE, seed: 1, signal };
      let r, c;
      try {
        r = await windowValuesOnSource(o.source, column, timeColumn, range(ref), 'reference', opts);
        c = await windowValuesOnSource(o.source, column, timeColumn, range(cur), 'current', opts);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'BAD_INPUT') throw e;
        errors.push({ column, message: `"${column}" has no values in the ${/reference/.test(e.message) ? 'reference' : 'current'} window.` });
        progress((done += 2), steps, `Skipped ${column}`);
        continue;
      }
      refRows = r.rows;
      curRows = c.rows;
      progress(++done, steps, `Read the values of ${column}`);
      const psi = await psiOnSource(o.source, column, timeColumn, range(ref), range(cur), { bins: input.bins ?? 10, signal });
      progress(++done, steps, `Compared the distributions of ${column}`);
      const stats = numericColumnStats(r.values, c.values);
      const sampled = r.sampled || c.sampled;
      anySampled ||= sampled;
      features.push({
        ...toReport(column, psi, input.threshold, false, stats.ks),
        band: psiBand(psi.psi),
        detail: psi,
        missing: r.rows - r.values.length + (c.rows - c.values.length),
        stats,
        sampled,
        sampling: `${describeSampling(r, 'reference', KS_SAMPLE_SIZE, 1)}; ${describeSampling(c, 'current', KS_SAMPLE_SIZE, 1)}`,
      });
    }
    if (refRows === 0 && features.length > 0) throw new AppError('BAD_INPUT', `The reference window (${describeWindow(input.reference)}) has no rows.`);
    features.sort((a, b) => b.psi - a.psi);
    const dataset = datasetDrift(features.map((f) => f.stats!.test.drift), input.driftShare);
    const title = `Drift: ${describeWindow(input.current)} vs ${describeWindow(input.reference)} (linked ${o.source.kind}${anySampled ? `; KS on a seeded sample of ${KS_SAMPLE_SIZE.toLocaleString('en-US')} rows per window` : ''})`;
    return { kind: 'drift', title, versionIds: [o.v.id], result: { referenceRows: refRows, currentRows: curRows, features, errors, skipped, datasetDrift: dataset } };
  } finally {
    await o.source.close();
  }
}
