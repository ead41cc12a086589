import { bootstrapFairness } from '../../../common/domain/fairness/bootstrap';
import { addRows, emptyCounts, fairnessFromCounts, isPositive, sampleSizeIssues, SMALL_CLASS, SMALL_GROUP } from '../../../common/domain/fairness/fairness';
import type { GroupRates, RateCounts } from '../../../common/domain/fairness/fairness';
import { SWEEP_STEPS, sweepThresholds, thresholdSweep } from '../../../common/domain/fairness/sweep';
import type { ThresholdSweep } from '../../../common/domain/fairness/sweep';
import { DATASET_OPTIONS, readTableInput } from '../tableInput';
import { fairnessRows, sweepRows } from '../../services/analysis/inputs';
import type { Command } from '../command';
import { UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const pickRates = (g: GroupRates) => ({ count: g.count, selection_rate: g.selection_rate, tpr: g.tpr, fpr: g.fpr });
const show = (x: number | null) => (x === null ? 'undefined' : x.toFixed(4));

/** A whole-number flag within [min, max]. */
function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  const n = numberFlag(value, flag);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

export const fairnessCommand: Command = {
  name: 'fairness',
  summary: 'Group fairness of predictions: selection rate, TPR, FPR, demographic parity, equalized odds',
  usage: [
    'kaizen fairness (--input FILE | --dataset ID --data-dir DIR [--version N]) --label COL (--prediction COL | --score COL --threshold T) --group COL',
    '                [--group2 COL] [--pos-label V] [--bootstrap B [--seed N] [--level L]] [--sweep [--sweep-steps N]] [--json]',
    '',
    '  --pos-label V    the positive class in the label and prediction columns (default 1)',
    '  --score/--threshold  predicted positive when score ≥ T',
    '  --group2 COL     a second group column: intersectional groups "A × B"',
    '  --bootstrap B    percentile-bootstrap intervals from B resamples (100–10000), rows redrawn within each group;',
    '                   --seed N (default 1: the same seed gives the same intervals), --level L (default 0.95)',
    '  --sweep          selection rate and TPR per group for thresholds across the score range (needs --score;',
    `                   --sweep-steps N, default ${SWEEP_STEPS})`,
    `Groups with fewer than ${SMALL_GROUP} rows or fewer than ${SMALL_CLASS} positives or negatives are flagged (small_groups).`,
    'Fairlearn semantics; undefined rates are null with a warning. Exit 2 for unknown columns, fewer than 2 groups.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        input: { type: 'string' },
        ...DATASET_OPTIONS,
        label: { type: 'string' },
        prediction: { type: 'string' },
        score: { type: 'string' },
        threshold: { type: 'string' },
        group: { type: 'string' },
        group2: { type: 'string' },
        'pos-label': { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        level: { type: 'string' },
        sweep: { type: 'boolean' },
        'sweep-steps': { type: 'string' },
        json: { type: 'boolean' },
      });
      const label = requireFlag(values.label, '--label');
      const group = requireFlag(values.group, '--group');
      const threshold = numberFlag(values.threshold, '--threshold');
      if (values.prediction !== undefined && values.score !== undefined) throw new UsageError('Give either --prediction or --score with --threshold, not both.');
      if (values.prediction === undefined && values.score === undefined) throw new UsageError('--prediction (or --score with --threshold) is required.');
      if (values.score !== undefined && threshold === undefined) throw new UsageError('--score needs --threshold (predicted positive when score ≥ threshold).');
      if (values.score === undefined && threshold !== undefined) throw new UsageError('--threshold only applies with --score.');
      if (values.group2 !== undefined && values.group2 === group) throw new UsageError(`--group2 must name another column than --group (both are "${group}").`);
      const resamples = intFlag(values.bootstrap, '--bootstrap', 100, 10_000);
      const seed = intFlag(values.seed, '--seed', 0, 4_294_967_295);
      const level = numberFlag(values.level, '--level');
      if (resamples === undefined && (seed !== undefined || level !== undefined)) throw new UsageError('--seed and --level only apply with --bootstrap B.');
      if (level !== undefined && !(level >= 0.5 && level <= 0.999)) throw new UsageError(`--level must be from 0.5 to 0.999 (got "${values.level}").`);
      const steps = intFlag(values['sweep-steps'], '--sweep-steps', 2, 201);
      if (steps !== undefined && !values.sweep) throw new UsageError('--sweep-steps only applies with --sweep.');
      if (values.sweep && values.score === undefined) throw new UsageError('--sweep needs --score (it moves the threshold of score ≥ threshold).');
      const table = await readTableInput({ file: values.input, dataset: values.dataset, version: values.version, dataDir: values['data-dir'] });
      const spec = { label, prediction: values.prediction, score: values.score, threshold, group, group2: values.group2, posLabel: values['pos-label'] ?? '1' };
      const { rows, skipped } = fairnessRows(table.columns, spec, table.fileName, isPositive);
      const byGroup = new Map<string, RateCounts>();
      for (const x of rows) {
        let c = byGroup.get(x.group);
        if (!c) byGroup.set(x.group, (c = emptyCounts()));
        addRows(c, x.label, x.prediction);
      }
      const groupName = values.group2 ? `${group} × ${values.group2}` : group;
      if (byGroup.size < 2) throw new UsageError(`${table.fileName}: column${values.group2 ? 's' : ''} "${groupName}" ha${values.group2 ? 've' : 's'} ${byGroup.size} group(s) with data; fairness needs at least 2.`);
      const r = fairnessFromCounts(byGroup);
      const warnings = skipped ? [`${skipped} row(s) skipped: missing label, prediction or group.`, ...r.warnings] : [...r.warnings];
      const coding = (col: string | undefined, hits: boolean) => {
        if (!col || hits) return;
        const seen = [...new Set(table.columns.find((c) => c.name === col)!.values.filter((v) => v !== null).map(String))].slice(0, 6);
        warnings.unshift(`No value of "${col}" equals the positive label "${spec.posLabel}" (values seen: ${seen.join(', ')}); check --pos-label.`);
      };
      coding(label, rows.some((x) => x.label));
      coding(values.prediction, rows.some((x) => x.prediction));
      const small = r.groups.map((g) => ({ group: g.group, issues: sampleSizeIssues(g) })).filter((g) => g.issues.length > 0);
      const intervals = resamples === undefined ? undefined : bootstrapFairness(byGroup, { resamples, ...(seed === undefined ? {} : { seed }), ...(level === undefined ? {} : { level }) });
      let sweep: ThresholdSweep | undefined;
      if (values.sweep) {
        const points = sweepRows(table.columns, { ...spec, score: values.score! }, table.fileName, isPositive);
        if (points.length === 0) throw new UsageError(`${table.fileName}: column "${values.score}" has no scores in rows with a label and group; nothing to sweep.`);
        let min = Infinity;
        let max = -Infinity;
        for (const p of points) {
          min = Math.min(min, p.score);
          max = Math.max(max, p.score);
        }
        sweep = thresholdSweep(points, sweepThresholds(min, max, steps ?? SWEEP_STEPS));
      }
      const json = {
        groups: r.groups.map((g) => ({ group: g.group, ...pickRates(g) })),
        demographic_parity_difference: r.demographic_parity_difference,
        demographic_parity_ratio: r.demographic_parity_ratio,
        equalized_odds_difference: r.equalized_odds_difference,
        equalized_odds_ratio: r.equalized_odds_ratio,
        overall: pickRates(r.overall),
        to_overall: r.to_overall,
        warnings,
        small_groups: small,
        ...(intervals ? { intervals } : {}),
        ...(sweep ? { sweep } : {}),
      };
      if (values.json) {
        printJson(io, json);
        return 0;
      }
      const ci = (i: readonly [number, number] | null | undefined) => (i ? ` [${i[0].toFixed(4)}, ${i[1].toFixed(4)}]` : '');
      const issuesOf = new Map(small.map((g) => [g.group, g.issues.join(', ')]));
      io.out(`group\tcount\tselection_rate\ttpr\tfpr\tsample`);
      for (const g of json.groups) {
        const i = intervals?.groups.find((x) => x.group === g.group);
        io.out(`${g.group}\t${g.count}\t${show(g.selection_rate)}${ci(i?.selection_rate)}\t${show(g.tpr)}${ci(i?.tpr)}\t${show(g.fpr)}${ci(i?.fpr)}\t${issuesOf.has(g.group) ? `small: ${issuesOf.get(g.group)}` : 'ok'}`);
      }
      const d = intervals?.disparities;
      io.out(`demographic parity difference ${show(json.demographic_parity_difference)}${ci(d?.demographic_parity_difference)}, ratio ${show(json.demographic_parity_ratio)}${ci(d?.demographic_parity_ratio)}`);
      io.out(`equalized odds difference ${show(json.equalized_odds_difference)}${ci(d?.equalized_odds_difference)}, ratio ${show(json.equalized_odds_ratio)}${ci(d?.equalized_odds_ratio)}`);
      if (intervals) io.out(`intervals: ${intervals.level * 100} % percentile bootstrap, ${intervals.resamples} resamples within each group, seed ${intervals.seed}`);
      if (sweep) {
        io.out(`threshold\t${sweep.groups.map((g) => `${g.group} sel\t${g.group} tpr`).join('\t')}`);
        sweep.thresholds.forEach((t, k) => io.out(`${t}\t${sweep.groups.map((g) => `${show(g.selection_rate[k] ?? null)}\t${show(g.tpr[k] ?? null)}`).join('\t')}`));
      }
      for (const w of warnings) io.err(`warning: ${w}`);
      return 0;
    }),
};
