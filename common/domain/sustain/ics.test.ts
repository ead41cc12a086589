import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, freezeOccurrences, icsDate, icsUid, icsUtc } from './ics';
import { calendarEntries, calendarHorizon } from './calendar';
import type { CalendarInput } from './calendar';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** Undo RFC 5545 folding: CRLF followed by one space or tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('escapeText (RFC 5545 §3.3.11)', () => {
  it('escapes backslash, semicolon and comma, and writes every line break as \\n', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('one\r\ntwo\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
    // A backslash before an n in the text stays a backslash, not a line break.
    expect(escapeText('C:\\new')).toBe('C:\\\\new');
  });

  it('replaces control characters TEXT does not allow, keeps tabs and non-ASCII', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('a b c\td ');
    expect(escapeText('Überprüfung — 検証 🚀')).toBe('Überprüfung — 検証 🚀');
  });
});

describe('foldLine (RFC 5545 §3.1)', () => {
  it('leaves a line of 75 octets alone and folds the 76th onto a line starting with a space', () => {
    const exact = `SUMMARY:${'x'.repeat(75 - 8)}`;
    expect(foldLine(exact)).toBe(exact);
    const folded = foldLine(`${exact}y`);
    expect(folded.split('\r\n')).toEqual([exact, ' y']);
  });

  it('never lets a physical line pass 75 octets, continuation space included', () => {
    const line = `DESCRIPTION:${'abcdefghij'.repeat(40)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(unfold(foldLine(line))).toBe(line);
  });

  it('does not split a multi-byte character at the fold boundary', () => {
    // 74 ASCII octets, then "é" (2 octets) would end at octet 76: it must move whole to the next line.
    const line = `${'a'.repeat(74)}é tail`;
    const [first, second] = foldLine(line).split('\r\n');
    expect(octets(first ?? '')).toBe(74);
    expect(second).toBe(' é tail');
    // A 4-octet emoji straddling the boundary (73 + 4 > 75) and a 3-octet CJK character likewise.
    for (const [pad, ch] of [[73, '🚀'], [73, '検'], [74, '検']] as const) {
      const l = `${'b'.repeat(pad)}${ch}${'c'.repeat(10)}`;
      const parts = foldLine(l).split('\r\n');
      expect(parts[0]).toBe('b'.repeat(pad));
      expect(parts[1]?.startsWith(` ${ch}`)).toBe(true);
      // Every physical line is valid UTF-8 on its own: decoding its bytes gives the same text back.
      for (const p of parts) expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
      expect(unfold(parts.join('\r\n'))).toBe(l);
    }
  });

  it('folds text made only of multi-byte characters within the limit and round-trips', () => {
    const line = `SUMMARY:${'検証🚀é'.repeat(30)}`;
    const folded = foldLine(line);
    for (const p of folded.split('\r\n')) expect(octets(p)).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(line);
  });
});

describe('buildCalendar', () => {
  const ics = buildCalendar({
    name: 'Demo, with; specials',
    stamp: new Date('2026-12-03T14:05:09.123Z'),
    entries: [{ uid: icsUid('action', 'a1'), summary: 'Cache features, then; measure\nagain', start: '2026-12-31' }],
  });

  it('is a VCALENDAR with VERSION, PRODID, CRLF line ends and a final CRLF', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes all-day dates with an exclusive DTEND across a year end, DTSTAMP in UTC and escaped TEXT', () => {
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(ics).toContain('DTSTAMP:20261203T140509Z\r\n');
    expect(ics).toContain('SUMMARY:Cache features\\, then\\; measure\\nagain\r\n');
    expect(ics).toContain('UID:action-a1@kaizen-studio.invalid\r\n');
    expect(ics).toContain('X-WR-CALNAME:Demo\\, with\\; specials\r\n');
  });

  it('refuses a date that is not on the calendar instead of writing a bad file', () => {
    expect(() => icsDate('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => icsUtc('yesterday')).toThrow(/not an instant/);
  });
});

describe('freeze rules for export', () => {
  it('maps a weekday rule exactly to a weekly RRULE from its first day (UNTIL only when the window ends)', () => {
    // 2026-12-03 is a Thursday; the first Friday is 12-04.
    expect(freezeOccurrences({ kind: 'weekday', weekday: 5 }, '2026-12-03', '2027-12-03', null)).toEqual({ kind: 'weekly', start: '2026-12-04', rrule: 'FREQ=WEEKLY;BYDAY=FR' });
    expect(freezeOccurrences({ kind: 'weekday', weekday: 4 }, '2026-12-03', '2027-01-31', '2027-01-31')).toEqual({
      kind: 'weekly',
      start: '2026-12-03',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270131',
    });
  });

  it('lists month-end business days day by day and keeps quarter-ends to March, June, September, December', () => {
    const m = freezeOccurrences({ kind: 'month-end', businessDays: 3 }, '2026-11-01', '2026-12-31', null);
    expect(m).toEqual({ kind: 'days', days: ['2026-11-26', '2026-11-27', '2026-11-30', '2026-12-29', '2026-12-30', '2026-12-31'] });
    const q = freezeOccurrences({ kind: 'quarter-end', businessDays: 1 }, '2026-11-01', '2027-06-30', null);
    expect(q).toEqual({ kind: 'days', days: ['2026-12-31', '2027-03-31', '2027-06-30'] });
  });

  it('clips a one-off window to the dates given and drops it when nothing is left', () => {
    const r = { kind: 'one-off', startDate: '2026-12-20', endDate: '2027-01-05' } as const;
    expect(freezeOccurrences(r, '2026-12-01', '2026-12-31', null)).toEqual({ kind: 'span', start: '2026-12-20', end: '2026-12-31' });
    expect(freezeOccurrences(r, '2027-02-01', '2027-03-01', null)).toBeNull();
  });
});

describe('calendarEntries', () => {
  const input: CalendarInput = {
    event: { id: 'e1', name: 'Latency', startDate: '2026-11-09', endDate: '2026-11-13' },
    actions: [
      { id: 'a2', title: 'Later', description: '', dueDate: '2026-12-20', status: 'dropped', statusLabel: 'Dropped', ownerName: null },
      { id: 'a1', title: 'Sooner', description: 'why', dueDate: '2026-12-10', status: 'done', statusLabel: 'Done', ownerName: 'Aisha' },
      { id: 'a3', title: 'No date', description: '', dueDate: null, status: 'planned', statusLabel: 'Planned', ownerName: null },
    ],
    freezeWindows: [
      {
        id: 'w1',
        name: 'Month-end',
        reason: 'close',
        rule: { kind: 'month-end', businessDays: 2 },
        description: 'last 2 business days of each month',
        validFrom: null,
        validUntil: '2027-01-31',
        withdrawn: false,
      },
      { id: 'w2', name: 'Old', reason: 'gone', rule: { kind: 'weekday', weekday: 5 }, description: 'Fridays', validFrom: null, validUntil: null, withdrawn: true },
    ],
    reviews: [{ id: 'r30', title: '30-day review', dueDate: '2026-12-13', done: false }],
    today: '2026-12-03',
  };
  const entries = calendarEntries(input);

  it('holds the event span, the review, dated actions by due date (dropped cancelled) and freeze days within validity', () => {
    expect(entries.map((e) => e.uid.replace(/@.*/, ''))).toEqual([
      'event-e1',
      'review-r30',
      'action-a1',
      'action-a2',
      'freeze-w1-2026-11-27',
      'freeze-w1-2026-11-30',
      'freeze-w1-2026-12-30',
      'freeze-w1-2026-12-31',
      'freeze-w1-2027-01-28',
      'freeze-w1-2027-01-29',
      'freeze-w2',
    ]);
    expect(entries[0]).toMatchObject({ start: '2026-11-09', end: '2026-11-13' });
    expect(entries[2]).toMatchObject({ summary: 'Action due: Sooner (done)', status: 'CONFIRMED' });
    expect(entries[3]).toMatchObject({ status: 'CANCELLED' });
    expect(entries.at(-1)).toMatchObject({ status: 'CANCELLED', rrule: 'FREQ=WEEKLY;BYDAY=FR', start: '2026-11-13' });
  });

  it('expands over a year ahead and reaches back to the event start, at most a year', () => {
    expect(calendarHorizon('2026-12-03', '2026-11-09')).toEqual({ from: '2026-11-09', to: '2027-12-03' });
    expect(calendarHorizon('2026-12-03', '2020-01-01')).toEqual({ from: '2025-12-03', to: '2027-12-03' });
    expect(calendarHorizon('2026-12-03', null)).toEqual({ from: '2026-12-03', to: '2027-12-03' });
  });
});
