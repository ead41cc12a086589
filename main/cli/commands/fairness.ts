import { fairnessMetrics, isPositive } from '../../../common/domain/fairness/fairness';
import type { GroupRates } from '../../../common/domain/fairness/fairness';
import { readTableFile } from '../../importers/readTableFile';
import { fairnessRows } from '../../services/analysis/inputs';
import type { Command } from '../command';
import { UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const pickRates = (g: GroupRates) => ({ count: g.count, selection_rate: g.selection_rate, tpr: g.tpr, fpr: g.fpr });
const show = (x: number | null) => (x === null ? 'undefined' : x.toFixed(4));

export const fairnessCommand: Command = {
  name: 'fairness',
  summary: 'Group fairness of predictions: selection rate, TPR, FPR, demographic parity, equalized odds',
  usage: [
    'kaizen fairness --input FILE --label COL (--prediction COL | --score COL --threshold T) --group COL',
    '                [--pos-label V] [--json]',
    '',
    '  --pos-label V  the positive class in the label and prediction columns (default 1)',
    '  --score/--threshold  predicted positive when score ≥ T',
    'Fairlearn semantics; undefined rates are null with a warning. Exit 2 for unknown columns, fewer than 2 groups.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        input: { type: 'string' },
        label: { type: 'string' },
        prediction: { type: 'string' },
        score: { type: 'string' },
        threshold: { type: 'string' },
        group: { type: 'string' },
        'pos-label': { type: 'string' },
        json: { type: 'boolean' },
      });
      const file = requireFlag(values.input, '--input');
      const label = requireFlag(values.label, '--label');
      const group = requireFlag(values.group, '--group');
      const threshold = numberFlag(values.threshold, '--threshold');
      if (values.prediction !== undefined && values.score !== undefined) throw new UsageError('Give either --prediction or --score with --threshold, not both.');
      if (values.prediction === undefined && values.score === undefined) throw new UsageError('--prediction (or --score with --threshold) is required.');
      if (values.score !== undefined && threshold === undefined) throw new UsageError('--score needs --threshold (predicted positive when score ≥ threshold).');
      if (values.score === undefined && threshold !== undefined) throw new UsageError('--threshold only applies with --score.');
      const table = await readTableFile(file);
      const spec = { label, prediction: values.prediction, score: values.score, threshold, group, posLabel: values['pos-label'] ?? '1' };
      const { rows, skipped } = fairnessRows(table.columns, spec, table.fileName, isPositive);
      const groups = new Set(rows.map((r) => r.group));
      if (groups.size < 2) throw new UsageError(`${table.fileName}: column "${group}" has ${groups.size} group(s) with data; fairness needs at least 2.`);
      const r = fairnessMetrics(rows);
      const warnings = skipped ? [`${skipped} row(s) skipped: missing label, prediction or group.`, ...r.warnings] : [...r.warnings];
      const coding = (col: string | undefined, hits: boolean) => {
        if (!col || hits) return;
        const seen = [...new Set(table.columns.find((c) => c.name === col)!.values.filter((v) => v !== null).map(String))].slice(0, 6);
        warnings.unshift(`No value of "${col}" equals the positive label "${spec.posLabel}" (values seen: ${seen.join(', ')}); check --pos-label.`);
      };
      coding(label, rows.some((x) => x.label));
      coding(values.prediction, rows.some((x) => x.prediction));
      const json = {
        groups: r.groups.map((g) => ({ group: g.group, ...pickRates(g) })),
        demographic_parity_difference: r.demographic_parity_difference,
        demographic_parity_ratio: r.demographic_parity_ratio,
        equalized_odds_difference: r.equalized_odds_difference,
        equalized_odds_ratio: r.equalized_odds_ratio,
        overall: pickRates(r.overall),
        to_overall: r.to_overall,
        warnings,
      };
      if (values.json) {
        printJson(io, json);
        return 0;
      }
      io.out('group\tcount\tselection_rate\ttpr\tfpr');
      for (const g of json.groups) io.out(`${g.group}\t${g.count}\t${show(g.selection_rate)}\t${show(g.tpr)}\t${show(g.fpr)}`);
      io.out(`demographic parity difference ${show(json.demographic_parity_difference)}, ratio ${show(json.demographic_parity_ratio)}`);
      io.out(`equalized odds difference ${show(json.equalized_odds_difference)}, ratio ${show(json.equalized_odds_ratio)}`);
      for (const w of warnings) io.err(`warning: ${w}`);
      return 0;
    }),
};
