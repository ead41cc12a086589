import fs from 'node:fs';
import path from 'node:path';
import { LIFECYCLE_CLI_KINDS, runLifecycle, summarizeLifecycle } from '../../../common/domain/lifecycle/run';
import type { LifecycleKind, LifecycleSpec } from '../../../common/domain/lifecycle/run';
import { logTable } from '../../../common/domain/lifecycle/table';
import type { LogTable } from '../../../common/domain/lifecycle/table';
import { traceTable } from '../../../common/domain/lifecycle/trace';
import { readTableFile } from '../../importers/readTableFile';
import type { Command } from '../command';
import { UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
const need = (v: Values, k: string) => requireFlag(str(v, k), `--${k}`);
const num = (v: Values, k: string) => numberFlag(str(v, k), `--${k}`);
const needNum = (v: Values, k: string) => {
  const n = num(v, k);
  if (n === undefined) throw new UsageError(`--${k} is required.`);
  return n;
};
function mode(v: Values): 'min' | 'max' {
  const m = need(v, 'mode');
  if (m !== 'min' && m !== 'max') throw new UsageError(`--mode must be min or max (got "${m}").`);
  return m;
}
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

/** Flags of each kind → the spec runLifecycle takes (the same spec the app's lifecycle-run sends). */
const SPECS: Record<LifecycleKind, (v: Values) => LifecycleSpec> = {
  'early-stopping': (v) => {
    const g = str(v, 'gpu-hours-per-epoch');
    const gn = g !== undefined && g.trim() !== '' && Number.isFinite(Number(g)) ? Number(g) : g;
    return { kind: 'early-stopping', run: need(v, 'run'), epoch: need(v, 'epoch'), metric: need(v, 'metric'), mode: mode(v), patience: needNum(v, 'patience'), minDelta: num(v, 'min-delta'), gpuHoursPerEpoch: gn };
  },
  threshold: (v) => ({ kind: 'threshold', score: need(v, 'score'), label: need(v, 'label'), positive: need(v, 'positive'), costFp: needNum(v, 'cost-fp'), costFn: needNum(v, 'cost-fn') }),
  search: (v) => ({ kind: 'search', strategy: need(v, 'strategy'), trial: need(v, 'trial'), metric: need(v, 'metric'), mode: mode(v), targetShare: num(v, 'target-share'), gpuHours: str(v, 'gpu-hours') }),
  'batch-schedule': (v) => {
    if ((str(v, 'every') === undefined) === (str(v, 'at') === undefined)) throw new UsageError('Give the proposed schedule: --every N (hours) or --at HH:MM,HH:MM (UTC), not both.');
    need(v, 'traffic');
    return { kind: 'batch-schedule', start: need(v, 'start'), end: need(v, 'end'), stage: str(v, 'stage'), run: str(v, 'run'), traffic: need(v, 'traffic-time'), everyHours: num(v, 'every'), at: list(str(v, 'at')) };
  },
  'load-types': (v) => {
    if (str(v, 'duration') === undefined && (str(v, 'start') === undefined || str(v, 'end') === undefined)) throw new UsageError('Give the run time: --duration COL (minutes), or --start COL and --end COL.');
    return { kind: 'load-types', type: need(v, 'type'), duration: str(v, 'duration'), start: str(v, 'start'), end: str(v, 'end'), rows: str(v, 'rows'), from: str(v, 'from'), to: str(v, 'to') };
  },
  gpu: (v) => {
    const g = str(v, 'gpus');
    const bucket = str(v, 'bucket') ?? 'hour';
    if (bucket !== 'hour' && bucket !== 'day') throw new UsageError(`--bucket must be hour or day (got "${bucket}").`);
    return { kind: 'gpu', team: need(v, 'team'), jobType: str(v, 'job-type'), submit: need(v, 'submit'), start: need(v, 'start'), end: need(v, 'end'), gpus: g !== undefined && Number.isFinite(Number(g)) && g.trim() !== '' ? Number(g) : g, capacity: num(v, 'capacity'), bucket };
  },
  trace: (v) => ({ kind: 'trace', top: num(v, 'top') }),
  quantization: (v) => ({ kind: 'quantization', variant: need(v, 'variant'), latency: need(v, 'latency'), size: str(v, 'size'), accuracy: str(v, 'accuracy'), baseline: str(v, 'baseline') }),
  'cold-start': (v) => ({ kind: 'cold-start', group: need(v, 'group'), latency: need(v, 'latency'), cold: need(v, 'cold'), coldValue: str(v, 'cold-value') }),
  anonymisation: (v) => {
    need(v, 'before');
    return { kind: 'anonymisation', quasiIdentifiers: list(need(v, 'qi'))!, k: needNum(v, 'k'), metric: str(v, 'metric') };
  },
};

const FLAGS = ['run', 'epoch', 'metric', 'mode', 'patience', 'min-delta', 'gpu-hours-per-epoch', 'score', 'label', 'positive', 'cost-fp', 'cost-fn', 'strategy', 'trial', 'target-share', 'gpu-hours',
  'start', 'end', 'stage', 'traffic', 'traffic-time', 'every', 'at', 'type', 'duration', 'rows', 'from', 'to', 'team', 'job-type', 'submit', 'gpus', 'capacity', 'bucket', 'top',
  'variant', 'latency', 'size', 'accuracy', 'baseline', 'group', 'cold', 'cold-value', 'before', 'qi', 'k'] as const;

const USAGE = [
  'kaizen lifecycle <kind> --input FILE [kind flags] [--json]',
  '',
  '  early-stopping --run COL --epoch COL --metric COL --mode min|max --patience N [--min-delta D]',
  '                 [--gpu-hours-per-epoch COL|X]',
  '  threshold      --score COL --label COL --positive V --cost-fp A --cost-fn B',
  '  search         --strategy COL --trial COL --metric COL --mode min|max [--target-share 0.95] [--gpu-hours COL]',
  '  batch-schedule --start COL --end COL [--stage COL] [--run COL] --traffic FILE --traffic-time COL',
  '                 (--every N | --at HH:MM,HH:MM)          proposal in UTC; N divides 168',
  '  load-types     --type COL (--duration COL | --start COL --end COL) [--rows COL] [--from TYPE --to TYPE]',
  '  gpu            --team COL [--job-type COL] --submit COL --start COL --end COL [--gpus COL|N] [--capacity N]',
  '                 [--bucket hour|day]',
  '  trace          [--top N]                               --input is a Chrome trace JSON (PyTorch profiler)',
  '  quantization   --variant COL --latency COL [--size COL] [--accuracy COL] [--baseline V]',
  '  cold-start     --group COL --latency COL --cold COL [--cold-value V]',
  '  anonymisation  --before FILE --qi COL,COL --k N [--metric COL]      --input is the anonymised log',
  'Reads CSV/TSV/JSON/JSONL/XLSX with the importer\'s parser. Exit 2 for unknown columns, non-numbers, empty logs.',
].join('\n');

async function readInput(file: string, asTrace: boolean): Promise<LogTable> {
  if (asTrace) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`${path.basename(file)}: ${(e as Error).message}`);
    }
    return traceTable(path.basename(file), raw);
  }
  const t = await readTableFile(file);
  return logTable(t.fileName, t.columns);
}

export const lifecycleCommand: Command = {
  name: 'lifecycle',
  summary: 'Data and model lifecycle what-ifs from logs: early stopping, threshold, search strategy …',
  usage: USAGE,
  run: (argv, io) =>
    guarded(io, async () => {
      const options: Record<string, { type: 'string' | 'boolean' }> = { input: { type: 'string' }, json: { type: 'boolean' } };
      for (const f of FLAGS) options[f] = { type: 'string' };
      const { values, positionals } = parse(argv, options);
      const kind = positionals[0] as LifecycleKind | undefined;
      if (!kind || !(LIFECYCLE_CLI_KINDS as readonly string[]).includes(kind)) throw new UsageError(`Choose an analysis: ${LIFECYCLE_CLI_KINDS.join(', ')}${kind ? ` (got "${kind}")` : ''}.`);
      const spec = SPECS[kind](values as Values);
      const table = await readInput(need(values as Values, 'input'), kind === 'trace');
      const secondFile = kind === 'batch-schedule' ? str(values as Values, 'traffic') : kind === 'anonymisation' ? str(values as Values, 'before') : undefined;
      const second = secondFile !== undefined ? await readInput(secondFile, false) : undefined;
      const result = runLifecycle(spec, { main: table, second });
      if (values.json) {
        printJson(io, result);
        return 0;
      }
      for (const line of summarizeLifecycle(spec, result)) io.out(line);
      return 0;
    }),
};
