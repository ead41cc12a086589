import type { LifecycleKind } from '../../../../common/contract/schemas/lifecycle';

/** One input of an analysis form: a column of the (first or second) dataset, a number, a text, min/max, or a list. */
export type Field = Readonly<{
  key: string;
  label: string;
  type: 'column' | 'number' | 'text' | 'mode' | 'columns' | 'times' | 'columnOrNumber';
  optional?: boolean;
  /** Column fields: pick the column whose name matches this first. */
  guess?: RegExp;
  fallback?: string | number;
  help?: string;
}>;

export type KindDef = Readonly<{
  id: LifecycleKind;
  label: string;
  intro: string;
  fields: readonly Field[];
  /** The second dataset it reads, if any. */
  second?: Readonly<{ label: string; fields: readonly Field[]; guess: RegExp }>;
  /** Which dataset to start with. */
  guess: RegExp;
}>;

/** The Lifecycle page's tabs, in the order (data, training, inference). */
export const KINDS: readonly KindDef[] = [
  {
    id: 'batch-schedule',
    label: 'Batch schedule',
    intro: 'A proposed batch schedule against the traffic log: data age when it is used, overlap with traffic peaks, off-peak windows (UTC).',
    guess: /pipeline/i,
    fields: [
      { key: 'start', label: 'Run start', type: 'column', guess: /start/i },
      { key: 'end', label: 'Run end', type: 'column', guess: /end/i },
      { key: 'run', label: 'Run id', type: 'column', optional: true, guess: /run_id|^run$/i },
      { key: 'everyHours', label: 'Every N hours (divides 168)', type: 'number', optional: true, fallback: 6 },
      { key: 'at', label: 'Or at times (HH:MM, comma-separated)', type: 'times', optional: true },
    ],
    second: { label: 'Traffic log', guess: /inference|traffic|gateway/i, fields: [{ key: 'traffic', label: 'Request time', type: 'column', guess: /timestamp|time/i }] },
  },
  {
    id: 'load-types',
    label: 'Load types',
    intro: 'Incremental vs full loads: run time and rows per load type, and the projected saving of switching.',
    guess: /load/i,
    fields: [
      { key: 'type', label: 'Load type', type: 'column', guess: /load_type|type/i },
      { key: 'start', label: 'Start', type: 'column', optional: true, guess: /start/i },
      { key: 'end', label: 'End', type: 'column', optional: true, guess: /end/i },
      { key: 'duration', label: 'Or duration (minutes)', type: 'column', optional: true },
      { key: 'rows', label: 'Rows', type: 'column', optional: true, guess: /rows/i },
      { key: 'from', label: 'Switch from', type: 'text', optional: true, fallback: 'full' },
      { key: 'to', label: 'Switch to', type: 'text', optional: true, fallback: 'incremental' },
    ],
  },
  {
    id: 'early-stopping',
    label: 'Early stopping',
    intro: 'Where each training run would have stopped with this patience and min-delta, the GPU hours saved and the metric given up.',
    guess: /epoch/i,
    fields: [
      { key: 'run', label: 'Run id', type: 'column', guess: /run/i },
      { key: 'epoch', label: 'Epoch', type: 'column', guess: /epoch/i },
      { key: 'metric', label: 'Validation metric', type: 'column', guess: /val|loss|auc/i },
      { key: 'mode', label: 'Better is', type: 'mode', fallback: 'min' },
      { key: 'patience', label: 'Patience (epochs)', type: 'number', fallback: 3 },
      { key: 'minDelta', label: 'Min delta', type: 'number', optional: true, fallback: 0.001 },
      { key: 'gpuHoursPerEpoch', label: 'GPU hours per epoch (column or number)', type: 'columnOrNumber', optional: true, guess: /gpu/i },
    ],
  },
  {
    id: 'search',
    label: 'Search strategy',
    intro: 'Grid, random and Bayesian search from the trial log: best so far by trial and GPU hour, and trials needed to reach a share of the best.',
    guess: /trial/i,
    fields: [
      { key: 'strategy', label: 'Strategy', type: 'column', guess: /strategy/i },
      { key: 'trial', label: 'Trial number', type: 'column', guess: /trial/i },
      { key: 'metric', label: 'Metric', type: 'column', guess: /auc|val|loss/i },
      { key: 'mode', label: 'Better is', type: 'mode', fallback: 'max' },
      { key: 'targetShare', label: 'Target share of the best', type: 'number', optional: true, fallback: 0.99 },
      { key: 'gpuHours', label: 'GPU hours', type: 'column', optional: true, guess: /gpu/i },
    ],
  },
  {
    id: 'threshold',
    label: 'Threshold',
    intro: 'The score threshold that costs least, given the cost of a false positive and of a false negative, with the cost curve.',
    guess: /inference|scored/i,
    fields: [
      { key: 'score', label: 'Score', type: 'column', guess: /score/i },
      { key: 'label', label: 'True label', type: 'column', guess: /^label$/i },
      { key: 'positive', label: 'Positive value', type: 'text', fallback: 'fraud' },
      { key: 'costFp', label: 'Cost of a false positive', type: 'number', fallback: 5 },
      { key: 'costFn', label: 'Cost of a false negative', type: 'number', fallback: 120 },
    ],
  },
  {
    id: 'gpu',
    label: 'GPU allocation',
    intro: 'GPU hours and queue wait per team and job type from the scheduler log, and utilisation of the pool over time.',
    guess: /gpu/i,
    fields: [
      { key: 'team', label: 'Team', type: 'column', guess: /team/i },
      { key: 'jobType', label: 'Job type', type: 'column', optional: true, guess: /type/i },
      { key: 'submit', label: 'Submitted', type: 'column', guess: /submit/i },
      { key: 'start', label: 'Started', type: 'column', guess: /start/i },
      { key: 'end', label: 'Ended', type: 'column', guess: /end/i },
      { key: 'gpus', label: 'GPUs (column or number)', type: 'columnOrNumber', optional: true, guess: /^gpus?$/i },
      { key: 'capacity', label: 'GPUs in the pool', type: 'number', optional: true, fallback: 16 },
    ],
  },
  {
    id: 'trace',
    label: 'Profiler trace',
    intro: 'Per-operator self time from a PyTorch profiler trace (Chrome trace JSON imported as a dataset), a Pareto and the top operators’ share of a request.',
    guess: /trace|profil/i,
    fields: [{ key: 'top', label: 'Top operators', type: 'number', optional: true, fallback: 5 }],
  },
  {
    id: 'quantization',
    label: 'Quantization',
    intro: 'Size, latency percentiles and accuracy per model variant (fp32, fp16, int8 …) on one chart; record the chosen one as a model version.',
    guess: /bench|variant/i,
    fields: [
      { key: 'variant', label: 'Variant', type: 'column', guess: /variant/i },
      { key: 'latency', label: 'Latency (ms)', type: 'column', guess: /latency|_ms$/i },
      { key: 'size', label: 'Size (MB)', type: 'column', optional: true, guess: /size/i },
      { key: 'accuracy', label: 'Correct / accuracy', type: 'column', optional: true, guess: /correct|acc/i },
      { key: 'baseline', label: 'Baseline variant', type: 'text', optional: true, fallback: 'fp32' },
    ],
  },
  {
    id: 'cold-start',
    label: 'Cold start',
    intro: 'Cold-start penalty (cold − warm latency, p50 and p95) by memory size or instance type.',
    guess: /bench|serving/i,
    fields: [
      { key: 'group', label: 'Memory size / instance type', type: 'column', guess: /memory|instance/i },
      { key: 'latency', label: 'Latency (ms)', type: 'column', guess: /latency|_ms$/i },
      { key: 'cold', label: 'Cold start (true/false)', type: 'column', guess: /cold/i },
    ],
  },
  {
    id: 'anonymisation',
    label: 'Anonymisation',
    intro: 'Utility after pseudonymising or dropping columns: distributions and a metric before/after, and k-anonymity over the quasi-identifiers.',
    guess: /./,
    fields: [
      { key: 'quasiIdentifiers', label: 'Quasi-identifiers', type: 'columns' },
      { key: 'k', label: 'k', type: 'number', fallback: 5 },
      { key: 'metric', label: 'Metric column (mean)', type: 'column', optional: true },
    ],
    second: { label: 'Original (before anonymising)', guess: /./, fields: [] },
  },
];

/** A form's starting values: a saved spec when there is one, else guessed columns and defaults. */
export function initialValues(def: KindDef, columns: readonly string[], saved: Record<string, unknown> | undefined, secondColumns: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const guessCol = (f: Field, cols: readonly string[]) => (f.guess ? (cols.find((c) => f.guess!.test(c)) ?? '') : '');
  for (const f of def.fields) {
    const v = saved?.[f.key];
    if (v !== undefined && v !== null) out[f.key] = Array.isArray(v) ? v.join(', ') : String(v);
    else if (f.type === 'column' || f.type === 'columnOrNumber') out[f.key] = guessCol(f, columns) || (f.optional ? '' : (columns[0] ?? ''));
    else out[f.key] = f.fallback !== undefined ? String(f.fallback) : '';
  }
  for (const f of def.second?.fields ?? []) {
    const v = saved?.[f.key];
    out[f.key] = v !== undefined && v !== null ? String(v) : guessCol(f, secondColumns) || (secondColumns[0] ?? '');
  }
  if (def.id === 'batch-schedule' && saved && saved.everyHours === undefined) out.everyHours = '';
  return out;
}

/** The spec lifecycle-run takes, from the form's values (blank optional fields left out). */
export function specOf(def: KindDef, values: Record<string, string>): Record<string, unknown> {
  const spec: Record<string, unknown> = { kind: def.id };
  for (const f of [...def.fields, ...(def.second?.fields ?? [])]) {
    const v = (values[f.key] ?? '').trim();
    if (v === '') continue;
    if (f.type === 'number') spec[f.key] = Number(v);
    else if (f.type === 'columnOrNumber') spec[f.key] = Number.isFinite(Number(v)) ? Number(v) : v;
    else if (f.type === 'columns' || f.type === 'times') spec[f.key] = v.split(',').map((x) => x.trim()).filter(Boolean);
    else spec[f.key] = v;
  }
  return spec;
}
