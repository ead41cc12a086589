import { DomainInputError } from '../errors';
import { quantileSorted } from '../stats/quantile';
import type { Outcome } from './records';
import { DAY_MS, dayLabel, share } from './records';

export const SLA_METRICS = ['availability', 'p95'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const SLA_WINDOWS = ['day', 'week'] as const;
export type SlaWindow = (typeof SLA_WINDOWS)[number];

export type SlaSpec = Readonly<{ metric: SlaMetric; target: number; window: SlaWindow }>;
export type SlaWindowResult = Readonly<{ start: string; value: number; met: boolean; requests: number }>;
export type SlaResult = Readonly<{ windows: SlaWindowResult[]; compliance: number | null }>;

/** Checks a target makes sense for its metric: availability is a share (0.999, not 99.9). */
export function checkSlaTarget(metric: SlaMetric, target: number): void {
  if (!Number.isFinite(target)) throw new DomainInputError(`The target must be a number (got ${target}).`);
  if (metric === 'availability' && !(target > 0 && target <= 1)) {
    throw new DomainInputError(`An availability target is a share from 0 to 1, e.g. 0.999 for 99.9 % (got ${target}).`);
  }
  if (metric === 'p95' && !(target > 0)) throw new DomainInputError(`A p95 target is a duration above 0 (got ${target}).`);
}

/** Start (epoch ms, UTC) of the window holding t: the day, or the ISO week starting Monday 00:00 UTC. */
export function windowStart(t: number, window: SlaWindow): number {
  const day = Math.floor(t / DAY_MS);
  if (window === 'day') return day * DAY_MS;
  // 1970-01-01 was a Thursday: days since the Monday before it = day + 3.
  return (day - (((day + 3) % 7) + 7) % 7) * DAY_MS;
}

/**
 * SLA compliance per window. availability = successes / (successes + failures) of the window's requests (records.ts:
 * a 4xx is the caller's error and counts neither way), met when ≥ target; p95 = type-7 95th percentile of the window's
 * latencies (blank latencies skipped), met when ≤ target. A window with nothing to measure has no row.
 * compliance = windows met / windows.
 */
export function slaCompliance(times: ArrayLike<number>, spec: SlaSpec, data: { outcomes?: ArrayLike<Outcome>; latencies?: ArrayLike<number | null> }): SlaResult {
  checkSlaTarget(spec.metric, spec.target);
  if (spec.metric === 'availability' && !data.outcomes) throw new DomainInputError('Availability needs a status column.');
  if (spec.metric === 'p95' && !data.latencies) throw new DomainInputError('A p95 SLA needs a latency column.');
  const groups = new Map<number, { ok: number; bad: number; lat: number[]; n: number }>();
  for (let i = 0; i < times.length; i++) {
    const w = windowStart(times[i]!, spec.window);
    let g = groups.get(w);
    if (!g) groups.set(w, (g = { ok: 0, bad: 0, lat: [], n: 0 }));
    g.n++;
    const o = data.outcomes?.[i];
    if (o === 'success') g.ok++;
    else if (o === 'failure') g.bad++;
    const l = data.latencies?.[i];
    if (l !== null && l !== undefined && Number.isFinite(l)) g.lat.push(l);
  }
  const windows: SlaWindowResult[] = [];
  for (const [w, g] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    if (spec.metric === 'availability') {
      if (g.ok + g.bad === 0) continue;
      const value = g.ok / (g.ok + g.bad);
      windows.push({ start: dayLabel(w), value, met: value >= spec.target, requests: g.n });
    } else {
      if (g.lat.length === 0) continue;
      const value = quantileSorted(g.lat.sort((a, b) => a - b), 0.95);
      windows.push({ start: dayLabel(w), value, met: value <= spec.target, requests: g.n });
    }
  }
  return { windows, compliance: share(windows.filter((w) => w.met).length, windows.length) };
}

export type ParetoRow = Readonly<{ cause: string; minutes: number; share: number; cumulativeShare: number }>;
export type BreachAttribution = Readonly<{ minutes: number; breachMinutes: number; pareto: ParetoRow[] }>;

export const UNATTRIBUTED = '(not named in the log)';

/**
 * Breach minutes and who caused them. Each UTC minute with traffic is judged by the SLA's metric over that minute's
 * requests (as slaCompliance judges a window); a minute that misses the target is a breach minute, attributed to the
 * cause (the stage or upstream provider column) with the most bad requests in it — failures for availability,
 * latencies above the target for p95 — ties to the first cause alphabetically, a blank cause to UNATTRIBUTED.
 * The Pareto lists causes by breach minutes, most first, with their cumulative share.
 */
export function attributeBreaches(
  times: ArrayLike<number>,
  spec: Pick<SlaSpec, 'metric' | 'target'>,
  causes: ArrayLike<string | null>,
  data: { outcomes?: ArrayLike<Outcome>; latencies?: ArrayLike<number | null> },
): BreachAttribution {
  checkSlaTarget(spec.metric, spec.target);
  const minutes = new Map<number, { ok: number; bad: number; lat: number[]; blame: Map<string, number> }>();
  for (let i = 0; i < times.length; i++) {
    const m = Math.floor(times[i]! / 60_000);
    let g = minutes.get(m);
    if (!g) minutes.set(m, (g = { ok: 0, bad: 0, lat: [], blame: new Map() }));
    const cause = causes[i] === null || causes[i] === '' ? UNATTRIBUTED : causes[i]!;
    let isBad = false;
    if (spec.metric === 'availability') {
      const o = data.outcomes?.[i];
      if (o === 'success') g.ok++;
      else if (o === 'failure') {
        g.bad++;
        isBad = true;
      }
    } else {
      const l = data.latencies?.[i];
      if (l !== null && l !== undefined && Number.isFinite(l)) {
        g.lat.push(l);
        isBad = l > spec.target;
      }
    }
    if (isBad) g.blame.set(cause, (g.blame.get(cause) ?? 0) + 1);
  }
  const byCause = new Map<string, number>();
  let breach = 0;
  let measured = 0;
  for (const g of minutes.values()) {
    let missed: boolean;
    if (spec.metric === 'availability') {
      if (g.ok + g.bad === 0) continue;
      missed = g.ok / (g.ok + g.bad) < spec.target;
    } else {
      if (g.lat.length === 0) continue;
      missed = quantileSorted(g.lat.sort((a, b) => a - b), 0.95) > spec.target;
    }
    measured++;
    if (!missed) continue;
    breach++;
    const top = [...g.blame.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const cause = top ? top[0] : UNATTRIBUTED;
    byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  }
  let cum = 0;
  const pareto = [...byCause.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cause, n]) => {
      cum += n;
      return { cause, minutes: n, share: n / breach, cumulativeShare: cum / breach };
    });
  return { minutes: measured, breachMinutes: breach, pareto };
}
