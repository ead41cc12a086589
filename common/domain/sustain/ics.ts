/**
 * iCalendar (RFC 5545) text for the event's follow-up calendar: plain data in, one VCALENDAR string out.
 *
 * Every entry is an all-day event (`DTSTART;VALUE=DATE`, `DTEND` exclusive, RFC 5545 §3.6.1): due dates,
 * freeze days and review dates are calendar dates of the room, never instants, so no time zone is written
 * and no client moves them. `DTSTAMP` (and `LAST-MODIFIED`) are UTC date-times (§3.8.7.2). `UID`s are the record
 * id and kind at a fixed domain (§3.8.4.7), so importing a newer export updates the entries instead of
 * duplicating them. TEXT values are escaped (§3.3.11) and content lines folded at 75 octets (§3.1).
 */
import { addDays, isoWeekday, lastBusinessDays, parseCalendarDate } from '../governance/freeze';
import type { FreezeRule } from '../governance/freeze';

/** The UID domain: a name we own no DNS for, so it never collides with a real calendar's UIDs. */
export const ICS_UID_DOMAIN = 'kaizen-studio.invalid';
export const ICS_PRODID = '-//Kaizen Studio//Calendar export//EN';

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

/** One all-day entry; `end` is the last day it covers (inclusive), so DTEND is the day after. */
export type IcsEntry = Readonly<{
  uid: string;
  summary: string;
  description?: string;
  start: string;
  end?: string;
  /** An RRULE value (without the `RRULE:` name), for rules that map exactly. */
  rrule?: string;
  status?: IcsStatus;
  categories?: readonly string[];
  /** ISO instant of the record's last change. */
  lastModified?: string;
}>;

const CRLF = '\r\n';

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash; every line break
 * (CRLF, CR, LF) becomes `\n`. Other control characters are not allowed in TEXT and become a space.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets without its CRLF; each continuation
 * starts with one space, which counts. A split never falls inside a UTF-8 sequence (code points are whole; a
 * lone surrogate counts as the 3-byte U+FFFD it is encoded as).
 */
export function foldLine(line: string, limit = 75): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + n > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/** `YYYY-MM-DD` → `YYYYMMDD` (an RFC 5545 DATE). */
export function icsDate(iso: string): string {
  if (!parseCalendarDate(iso)) throw new RangeError(`not a calendar date: ${iso}`);
  return iso.replace(/-/g, '');
}

/** An instant → `YYYYMMDDTHHMMSSZ` (UTC, RFC 5545 §3.3.5 form 2). */
export function icsUtc(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A stable UID for a record: kind + id at the export domain (ids hold no characters that need escaping). */
export function icsUid(kind: string, id: string, suffix?: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(kind)}-${safe(id)}${suffix ? `-${safe(suffix)}` : ''}@${ICS_UID_DOMAIN}`;
}

function entryLines(e: IcsEntry, stamp: string): string[] {
  const end = e.end !== undefined && e.end >= e.start ? e.end : e.start;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icsDate(e.start)}`,
    `DTEND;VALUE=DATE:${icsDate(addDays(end, 1))}`,
  ];
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  lines.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.categories && e.categories.length > 0) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, 'TRANSP:TRANSPARENT');
  if (e.lastModified) lines.push(`LAST-MODIFIED:${icsUtc(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar: VERSION 2.0, PRODID, one VEVENT per entry; CRLF line ends, folded, ends with CRLF. */
export function buildCalendar(input: Readonly<{ name: string; stamp: Date | string; entries: readonly IcsEntry[] }>): string {
  const stamp = icsUtc(input.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    ...input.entries.flatMap((e) => entryLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map((l) => foldLine(l)).join(CRLF) + CRLF;
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** How a freeze rule is written out: one span of days, one weekly recurrence, or a list of single days. */
export type FreezeOccurrences =
  | Readonly<{ kind: 'span'; start: string; end: string }>
  | Readonly<{ kind: 'weekly'; start: string; rrule: string }>
  | Readonly<{ kind: 'days'; days: readonly string[] }>;

function eachMonth(from: string, to: string): { year: number; month: number }[] {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  if (!a || !b) return [];
  const out: { year: number; month: number }[] = [];
  let { year, month } = a;
  while (year < b.year || (year === b.year && month <= b.month)) {
    out.push({ year, month });
    if (month === 12) {
      month = 1;
      year++;
    } else month++;
  }
  return out;
}

/**
 * A freeze rule between two dates (inclusive; the window's validity already applied), for export, or null when
 * nothing of it falls there. A one-off window is one span (clipped); a weekday rule maps exactly to
 * `FREQ=WEEKLY;BYDAY=…` from its first day on or after `from` (with `UNTIL` when `until` is given: the window's
 * own end, not the horizon's); month-end and quarter-end business days are listed day by day (`BYSETPOS` would
 * say it exactly, but calendar clients read it unevenly).
 */
export function freezeOccurrences(rule: FreezeRule, from: string, to: string, until: string | null): FreezeOccurrences | null {
  if (to < from) return null;
  switch (rule.kind) {
    case 'one-off': {
      const start = rule.startDate > from ? rule.startDate : from;
      const end = rule.endDate < to ? rule.endDate : to;
      return end < start ? null : { kind: 'span', start, end };
    }
    case 'weekday': {
      const first = parseCalendarDate(from);
      if (!first) return null;
      const start = addDays(from, (rule.weekday - isoWeekday(first) + 7) % 7);
      if (until !== null && start > until) return null;
      return { kind: 'weekly', start, rrule: `FREQ=WEEKLY;BYDAY=${BYDAY[rule.weekday - 1]}${until !== null ? `;UNTIL=${icsDate(until)}` : ''}` };
    }
    case 'month-end':
    case 'quarter-end': {
      const days = eachMonth(from, to)
        .filter((m) => rule.kind === 'month-end' || m.month % 3 === 0)
        .flatMap((m) => lastBusinessDays(m.year, m.month, rule.businessDays))
        .filter((d) => d >= from && d <= to);
      return days.length === 0 ? null : { kind: 'days', days };
    }
  }
}
