import { DomainInputError } from '../errors';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { numberColumn, requireRows, textColumn, tidy, timeColumn } from './table';
import type { LogTable } from './table';

export type GpuSpec = Readonly<{
  team: string;
  jobType?: string;
  submit: string;
  start: string;
  end: string;
  /** GPUs a job held: a column, or one number for every job (1 when absent). */
  gpus?: string | number;
  /** GPUs in the pool; the peak held at once when absent. */
  capacity?: number;
  bucket?: 'hour' | 'day';
}>;

export type GpuGroup = Readonly<{ group: string; jobs: number; gpuHours: number; share: number; waitP50Min: number; waitP95Min: number }>;
export type GpuBucket = Readonly<{ start: string; gpuHours: number; utilisation: number }>;

export type GpuResult = Readonly<{
  totalGpuHours: number;
  teams: readonly GpuGroup[];
  jobTypes: readonly GpuGroup[] | null;
  capacity: number;
  capacitySource: 'given' | 'peak';
  utilisation: readonly GpuBucket[];
  meanUtilisation: number;
  bucket: 'hour' | 'day';
}>;

type Job = { team: string; type: string | null; submit: number; start: number; end: number; gpus: number };

const HOUR = 3_600_000;

/**
 * GPU allocation from a scheduler log: GPU hours = GPUs × (end − start) in hours, queue wait = start − submit
 * (minutes; p50/p95 type 7), per team and per job type with each group's share of all GPU hours. Utilisation per
 * hour or day = GPU hours run inside the bucket (jobs clipped to it) / (capacity × bucket hours); capacity is the
 * pool size given, else the most GPUs held at once (a sweep over starts and ends).
 */
export function gpuAllocation(t: LogTable, spec: GpuSpec): GpuResult {
  requireRows(t, 'the GPU allocation');
  const team = textColumn(t, spec.team, { required: true });
  const type = spec.jobType ? textColumn(t, spec.jobType) : null;
  const submit = timeColumn(t, spec.submit, { required: true });
  const start = timeColumn(t, spec.start, { required: true });
  const end = timeColumn(t, spec.end, { required: true });
  const gpus = typeof spec.gpus === 'string' ? numberColumn(t, spec.gpus, { required: true, min: 0 }) : null;
  const jobs: Job[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    if (end[i]! < start[i]!) throw new DomainInputError(`${t.source}, row ${i + 1}: the job ends ("${spec.end}") before it starts ("${spec.start}").`);
    if (start[i]! < submit[i]!) throw new DomainInputError(`${t.source}, row ${i + 1}: the job starts ("${spec.start}") before it was submitted ("${spec.submit}").`);
    jobs.push({ team: team[i]!, type: type ? (type[i] ?? '(none)') : null, submit: submit[i]!, start: start[i]!, end: end[i]!, gpus: gpus ? gpus[i]! : typeof spec.gpus === 'number' ? spec.gpus : 1 });
  }
  const hours = (j: Job) => (j.gpus * (j.end - j.start)) / HOUR;
  const total = jobs.reduce((s, j) => s + hours(j), 0);
  const groups = (key: (j: Job) => string): GpuGroup[] => {
    const by = new Map<string, Job[]>();
    for (const j of jobs) by.set(key(j), [...(by.get(key(j)) ?? []), j]);
    return [...by.entries()]
      .map(([group, js]) => {
        const waits = sortedFinite(js.map((j) => (j.start - j.submit) / 60_000));
        const h = js.reduce((s, j) => s + hours(j), 0);
        return { group, jobs: js.length, gpuHours: tidy(h), share: total > 0 ? tidy(h / total) : 0, waitP50Min: tidy(quantileSorted(waits, 0.5)), waitP95Min: tidy(quantileSorted(waits, 0.95)) };
      })
      .sort((a, b) => b.gpuHours - a.gpuHours || a.group.localeCompare(b.group));
  };
  let capacity = spec.capacity;
  if (capacity !== undefined && !(capacity > 0)) throw new DomainInputError(`The GPU capacity must be > 0 (got ${capacity}).`);
  const capacitySource = capacity === undefined ? 'peak' : 'given';
  if (capacity === undefined) {
    const edges = jobs.flatMap((j) => [{ at: j.start, d: j.gpus }, { at: j.end, d: -j.gpus }]).sort((a, b) => a.at - b.at || a.d - b.d);
    let now = 0;
    capacity = 0;
    for (const e of edges) capacity = Math.max(capacity, (now += e.d));
    if (capacity === 0) capacity = 1;
  }
  const bucket = spec.bucket ?? 'hour';
  const size = bucket === 'hour' ? HOUR : 24 * HOUR;
  const used = new Map<number, number>();
  for (const j of jobs) {
    for (let b = Math.floor(j.start / size) * size; b < j.end; b += size) {
      const overlap = Math.min(j.end, b + size) - Math.max(j.start, b);
      if (overlap > 0) used.set(b, (used.get(b) ?? 0) + (j.gpus * overlap) / HOUR);
    }
  }
  const first = Math.min(...[...used.keys()]);
  const last = Math.max(...[...used.keys()]);
  const utilisation: GpuBucket[] = [];
  for (let b = first; used.size > 0 && b <= last; b += size) {
    const h = used.get(b) ?? 0;
    utilisation.push({ start: new Date(b).toISOString(), gpuHours: tidy(h), utilisation: tidy(h / ((capacity * size) / HOUR)) });
  }
  const mean = utilisation.length ? utilisation.reduce((s, u) => s + u.utilisation, 0) / utilisation.length : 0;
  return { totalGpuHours: tidy(total), teams: groups((j) => j.team), jobTypes: type ? groups((j) => j.type!) : null, capacity, capacitySource, utilisation, meanUtilisation: tidy(mean), bucket };
}
