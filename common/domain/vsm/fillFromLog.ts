import { percentile } from '../stats/quantile';

/** The log columns fill-from-log reads (timestamps as epoch ms). */
export type RunLog = Readonly<{
  runId: readonly (string | number | null)[];
  stage: readonly (string | number | null)[];
  startedAt: readonly (number | string | null)[];
  endedAt: readonly (number | string | null)[];
  status: readonly (string | number | null)[];
}>;

export type LogStageStats = Readonly<{
  /** Key the rows were grouped by (a map stage id, or the log stage name when unmapped). */
  key: string;
  logStages: readonly string[];
  /** Runs that reached the stage. */
  runs: number;
  /** Chosen percentile of attempt durations, ms. */
  ptMs: number | null;
  /** Median gap between the run's previous stage end and this stage's first start, ms (0 when they overlap). */
  wtMs: number | null;
  /** % of runs passing the stage first time: one attempt, status a success word. */
  caPercent: number | null;
}>;

export type LogSummary = Readonly<{ stats: LogStageStats[]; skippedRows: number; problems: string[] }>;

const SUCCESS = new Set(['success', 'succeeded', 'ok', 'passed', 'pass', 'completed', 'complete', 'done']);

/** True for status values that mean the attempt passed (case-insensitive). */
export function isSuccess(status: string | number | null): boolean {
  return status !== null && SUCCESS.has(String(status).trim().toLowerCase());
}

function num(v: number | string | null): number | null {
  if (v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(n) ? n : null;
}

type Row = { run: string; key: string; name: string; start: number; end: number; ok: boolean };

/**
 * Stage statistics from a pipeline run log, one row per attempt (run id, stage, start, end, status).
 * `keyOf(logStageName)` groups log stages (e.g. onto map stage ids); rows with a null key are left out.
 * - PT = `pct` percentile (type 7) of end − start over every attempt of the stage.
 * - WT = median over runs of max(0, first start of the stage − end of the run's preceding row with a
 *   different key, in start order). The first stage of a run has no WT sample.
 * - %C&A = runs with exactly one attempt whose status is a success word ÷ runs with the stage × 100.
 * Rows with a missing run, stage or time, or end before start, are skipped and counted.
 */
export function summariseRunLog(log: RunLog, keyOf: (name: string) => string | null, pct = 50): LogSummary {
  const rows: Row[] = [];
  let skipped = 0;
  const n = log.runId.length;
  for (let i = 0; i < n; i++) {
    const name = log.stage[i] === null || log.stage[i] === undefined ? '' : String(log.stage[i]).trim();
    const run = log.runId[i] === null || log.runId[i] === undefined ? '' : String(log.runId[i]);
    const start = num(log.startedAt[i] ?? null);
    const end = num(log.endedAt[i] ?? null);
    if (!name || !run || start === null || end === null || end < start) {
      skipped++;
      continue;
    }
    const key = keyOf(name);
    if (key === null) continue;
    rows.push({ run, key, name, start, end, ok: isSuccess(log.status[i] ?? null) });
  }
  const byRun = new Map<string, Row[]>();
  for (const r of rows) (byRun.get(r.run) ?? byRun.set(r.run, []).get(r.run)!).push(r);
  const acc = new Map<string, { names: Set<string>; runs: number; durations: number[]; gaps: number[]; firstPass: number }>();
  const slot = (key: string) => acc.get(key) ?? acc.set(key, { names: new Set(), runs: 0, durations: [], gaps: [], firstPass: 0 }).get(key)!;
  for (const runRows of byRun.values()) {
    runRows.sort((a, b) => a.start - b.start || a.end - b.end);
    const attempts = new Map<string, Row[]>();
    runRows.forEach((r) => (attempts.get(r.key) ?? attempts.set(r.key, []).get(r.key)!).push(r));
    for (const [key, list] of attempts) {
      const a = slot(key);
      a.runs++;
      list.forEach((r) => {
        a.names.add(r.name);
        a.durations.push(r.end - r.start);
      });
      if (list.length === 1 && list[0]!.ok) a.firstPass++;
      const first = list[0]!;
      const idx = runRows.indexOf(first);
      let prev: Row | null = null;
      for (let j = idx - 1; j >= 0; j--) if (runRows[j]!.key !== key) { prev = runRows[j]!; break; }
      if (prev) a.gaps.push(Math.max(0, first.start - prev.end));
    }
  }
  const stats: LogStageStats[] = [...acc.entries()].map(([key, a]) => ({
    key,
    logStages: [...a.names].sort(),
    runs: a.runs,
    ptMs: percentile(a.durations, pct),
    wtMs: percentile(a.gaps, 50),
    caPercent: a.runs ? (100 * a.firstPass) / a.runs : null,
  }));
  const problems = skipped ? [`${skipped} row(s) had a missing run id, stage or time, or ended before they started, and were skipped.`] : [];
  return { stats, skippedRows: skipped, problems };
}

/** Matches a log stage name to a map stage: explicit mapping first (null = leave out), then the same name ignoring case and spaces. */
export function matchStage(name: string, mapping: Readonly<Record<string, string | null>>, stages: readonly { id: string; name: string }[]): string | null {
  if (Object.prototype.hasOwnProperty.call(mapping, name)) {
    const id = mapping[name];
    return id && stages.some((s) => s.id === id) ? id : null;
  }
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return stages.find((s) => norm(s.name) === norm(name))?.id ?? null;
}
