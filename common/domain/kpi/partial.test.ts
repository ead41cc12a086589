import { describe, expect, it } from 'vitest';
import { PARTIAL_BELOW, aggregateByBucket, bucketCoverage } from './aggregate';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('partial buckets (a week with one day of data)', () => {
  it('flags a last ISO week holding only its Monday, with the share of the week covered', () => {
    // Mon 2 Nov … Sun 15 Nov 2026 every 6 h, then Monday 16 Nov only.
    const t: number[] = [];
    for (let x = at('2026-11-02T00:00:00Z'); x < at('2026-11-17T00:00:00Z'); x += DAY / 4) t.push(x);
    const weeks = aggregateByBucket(t, null, 'count', 'week', undefined, undefined, { markPartial: true });
    expect(aggregateByBucket(t, null, 'count', 'week').every((w) => w.coverage === undefined)).toBe(true);
    expect(weeks.map((w) => new Date(w.start).toISOString().slice(0, 10))).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(weeks[0]!.coverage).toBeUndefined();
    expect(weeks[1]!.coverage).toBeUndefined();
    // Monday 00:00 to 18:00: 18 h of 168 h.
    expect(weeks[2]!.coverage).toBeCloseTo(18 / 168, 12);
  });

  it('flags a first day that starts in the afternoon, not a day covered from 00:00 to 23:55', () => {
    const t: number[] = [];
    for (let x = at('2026-11-02T14:00:00Z'); x <= at('2026-11-04T23:55:00Z'); x += 5 * 60_000) t.push(x);
    const days = aggregateByBucket(t, Float64Array.from(t, () => 1), 'mean', 'day', undefined, undefined, { markPartial: true });
    expect(days.map((d) => d.coverage)).toEqual([10 / 24, undefined, undefined]);
  });

  it('uses 6/7 as the threshold: a week missing exactly its Sunday is whole, missing more is partial', () => {
    const mon = at('2026-11-02T00:00:00Z');
    expect(PARTIAL_BELOW).toBeCloseTo(6 / 7, 15);
    expect(bucketCoverage(mon, 'week', mon, mon + 6 * DAY)).toBeUndefined();
    expect(bucketCoverage(mon, 'week', mon, mon + 6 * DAY - 60_000)).toBeCloseTo((6 * DAY - 60_000) / (7 * DAY), 12);
    expect(bucketCoverage(mon, 'week', mon + 2 * DAY, mon + 30 * DAY)).toBeCloseTo(5 / 7, 12);
  });
});
