import { DomainInputError } from '../errors';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { requireRows, textColumn, tidy, timeColumn } from './table';
import type { LogTable } from './table';

export type BatchScheduleSpec = Readonly<{
  /** Pipeline-run log columns. */
  start: string;
  end: string;
  stage?: string;
  run?: string;
  /** Traffic log: the time of each request (second table). */
  traffic: string;
  /** The proposal: every N hours from Monday 00:00 UTC (N divides 168), or daily at HH:MM (UTC) times. */
  everyHours?: number;
  at?: readonly string[];
}>;

export type AgeSummary = Readonly<{ p50Hours: number; p95Hours: number; meanHours: number; requests: number }>;

export type BatchScheduleResult = Readonly<{
  /** How long one batch takes (hours) and how it was measured. */
  batchHours: number;
  batchHoursFrom: 'runs' | 'stages' | 'rows';
  starts: readonly string[];
  dataAge: AgeSummary;
  /** Data age today, from the logged runs (needs a run column): requests inside the run log's span. */
  currentDataAge: AgeSummary | null;
  /** Requests per weekday (0 = Monday) × hour (UTC). */
  heatmap: readonly { day: number; hour: number; requests: number; peak: boolean }[];
  peakThreshold: number;
  /** Share of batch running time inside peak hours, and share of requests that arrive while a batch runs. */
  peakOverlap: number;
  trafficDuringBatch: number;
  offPeakWindows: readonly { start: string; hours: number; trafficShare: number }[];
}>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK_H = 168;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Hours since Monday 00:00 UTC of the week holding `ms` (1970-01-01 was a Thursday). */
export function hourOfWeek(ms: number): number {
  const days = Math.floor(ms / DAY);
  return (((days + 3) % 7) + 7) % 7 * 24 + (ms - days * DAY) / HOUR;
}

const fmtStart = (h: number) => `${DAYS[Math.floor(h / 24) % 7]} ${String(Math.floor(h % 24)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;

function summarize(ages: number[]): AgeSummary {
  const s = sortedFinite(ages);
  return { p50Hours: tidy(quantileSorted(s, 0.5)), p95Hours: tidy(quantileSorted(s, 0.95)), meanHours: tidy(ages.reduce((a, b) => a + b, 0) / Math.max(ages.length, 1)), requests: ages.length };
}

function proposalStarts(spec: BatchScheduleSpec): number[] {
  if (spec.everyHours !== undefined) {
    const n = spec.everyHours;
    if (!(n > 0) || WEEK_H % n !== 0) throw new DomainInputError(`"Every N hours" must divide a week (168 h): 1, 2, 3, 4, 6, 8, 12, 24, 168 … (got ${n}).`);
    return Array.from({ length: WEEK_H / n }, (_, k) => k * n);
  }
  if (!spec.at || spec.at.length === 0) throw new DomainInputError('Give the proposed schedule: every N hours, or times of day (HH:MM, UTC).');
  const hours = spec.at.map((s) => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new DomainInputError(`"${s}" is not a time of day (HH:MM, 00:00–23:59).`);
    return Number(m[1]) + Number(m[2]) / 60;
  });
  return [...new Set(hours)].flatMap((h) => Array.from({ length: 7 }, (_, d) => d * 24 + h)).sort((a, b) => a - b);
}

/**
 * Batch schedule what-if. One batch takes D hours: the median run (max end − min start per run) with a run column,
 * else Σ of the stages' median durations with a stage column, else the median row. A proposal repeats weekly;
 * data is as fresh as the start of the last batch finished before a request, so a request at week hour w has data
 * age w − s (cyclic over the week) for the latest start s with s + D ≤ w; p50/p95 type 7 over the traffic log.
 * Peak hours are weekday × hour cells whose request count is ≥ the 75th percentile of the 168 cells (and > 0).
 * Off-peak windows: the three non-overlapping daily windows of ⌈D⌉ hours with the least traffic (hour-of-day
 * profile, cyclic).
 */
export function batchSchedule(runs: LogTable, traffic: LogTable, spec: BatchScheduleSpec): BatchScheduleResult {
  requireRows(runs, 'the batch schedule what-if');
  requireRows(traffic, 'the batch schedule what-if');
  const st = timeColumn(runs, spec.start, { required: true });
  const en = timeColumn(runs, spec.end, { required: true });
  for (let i = 0; i < runs.rowCount; i++) if (en[i]! < st[i]!) throw new DomainInputError(`${runs.source}, row ${i + 1}: "${spec.end}" is before "${spec.start}".`);
  const med = (xs: number[]) => quantileSorted(sortedFinite(xs), 0.5);
  let batchHours: number;
  let from: BatchScheduleResult['batchHoursFrom'];
  const runSpans: { s: number; e: number }[] = [];
  if (spec.run) {
    const ids = textColumn(runs, spec.run, { required: true });
    const by = new Map<string, { s: number; e: number }>();
    ids.forEach((id, i) => {
      const r = by.get(id!) ?? { s: Infinity, e: -Infinity };
      by.set(id!, { s: Math.min(r.s, st[i]!), e: Math.max(r.e, en[i]!) });
    });
    runSpans.push(...by.values());
    batchHours = med(runSpans.map((r) => (r.e - r.s) / HOUR));
    from = 'runs';
  } else if (spec.stage) {
    const stages = textColumn(runs, spec.stage, { required: true });
    const by = new Map<string, number[]>();
    stages.forEach((s, i) => by.set(s!, [...(by.get(s!) ?? []), (en[i]! - st[i]!) / HOUR]));
    batchHours = [...by.values()].reduce((a, d) => a + med(d), 0);
    from = 'stages';
  } else {
    batchHours = med(st.map((s, i) => (en[i]! - s!) / HOUR));
    from = 'rows';
  }
  if (batchHours >= WEEK_H) throw new DomainInputError(`One batch takes ${tidy(batchHours)} h, more than a week; no weekly schedule fits.`);
  const starts = proposalStarts(spec);
  const times = timeColumn(traffic, spec.traffic).filter((x): x is number => x !== null);
  if (times.length === 0) throw new DomainInputError(`${traffic.source}: column "${spec.traffic}" has no times.`);
  const finishes = starts.map((s) => ({ s, f: s + batchHours }));
  const ages = times.map((ms) => {
    const w = hourOfWeek(ms);
    let age = Infinity;
    for (const b of finishes) {
      // The batch that started at s finished at f; seen from w it started (w − s) mod 168 hours ago.
      const since = (((w - b.s) % WEEK_H) + WEEK_H) % WEEK_H;
      const ageIfDone = since >= batchHours ? since : since + WEEK_H;
      age = Math.min(age, ageIfDone);
    }
    return age;
  });
  const cells = new Array<number>(WEEK_H).fill(0);
  for (const ms of times) cells[Math.floor(hourOfWeek(ms))]!++;
  const peakThreshold = quantileSorted(Float64Array.from(cells).sort(), 0.75);
  const isPeak = (c: number) => c > 0 && c >= peakThreshold;
  // Batch running time over the week, hour cell by hour cell.
  let running = 0;
  let inPeak = 0;
  for (const b of starts) {
    for (let h = Math.floor(b); h < b + batchHours; h++) {
      const overlap = Math.min(h + 1, b + batchHours) - Math.max(h, b);
      const cell = ((h % WEEK_H) + WEEK_H) % WEEK_H;
      running += overlap;
      if (isPeak(cells[cell]!)) inPeak += overlap;
    }
  }
  let during = 0;
  for (const ms of times) {
    const w = hourOfWeek(ms);
    if (starts.some((b) => (((w - b) % WEEK_H) + WEEK_H) % WEEK_H < batchHours)) during++;
  }
  const byHour = new Array<number>(24).fill(0);
  cells.forEach((c, i) => (byHour[i % 24]! += c));
  const len = Math.max(1, Math.ceil(batchHours));
  const windows = Array.from({ length: 24 }, (_, h) => ({ h, sum: Array.from({ length: Math.min(len, 24) }, (_, k) => byHour[(h + k) % 24]!).reduce((a, b) => a + b, 0) })).sort((a, b) => a.sum - b.sum || a.h - b.h);
  const chosen: typeof windows = [];
  for (const w of windows) {
    if (chosen.length === 3) break;
    const clash = chosen.some((c) => Math.min((((w.h - c.h) % 24) + 24) % 24, (((c.h - w.h) % 24) + 24) % 24) < len);
    if (!clash) chosen.push(w);
  }
  let currentDataAge: AgeSummary | null = null;
  if (runSpans.length > 0) {
    const done = [...runSpans].sort((a, b) => a.e - b.e);
    const cur: number[] = [];
    for (const ms of times) {
      let last: { s: number; e: number } | null = null;
      for (const r of done) if (r.e <= ms) last = last === null || r.s > last.s ? r : last;
      if (last && ms <= done[done.length - 1]!.e + 7 * DAY) cur.push((ms - last.s) / HOUR);
    }
    if (cur.length) currentDataAge = summarize(cur);
  }
  return {
    batchHours: tidy(batchHours),
    batchHoursFrom: from,
    starts: starts.map(fmtStart),
    dataAge: summarize(ages),
    currentDataAge,
    heatmap: cells.map((requests, i) => ({ day: Math.floor(i / 24), hour: i % 24, requests, peak: isPeak(requests) })),
    peakThreshold: tidy(peakThreshold),
    peakOverlap: running > 0 ? tidy(inPeak / running) : 0,
    trafficDuringBatch: tidy(during / times.length),
    offPeakWindows: chosen.map((w) => ({ start: `${String(w.h).padStart(2, '0')}:00`, hours: len, trafficShare: tidy(w.sum / times.length) })),
  };
}
