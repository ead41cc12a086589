import type { VsmMetrics } from './metrics';

export type MetricKey = 'leadTimeMs' | 'processTimeMs' | 'waitTimeMs' | 'pce' | 'rolledCa' | 'taktMs' | 'constraintPtMs';
export type MetricDelta = Readonly<{
  key: MetricKey;
  label: string;
  kind: 'duration' | 'ratio';
  current: number | null;
  future: number | null;
  /** future − current; null when either is missing. */
  delta: number | null;
  /** delta ÷ current; null when current is 0 or missing. */
  relative: number | null;
  /** Whether the change is an improvement (lower times, higher PCE and %C&A); null when unchanged or unknown. */
  better: boolean | null;
}>;

export type StageDelta = Readonly<{ name: string; currentMs: number | null; futureMs: number | null; delta: number | null }>;

const DEFS: readonly { key: MetricKey; label: string; kind: 'duration' | 'ratio'; higherIsBetter: boolean | null; get: (m: VsmMetrics) => number | null }[] = [
  { key: 'leadTimeMs', label: 'Lead time', kind: 'duration', higherIsBetter: false, get: (m) => m.leadTimeMs },
  { key: 'processTimeMs', label: 'Process time', kind: 'duration', higherIsBetter: false, get: (m) => m.processTimeMs },
  { key: 'waitTimeMs', label: 'Wait time', kind: 'duration', higherIsBetter: false, get: (m) => m.waitTimeMs },
  { key: 'pce', label: 'Process cycle efficiency', kind: 'ratio', higherIsBetter: true, get: (m) => m.pce },
  { key: 'rolledCa', label: 'Rolled %C&A', kind: 'ratio', higherIsBetter: true, get: (m) => m.rolledCa },
  { key: 'taktMs', label: 'Takt time', kind: 'duration', higherIsBetter: null, get: (m) => m.taktMs },
  { key: 'constraintPtMs', label: 'Constraint effective PT', kind: 'duration', higherIsBetter: false, get: (m) => m.constraint?.effectivePtMs ?? null },
];

/**
 * Future-state deltas on every metric: delta = future − current, relative = delta ÷ current.
 * "better" follows lean direction: shorter times, higher PCE and rolled %C&A; takt has no direction.
 */
export function metricDeltas(current: VsmMetrics, future: VsmMetrics): MetricDelta[] {
  return DEFS.map((d) => {
    const c = d.get(current);
    const f = d.get(future);
    const delta = c !== null && f !== null ? f - c : null;
    const relative = delta !== null && c ? delta / c : null;
    const better = delta === null || delta === 0 || d.higherIsBetter === null ? null : d.higherIsBetter === delta > 0;
    return { key: d.key, label: d.label, kind: d.kind, current: c, future: f, delta, relative, better };
  });
}

/** Per-stage change in expected time, matching stages by name (case-insensitive), future order first. */
export function stageDeltas(current: VsmMetrics, future: VsmMetrics): StageDelta[] {
  const key = (n: string) => n.trim().toLowerCase();
  const cur = new Map(current.stages.map((s) => [key(s.name), s.expectedMs]));
  const seen = new Set<string>();
  const out: StageDelta[] = future.stages.map((s) => {
    seen.add(key(s.name));
    const c = cur.get(key(s.name)) ?? null;
    return { name: s.name, currentMs: c, futureMs: s.expectedMs, delta: c === null ? null : s.expectedMs - c };
  });
  for (const s of current.stages) if (!seen.has(key(s.name))) out.push({ name: s.name, currentMs: s.expectedMs, futureMs: null, delta: null });
  return out;
}
