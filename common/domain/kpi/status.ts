export type Direction = 'lower' | 'higher';
export type KpiStatus = 'on-track' | 'at-risk' | 'off-track' | 'no-target';

export const STATUS_LABELS: Readonly<Record<KpiStatus, string>> = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  'no-target': 'No target set',
};

/**
 * Progress from baseline to target, as a fraction: (current − baseline)/(target − baseline).
 * 0 = still at baseline, 1 = target reached, negative = worse than baseline. Null when undefined.
 */
export function progressToTarget(current: number | null, baseline: number | null, target: number | null): number | null {
  if (current === null || baseline === null || target === null || target === baseline) return null;
  return (current - baseline) / (target - baseline);
}

/** True when `value` is on the bad side of `threshold` (above it when lower is better, below when higher is). */
export function crosses(value: number, threshold: number, direction: Direction): boolean {
  return direction === 'lower' ? value > threshold : value < threshold;
}

/**
 * Status of a KPI (our rule, shown in the help): an active alert (latest value beyond the alert
 * threshold) or progress ≤ 0 (no better than baseline) → off track; target reached (progress ≥ 1) →
 * on track; in between (moving toward the target but not there) → at risk. Without a target → no target.
 */
export function kpiStatus(o: Readonly<{ current: number | null; baseline: number | null; target: number | null; direction: Direction; alertActive: boolean }>): KpiStatus {
  if (o.alertActive) return 'off-track';
  if (o.target === null || o.current === null) return 'no-target';
  if (o.baseline === null) {
    const met = o.direction === 'lower' ? o.current <= o.target : o.current >= o.target;
    return met ? 'on-track' : 'at-risk';
  }
  const p = progressToTarget(o.current, o.baseline, o.target);
  if (p === null) return 'on-track';
  if (p >= 1) return 'on-track';
  return p > 0 ? 'at-risk' : 'off-track';
}

export type Alert = Readonly<{ firstCrossedAt: number; active: boolean; lastValue: number }>;

/**
 * Alert state of a series against a threshold: the time of the first point that crossed it, and
 * whether the latest point is still beyond it. Null when no point ever crossed.
 */
export function alertOf(points: readonly Readonly<{ time: number; value: number }>[], threshold: number | null, direction: Direction): Alert | null {
  if (threshold === null || points.length === 0) return null;
  const first = points.find((p) => crosses(p.value, threshold, direction));
  if (!first) return null;
  const last = points[points.length - 1]!;
  return { firstCrossedAt: first.time, active: crosses(last.value, threshold, direction), lastValue: last.value };
}
