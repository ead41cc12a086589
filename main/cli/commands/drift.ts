import { DEFAULT_DRIFT_SHARE } from '../../../common/domain/drift/columnDrift';
import { DEFAULT_PSI_THRESHOLD, driftReport } from '../../../common/domain/drift/report';
import { allColumnsDrift, allColumnsText } from './driftAll';
import type { PsiBinning } from '../../../common/domain/drift/psi';
import { readTableInput } from '../tableInput';
import { categoryValues, findColumn, numericValues } from '../../services/analysis/inputs';
import type { Command } from '../command';
import { EXIT, UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const BINNINGS: readonly PsiBinning[] = ['quantile', 'evidently', 'equal-width'];

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare a feature (or every column) between a reference and a current file: PSI with its bins, KS, Evidently tests',
  usage: [
    'kaizen drift --reference FILE --current FILE --column COL [--binning quantile|evidently|equal-width] [--bins N]',
    '             [--categorical] [--threshold T] [--fail-above X] [--json]',
    'kaizen drift --reference FILE --current FILE --all-columns [--drift-share S] [--fail-on-drift] [--binning …] [--bins N]',
    '             [--threshold T] [--fail-above X] [--json]',
    '  Instead of a FILE: --reference-dataset ID [--reference-version N] / --current-dataset ID [--current-version N]',
    '  with --data-dir DIR reads a stored dataset (imported, or linked to local files) from the store in DIR, read-only.',
    '',
    '  --binning      quantile (default: 10 reference-decile bins, open outer bins, empty bins ε = 0.0001),',
    '                 evidently (Evidently: Sturges bins over both files, or one bin per value when ≤ 20 unique),',
    '                 equal-width (N equal bins over the reference range, open outer bins)',
    '  --bins N       number of bins for quantile / equal-width (default 10; 2–100)',
    '  --categorical  one bin per category; no KS',
    '  --threshold T  PSI alert threshold (default 0.2); drift when PSI ≥ T',
    '  --fail-above X exit 1 when PSI > X (any column with --all-columns; without it the exit code stays 0)',
    '  --all-columns  every column both files have (time and free-text columns skipped, with the reason): PSI,',
    '                 KS + Wasserstein (numbers) or χ² + Jensen–Shannon (categories), Evidently\'s default test',
    '                 per column and the share of drifted columns',
    '  --drift-share S  dataset drift when the share of drifted columns ≥ S (default 0.5, as Evidently)',
    '  --fail-on-drift  exit 1 when the dataset drifts (--all-columns)',
    'Exit 2 for unknown columns, non-numeric values in a numeric column, or bad flags.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        reference: { type: 'string' },
        current: { type: 'string' },
        'reference-dataset': { type: 'string' },
        'reference-version': { type: 'string' },
        'current-dataset': { type: 'string' },
        'current-version': { type: 'string' },
        'data-dir': { type: 'string' },
        column: { type: 'string' },
        binning: { type: 'string' },
        bins: { type: 'string' },
        categorical: { type: 'boolean' },
        threshold: { type: 'string' },
        'fail-above': { type: 'string' },
        'all-columns': { type: 'boolean' },
        'drift-share': { type: 'string' },
        'fail-on-drift': { type: 'boolean' },
        json: { type: 'boolean' },
      });
      const all = !!values['all-columns'];
      if (all && (values.column !== undefined || values.categorical)) throw new UsageError('--all-columns compares every column: leave out --column and --categorical.');
      if (!all && (values['drift-share'] !== undefined || values['fail-on-drift'])) throw new UsageError('--drift-share and --fail-on-drift need --all-columns.');
      const column = all ? '' : requireFlag(values.column, '--column');
      const driftShare = numberFlag(values['drift-share'], '--drift-share') ?? DEFAULT_DRIFT_SHARE;
      if (!(driftShare > 0 && driftShare <= 1)) throw new UsageError(`--drift-share must be above 0 and at most 1 (got "${values['drift-share']}").`);
      const binning = (values.binning ?? 'quantile') as PsiBinning;
      if (!BINNINGS.includes(binning)) throw new UsageError(`--binning must be one of ${BINNINGS.join(', ')} (got "${values.binning}").`);
      const bins = numberFlag(values.bins, '--bins');
      if (bins !== undefined && (!Number.isInteger(bins) || bins < 2 || bins > 100)) throw new UsageError(`--bins must be a whole number from 2 to 100 (got "${values.bins}").`);
      if (bins !== undefined && binning === 'evidently') throw new UsageError('--bins does not apply to --binning evidently (Evidently picks Sturges bins itself).');
      const threshold = numberFlag(values.threshold, '--threshold') ?? DEFAULT_PSI_THRESHOLD;
      if (threshold <= 0) throw new UsageError(`--threshold must be greater than 0 (got "${values.threshold}").`);
      const failAbove = numberFlag(values['fail-above'], '--fail-above');
      if (failAbove !== undefined && failAbove < 0) throw new UsageError(`--fail-above must be 0 or more (got "${values['fail-above']}").`);
      const exitFor = (psi: number) => {
        if (failAbove === undefined || !(psi > failAbove)) return EXIT.ok;
        io.err(`kaizen: PSI ${fmt(psi)} is above ${failAbove} (--fail-above).`);
        return EXIT.findings;
      };
      const dataDir = values['data-dir'];
      const columns = all ? undefined : [column];
      // One after the other: each stored dataset opens the store read-only for its own read.
      const ref = await readTableInput(
        { file: values.reference, dataset: values['reference-dataset'], version: values['reference-version'], dataDir },
        { inputFlag: '--reference', datasetFlag: '--reference-dataset', versionFlag: '--reference-version', columns },
      );
      const cur = await readTableInput(
        { file: values.current, dataset: values['current-dataset'], version: values['current-version'], dataDir },
        { inputFlag: '--current', datasetFlag: '--current-dataset', versionFlag: '--current-version', columns },
      );
      if (all) {
        const rep = allColumnsDrift(ref, cur, { binning, bins, threshold, driftShare });
        if (rep.columns.length === 0) throw new UsageError(`No column to compare in ${ref.fileName} and ${cur.fileName} (${rep.skipped.map((k) => `${k.column}: ${k.reason}`).concat(rep.errors.map((e) => e.message)).join('; ')}).`);
        if (values.json) printJson(io, rep);
        else for (const line of allColumnsText(rep)) io.out(line);
        const code = exitFor(Math.max(...rep.columns.map((c) => c.psi)));
        if (values['fail-on-drift'] && rep.dataset_drift.drift) {
          io.err(`kaizen: dataset drift — ${rep.dataset_drift.drifted} of ${rep.dataset_drift.columns} columns drifted (--fail-on-drift).`);
          return EXIT.findings;
        }
        return code;
      }
      const refCol = findColumn(ref.columns, column, `${ref.fileName} (--reference)`);
      const curCol = findColumn(cur.columns, column, `${cur.fileName} (--current)`);
      const pick = values.categorical
        ? [categoryValues(refCol), categoryValues(curCol)]
        : [numericValues(refCol, `${ref.fileName} (--reference)`), numericValues(curCol, `${cur.fileName} (--current)`)];
      const [r, c] = pick as [{ values: ArrayLike<number> | string[]; missing: number }, { values: ArrayLike<number> | string[]; missing: number }];
      if (r.values.length === 0) throw new UsageError(`${ref.fileName}: column "${column}" has no values.`);
      if (c.values.length === 0) throw new UsageError(`${cur.fileName}: column "${column}" has no values.`);
      if (r.missing + c.missing > 0) io.err(`kaizen: skipped ${r.missing} empty value(s) in the reference and ${c.missing} in the current file.`);
      const report = driftReport(r.values as ArrayLike<number>, c.values as ArrayLike<number>, { column, binning, bins, categorical: !!values.categorical, threshold });
      const { band: _band, psiDetail: _detail, ...json } = report;
      if (values.json) {
        printJson(io, json);
        return exitFor(json.psi);
      }
      io.out(`${column}: PSI ${fmt(json.psi)} (${report.band}) — ${json.drift ? 'DRIFT' : 'no drift'} at threshold ${json.threshold} [${json.binning}]`);
      if (json.ks) io.out(`KS D = ${fmt(json.ks.statistic)}, p = ${json.ks.pvalue.toPrecision(4)} (${json.ks.method})`);
      io.out('bin\treference\tcurrent');
      for (const b of json.bins) io.out(`${b.label}\t${fmt(b.reference)}\t${fmt(b.current)}`);
      return exitFor(json.psi);
    }),
};
