import type { TimeUnit } from '../../../../common/domain/vsm/types';
import { formatDuration, formatPercent } from '../../../../common/domain/vsm/units';
import { fmt } from '../../format';

// The map's durations and shares on screen, in the app's locale (Display settings): "4,5 h" in de-DE. Reports and
// exported SVG/PNG call the domain's functions without a locale and keep their fixed form.

/** A duration in ms as "4.5 h" (in the given unit, or the one that reads best), in the app's locale. */
export function duration(ms: number | null, unit?: TimeUnit): string {
  return formatDuration(ms, unit, fmt().locale);
}

/** A ratio (0..1) as "92.5 %", in the app's locale. */
export function percent(ratio: number | null): string {
  return formatPercent(ratio, fmt().locale);
}
