import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  daysInMonth,
  describeRule,
  formatCalendarDate,
  freezeMonth,
  fromDayNumber,
  isoWeekday,
  lastBusinessDays,
  localCalendarDate,
  parseCalendarDate,
  ruleCovers,
  windowCovers,
} from './freeze';

// Reference: the same questions answered with Date in UTC (no local time zone involved).
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
const refWeekday = (iso: string) => ((utc(iso).getUTCDay() + 6) % 7) + 1;
const refDaysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
function refLastBusinessDays(y: number, m: number, n: number): string[] {
  const out: string[] = [];
  for (let d = refDaysInMonth(y, m); d >= 1 && out.length < n; d--) {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.unshift(date.toISOString().slice(0, 10));
  }
  return out;
}

const year = fc.integer({ min: 1900, max: 2200 });
const month = fc.integer({ min: 1, max: 12 });
const isoDate = fc
  .record({ y: year, m: month, d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => formatCalendarDate({ year: y, month: m, day: Math.min(d, refDaysInMonth(y, m)) }));
const TIME_ZONES = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'Asia/Kathmandu', 'Europe/Berlin', 'Australia/Lord_Howe'];

describe('calendar dates as integers', () => {
  it('day numbers round-trip and agree with Date.UTC across leap years and centuries', () => {
    fc.assert(
      fc.property(isoDate, (iso) => {
        const d = parseCalendarDate(iso)!;
        expect(dayNumber(d)).toBe(utc(iso).getTime() / 86_400_000);
        expect(formatCalendarDate(fromDayNumber(dayNumber(d)))).toBe(iso);
        expect(isoWeekday(d)).toBe(refWeekday(iso));
      }),
      { numRuns: 2000 },
    );
  });

  it('adding days crosses month and year ends like Date.UTC does', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -800, max: 800 }), (iso, n) => {
        expect(addDays(iso, n)).toBe(new Date(utc(iso).getTime() + n * 86_400_000).toISOString().slice(0, 10));
        expect(addDays(addDays(iso, n), -n)).toBe(iso);
      }),
    );
  });

  it('knows leap years: 2024-02-29 and 2000-02-29 exist, 2026-02-29 and 1900-02-29 do not', () => {
    expect(parseCalendarDate('2024-02-29')).not.toBeNull();
    expect(parseCalendarDate('2000-02-29')).not.toBeNull();
    expect(parseCalendarDate('2026-02-29')).toBeNull();
    expect(parseCalendarDate('1900-02-29')).toBeNull();
    expect(parseCalendarDate('2026-13-01')).toBeNull();
    fc.assert(fc.property(year, month, (y, m) => daysInMonth(y, m) === refDaysInMonth(y, m)));
  });
});

describe('recurring freeze rules', () => {
  it('month-end covers exactly the last N business days of every month (property, against a Date.UTC reference)', () => {
    fc.assert(
      fc.property(year, month, fc.integer({ min: 1, max: 10 }), (y, m, n) => {
        const days = lastBusinessDays(y, m, n);
        expect(days).toEqual(refLastBusinessDays(y, m, n));
        expect(days).toHaveLength(n);
        const covered = freezeMonth([{ rule: { kind: 'month-end', businessDays: n }, validFrom: null, validUntil: null }], y, m)
          .filter((d) => d.windows.length > 0)
          .map((d) => d.date);
        expect(covered).toEqual(days);
        // Never a weekend, and every business day after the first frozen one is frozen.
        for (const d of covered) expect(isoWeekday(parseCalendarDate(d)!)).toBeLessThanOrEqual(5);
      }),
      { numRuns: 1000 },
    );
  });

  it('month-end never leaks into the next month: the first days of a month are free of a last-3-days rule', () => {
    fc.assert(
      fc.property(year, month, (y, m) => {
        const first = formatCalendarDate({ year: y, month: m, day: 1 });
        const lastOfPrev = addDays(first, -1);
        const rule = { kind: 'month-end', businessDays: 3 } as const;
        // 3 business days never span more than 5 calendar days (a weekend in between), so day 1..(len-5) are free.
        expect(ruleCovers(rule, first)).toBe(refLastBusinessDays(y, m, 3).includes(first));
        if (isoWeekday(parseCalendarDate(lastOfPrev)!) <= 5) expect(ruleCovers(rule, lastOfPrev)).toBe(true);
      }),
    );
  });

  it('quarter-end covers only March, June, September and December', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 10 }), (iso, n) => {
        const d = parseCalendarDate(iso)!;
        const expected = d.month % 3 === 0 && refLastBusinessDays(d.year, d.month, n).includes(iso);
        expect(ruleCovers({ kind: 'quarter-end', businessDays: n }, iso)).toBe(expected);
      }),
    );
  });

  it('a weekday rule covers that weekday only; a one-off covers its inclusive range', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 7 }), (iso, wd) => {
        expect(ruleCovers({ kind: 'weekday', weekday: wd as 1 }, iso)).toBe(refWeekday(iso) === wd);
      }),
    );
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 40 }), fc.integer({ min: -5, max: 45 }), (start, len, off) => {
        const end = addDays(start, len);
        const probe = addDays(start, off);
        expect(ruleCovers({ kind: 'one-off', startDate: start, endDate: end }, probe)).toBe(off >= 0 && off <= len);
      }),
    );
  });

  it('worked examples: November 2026 month-end close is 26, 27 and 30 November (28–29 is a weekend)', () => {
    expect(lastBusinessDays(2026, 11, 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(lastBusinessDays(2024, 2, 2)).toEqual(['2024-02-28', '2024-02-29']);
    expect(ruleCovers({ kind: 'month-end', businessDays: 3 }, '2026-11-21')).toBe(false);
    expect(describeRule({ kind: 'month-end', businessDays: 3 })).toBe('last 3 business days of each month');
    expect(describeRule({ kind: 'weekday', weekday: 5 })).toBe('every Friday');
  });

  it('validity bounds limit a recurring rule', () => {
    const w = { rule: { kind: 'month-end', businessDays: 3 } as const, validFrom: '2026-12-01', validUntil: null };
    expect(windowCovers(w, '2026-11-30')).toBe(false);
    expect(windowCovers(w, '2026-12-31')).toBe(true);
  });
});

describe('time zones', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it('the local calendar date of a local wall-clock time is that date in every zone (no drift at midnight or DST)', () => {
    for (const tz of TIME_ZONES) {
      process.env.TZ = tz;
      fc.assert(
        fc.property(isoDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (iso, h, min) => {
          const d = parseCalendarDate(iso)!;
          const at = new Date(d.year, d.month - 1, d.day, h, min);
          // A wall-clock time skipped by a DST jump moves forward within the same day or into the next.
          if (at.getHours() === h) expect(localCalendarDate(at)).toBe(iso);
          // Freeze rules never look at the instant: the same date string gives the same answer in every zone.
          expect(ruleCovers({ kind: 'month-end', businessDays: 3 }, iso)).toBe(refLastBusinessDays(d.year, d.month, 3).includes(iso));
        }),
        { numRuns: 300 },
      );
    }
  });
});
