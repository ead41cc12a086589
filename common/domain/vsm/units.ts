import type { Duration, TimeUnit } from './types';

/** Milliseconds, the one unit VSM math computes in. Branded so a raw number in another unit cannot slip in. */
export type Milliseconds = number & { readonly __unit: 'ms' };

/**
 * Milliseconds per unit. A day is a calendar day of 24 h (not a working day): wait times in AI pipelines
 * run around the clock, so a queue of "2 d" means 48 elapsed hours.
 */
export const MS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export const UNIT_LABELS: Readonly<Record<TimeUnit, string>> = { ms: 'ms', s: 's', min: 'min', h: 'h', d: 'd' };

export function ms(n: number): Milliseconds {
  return n as Milliseconds;
}

/** Converts a typed duration to milliseconds; null stays null. */
export function toMs(d: Duration | null | undefined): Milliseconds | null {
  return d ? ms(d.value * MS_PER_UNIT[d.unit]) : null;
}

/** Converts milliseconds to a value in `unit`. */
export function fromMs(value: number, unit: TimeUnit): number {
  return value / MS_PER_UNIT[unit];
}

/** The largest unit in which the value is at least 1 (so 90 000 ms → min, 5 400 000 ms → h). */
export function bestUnit(value: number): TimeUnit {
  const a = Math.abs(value);
  if (a >= MS_PER_UNIT.d) return 'd';
  if (a >= MS_PER_UNIT.h) return 'h';
  if (a >= MS_PER_UNIT.min) return 'min';
  if (a >= MS_PER_UNIT.s) return 's';
  return 'ms';
}

/**
 * The unit totals are shown in: the map's chosen unit while the largest value reads between 1 and 9,999 in it, else
 * the unit that fits that value (bestUnit) — a map timed in milliseconds shows "Lead time 412 ms", never "0 h", and
 * a month-long queue shown in ms becomes days. Every total of one view uses the same unit, so they stay comparable.
 */
export function totalsUnit(preferred: TimeUnit, ...values: readonly (number | null | undefined)[]): TimeUnit {
  let max = 0;
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  if (max === 0) return preferred;
  const inPreferred = fromMs(max, preferred);
  return inPreferred >= 1 && inPreferred < 10_000 ? preferred : bestUnit(max);
}

/** Three significant figures at most, trailing zeros dropped: 4, 4.5, 12.3, 128. */
export function roundSig(v: number, locale?: string): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return localNumber(Number(v.toFixed(digits)), digits, locale);
}

/**
 * A rounded number as text: in a locale's digits and separators when one is given (the screens: "4,5" in de-DE),
 * else the fixed form the reports and exported files use ("4.5").
 */
function localNumber(v: number, digits: number, locale: string | undefined): string {
  return locale === undefined ? String(v) : v.toLocaleString(locale, { maximumFractionDigits: digits });
}

/** "4.5 h" — in the given unit, or the best-fitting one when none is given; `locale` as in roundSig. */
export function formatDuration(value: number | null, unit?: TimeUnit, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const u = unit ?? bestUnit(value);
  return `${roundSig(fromMs(value, u), locale)} ${UNIT_LABELS[u]}`;
}

/** A ratio (0..1) as a percentage with one decimal: "92.5 %". */
export function formatPercent(ratio: number | null, locale?: string): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${localNumber(Number((ratio * 100).toFixed(1)), 1, locale)} %`;
}

/** Rounds a log-derived millisecond value into the unit that reads best, for storing as a Duration. */
export function durationFromMs(value: number): Duration {
  const unit = bestUnit(value);
  return { value: Number(fromMs(value, unit).toPrecision(4)), unit };
}
