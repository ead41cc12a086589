import type { Duration, Stage } from './types';
import type { MetricStage } from './metrics';

/** Builds a stage for tests and examples: times in hours unless a Duration is given. */
export function stage(id: string, pt: number | Duration | null, wt: number | Duration | null = 0, more: Partial<MetricStage> = {}): MetricStage {
  const d = (v: number | Duration | null): Duration | null => (v === null ? null : typeof v === 'number' ? { value: v, unit: 'h' } : v);
  return { id, name: id, pt: d(pt), wt: d(wt), ca: null, uptime: null, parallelGroup: '', reworkToId: null, reworkShare: 0, ...more };
}

/** A full stored stage (as vsm-get returns it) for rendering tests. */
export function fullStage(id: string, name: string, ptHours: number | null, more: Partial<Stage> = {}): Stage {
  return {
    ...stage(id, ptHours, 0),
    name,
    mapId: 'm',
    position: 0,
    batchSize: null,
    frequency: '',
    ownerId: null,
    system: '',
    people: null,
    notes: '',
    filled: {},
    ...more,
  } as Stage;
}
