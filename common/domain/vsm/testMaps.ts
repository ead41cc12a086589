import type { Duration } from '../../contract/schemas/vsm';
import type { MetricStage } from './metrics';

/** Builds a stage for tests and examples: times in hours unless a Duration is given. */
export function stage(id: string, pt: number | Duration | null, wt: number | Duration | null = 0, more: Partial<MetricStage> = {}): MetricStage {
  const d = (v: number | Duration | null): Duration | null => (v === null ? null : typeof v === 'number' ? { value: v, unit: 'h' } : v);
  return { id, name: id, pt: d(pt), wt: d(wt), ca: null, uptime: null, parallelGroup: '', reworkToId: null, reworkShare: 0, ...more };
}
