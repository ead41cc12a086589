/**
 * Change-freeze calendar: which calendar dates a freeze rule covers. Dates are plain calendar dates
 * (`YYYY-MM-DD`) handled as integers (days since 1970-01-01 in the proleptic Gregorian calendar), never as
 * JavaScript `Date` instants, so no time zone or daylight-saving shift can move a freeze day.
 *
 * Business days are Monday to Friday (no public-holiday calendar). Day arithmetic follows Howard Hinnant's
 * `days_from_civil` / `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms").
 */

export type CalendarDate = Readonly<{ year: number; month: number; day: number }>;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type FreezeRule =
  | Readonly<{ kind: 'one-off'; startDate: string; endDate: string }>
  /** The last N business days of every month (month-end close). */
  | Readonly<{ kind: 'month-end'; businessDays: number }>
  /** The last N business days of March, June, September and December. */
  | Readonly<{ kind: 'quarter-end'; businessDays: number }>
  /** Every given weekday (e.g. no changes on Fridays). */
  | Readonly<{ kind: 'weekday'; weekday: IsoWeekday }>;

/** A rule with the dates it applies between (inclusive; null = open-ended). */
export type FreezeWindowRule = Readonly<{ rule: FreezeRule; validFrom: string | null; validUntil: string | null }>;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return MONTH_DAYS[month - 1] ?? 0;
}

/** Parses `YYYY-MM-DD`; null when it is not a real calendar date (2026-02-30). */
export function parseCalendarDate(iso: string): CalendarDate | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(d: CalendarDate): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): CalendarDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of a calendar date (1970-01-01 was a Thursday). */
export function isoWeekday(d: CalendarDate): IsoWeekday {
  const n = dayNumber(d);
  return ((((n + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

export function addDays(iso: string, days: number): string {
  const d = parseCalendarDate(iso);
  if (!d) throw new RangeError(`not a calendar date: ${iso}`);
  return formatCalendarDate(fromDayNumber(dayNumber(d) + days));
}

/** The local calendar date of an instant on this machine (the facilitator's calendar), as YYYY-MM-DD. */
export function localCalendarDate(at: Date): string {
  return formatCalendarDate({ year: at.getFullYear(), month: at.getMonth() + 1, day: at.getDate() });
}

/** The last `n` business days (Mon–Fri) of a month, earliest first. */
export function lastBusinessDays(year: number, month: number, n: number): string[] {
  const out: string[] = [];
  for (let day = daysInMonth(year, month); day >= 1 && out.length < n; day--) {
    const d = { year, month, day };
    if (isoWeekday(d) <= 5) out.push(formatCalendarDate(d));
  }
  return out.reverse();
}

/** Whether a rule (ignoring its validity bounds) covers a date. */
export function ruleCovers(rule: FreezeRule, iso: string): boolean {
  const d = parseCalendarDate(iso);
  if (!d) return false;
  switch (rule.kind) {
    case 'one-off':
      return iso >= rule.startDate && iso <= rule.endDate;
    case 'weekday':
      return isoWeekday(d) === rule.weekday;
    case 'quarter-end':
      if (d.month % 3 !== 0) return false;
      return lastBusinessDays(d.year, d.month, rule.businessDays).includes(iso);
    case 'month-end':
      return lastBusinessDays(d.year, d.month, rule.businessDays).includes(iso);
  }
}

/** Whether a window (rule within its validity bounds) covers a date. */
export function windowCovers(w: FreezeWindowRule, iso: string): boolean {
  if (w.validFrom !== null && iso < w.validFrom) return false;
  if (w.validUntil !== null && iso > w.validUntil) return false;
  return ruleCovers(w.rule, iso);
}

/** Every date of a month, with the indexes of the windows covering it (for a month view). */
export function freezeMonth(windows: readonly FreezeWindowRule[], year: number, month: number): { date: string; windows: number[] }[] {
  const out: { date: string; windows: number[] }[] = [];
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    const date = formatCalendarDate({ year, month, day });
    const hits: number[] = [];
    windows.forEach((w, i) => {
      if (windowCovers(w, date)) hits.push(i);
    });
    out.push({ date, windows: hits });
  }
  return out;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A rule in words, e.g. "last 3 business days of each month". */
export function describeRule(rule: FreezeRule): string {
  switch (rule.kind) {
    case 'one-off':
      return rule.startDate === rule.endDate ? rule.startDate : `${rule.startDate} to ${rule.endDate}`;
    case 'month-end':
      return `last ${rule.businessDays} business day${rule.businessDays === 1 ? '' : 's'} of each month`;
    case 'quarter-end':
      return `last ${rule.businessDays} business day${rule.businessDays === 1 ? '' : 's'} of each quarter`;
    case 'weekday':
      return `every ${WEEKDAY_NAMES[rule.weekday - 1]}`;
  }
}
