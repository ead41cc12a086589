import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKaizen } from '../helpers/cli';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The calendar export (issue 17) on the demo event, read back with ical.js, a real RFC 5545 parser.

let s: TestServices;
let eventId: string;
const TRICKY_TITLE = 'Cache features, then; re-measure p95\\ok';
const TRICKY_DESCRIPTION = 'Line one, with a comma;\nline two; a semicolon\r\nline three — Überprüfung 検証 🚀 '.repeat(3);

type Vevent = { uid: string; summary: string; description: string | null; start: ICAL.Time; end: ICAL.Time; status: string; rrule: ICAL.Recur | null; event: ICAL.Event };

function parse(text: string): { cal: ICAL.Component; events: Vevent[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      summary: e.summary,
      description: (c.getFirstPropertyValue('description') as string | null) ?? null,
      start: e.startDate,
      end: e.endDate,
      status: String(c.getFirstPropertyValue('status')),
      rrule: (c.getFirstPropertyValue('rrule') as ICAL.Recur | null) ?? null,
      event: e,
    };
  });
  return { cal, events };
}

beforeAll(async () => {
  s = await tempServices({ clock: fixedClock('2026-12-03T10:00:00.000Z') });
  eventId = (await s.call('demo-create', {})).id;
  await s.call('action-create', { eventId, title: TRICKY_TITLE, description: TRICKY_DESCRIPTION, dueDate: '2026-12-31' });
  await s.call('freeze-create', { eventId, name: 'Year end, all teams; no deploys', reason: 'holidays', rule: { kind: 'one-off', startDate: '2026-12-24', endDate: '2027-01-01' } });
  await s.call('freeze-create', { eventId, name: 'Friday freeze', reason: 'no weekend pages', rule: { kind: 'weekday', weekday: 5 }, validFrom: '2026-12-01', validUntil: '2027-03-31' });
}, 120_000);
afterAll(() => s.close());

describe('sustain-calendar on the demo event', () => {
  it('parses as a VCALENDAR 2.0 with a PRODID, unique stable UIDs and a UTC DTSTAMP on every entry', async () => {
    const file = await s.call('sustain-calendar', { eventId });
    expect(file.mimeType).toBe('text/calendar');
    expect(file.fileName).toMatch(/-calendar\.ics$/);
    const { cal, events } = parse(file.content);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(String(cal.getFirstPropertyValue('prodid'))).toContain('Kaizen Studio');
    const uids = events.map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const u of uids) expect(u).toMatch(/^(event|action|freeze|review)-[\w.-]+@kaizen-studio\.invalid$/);
    for (const c of cal.getAllSubcomponents('vevent')) {
      const stamp = c.getFirstPropertyValue('dtstamp') as ICAL.Time;
      expect(stamp.zone?.tzid).toBe('UTC');
    }
    // Physical lines: CRLF only, none over 75 octets.
    for (const line of file.content.split('\r\n')) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }

    // A second export (a later DTSTAMP) has the same UIDs: a calendar that imports it updates instead of duplicating.
    const again = parse((await s.call('sustain-calendar', { eventId })).content).events.map((e) => e.uid);
    expect(again).toEqual(uids);
  });

  it("has the event's days as an all-day span with an exclusive end", async () => {
    const event = await s.call('event-get', { id: eventId });
    const { events } = parse((await s.call('sustain-calendar', { eventId })).content);
    const e = events.find((x) => x.uid === `event-${eventId}@kaizen-studio.invalid`)!;
    expect(e.summary).toBe(`Kaizen event: ${event.name}`);
    expect(e.start.isDate).toBe(true);
    expect(e.start.toString()).toBe(event.startDate);
    const endExclusive = e.end.clone();
    endExclusive.adjust(-1, 0, 0, 0);
    expect(endExclusive.toString()).toBe(event.endDate);
  });

  it('has every action with a due date on that date, titles and descriptions with commas, semicolons and newlines intact', async () => {
    const actions = await s.call('action-list', { eventId });
    const { events } = parse((await s.call('sustain-calendar', { eventId })).content);
    const dated = actions.filter((a) => a.dueDate !== null);
    expect(dated.length).toBeGreaterThan(2);
    for (const a of dated) {
      const e = events.find((x) => x.uid === `action-${a.id}@kaizen-studio.invalid`);
      expect(e, a.title).toBeDefined();
      expect(e!.start.isDate).toBe(true);
      expect(e!.start.toString()).toBe(a.dueDate);
      expect(e!.summary.startsWith(`Action due: ${a.title}`)).toBe(true);
      expect(e!.status).toBe(a.status === 'dropped' ? 'CANCELLED' : 'CONFIRMED');
    }
    for (const a of actions.filter((x) => x.dueDate === null)) expect(events.some((e) => e.uid.includes(a.id))).toBe(false);

    const tricky = events.find((e) => e.summary === `Action due: ${TRICKY_TITLE}`)!;
    expect(tricky).toBeDefined();
    // Line breaks come back as \n (CRLF in the input is one line break, as RFC 5545 TEXT has only one kind).
    expect(tricky.description).toContain(`\n\n${TRICKY_DESCRIPTION.replace(/\r\n/g, '\n')}`);
    expect(tricky.description).toContain('Status: Planned');
  });

  it('writes the freeze windows: month-end close day by day, the one-off span, the Friday rule as a weekly RRULE ending with the window', async () => {
    const { events } = parse((await s.call('sustain-calendar', { eventId })).content);
    const freeze = events.filter((e) => e.uid.startsWith('freeze-'));
    const monthEnd = freeze.filter((e) => e.summary === 'Change freeze: Month-end close').map((e) => e.start.toString());
    // The demo's window: the last 3 business days of each month; November 2026 is 26, 27 and 30.
    expect(monthEnd.slice(0, 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(monthEnd).toContain('2026-12-29');
    expect(monthEnd.length).toBeGreaterThanOrEqual(36);

    const yearEnd = freeze.find((e) => e.summary === 'Change freeze: Year end, all teams; no deploys')!;
    expect([yearEnd.start.toString(), yearEnd.end.toString()]).toEqual(['2026-12-24', '2027-01-02']);
    expect(yearEnd.rrule).toBeNull();

    const friday = freeze.find((e) => e.summary === 'Change freeze: Friday freeze')!;
    expect(friday.event.isRecurring()).toBe(true);
    const it = friday.event.iterator();
    const days: string[] = [];
    for (let next = it.next(); next; next = it.next()) days.push(next.toString());
    expect(days[0]).toBe('2026-12-04');
    expect(days.at(-1)).toBe('2027-03-26');
    expect(days).toHaveLength(17);
    expect(days.every((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 5)).toBe(true);
  });

  it('updates an entry in place when the action changes, and marks a dropped action cancelled', async () => {
    const a = (await s.call('action-list', { eventId })).find((x) => x.title === TRICKY_TITLE)!;
    await s.call('action-update', { id: a.id, patch: { title: 'Cache features; renamed', dueDate: '2027-01-08', status: 'dropped' } });
    const { events } = parse((await s.call('sustain-calendar', { eventId })).content);
    const same = events.filter((e) => e.uid === `action-${a.id}@kaizen-studio.invalid`);
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ summary: 'Action due: Cache features; renamed', status: 'CANCELLED' });
    expect(same[0]!.start.toString()).toBe('2027-01-08');
  });

  it('has the 30/60/90-day reviews all-day on their due dates with their status; a review run shows as done with its verdicts', async () => {
    const schedule = (await s.call('review-list', { eventId })).schedule;
    expect(schedule.map((r) => r.title)).toEqual(['30-day review', '60-day review', '90-day review']);
    // One added by hand, due before today (3 December): overdue.
    const items = [...schedule.map((r) => ({ id: r.id, title: r.title, dueDate: r.dueDate })), { title: 'Check-in, cache; TTL', dueDate: '2026-12-01' }];
    const added = (await s.call('review-schedule-set', { eventId, items })).find((r) => r.offsetDays === null)!;
    await s.call('review-run', { reviewId: schedule[0]!.id });

    const { events } = parse((await s.call('sustain-calendar', { eventId })).content);
    const review = (id: string) => events.find((e) => e.uid === `review-${id}@kaizen-studio.invalid`)!;
    for (const r of [...schedule, added]) {
      const e = review(r.id);
      expect(e, r.title).toBeDefined();
      expect(e.start.isDate).toBe(true);
      expect(e.start.toString()).toBe(r.dueDate);
    }
    const done = review(schedule[0]!.id);
    expect(done.summary).toBe('Review: 30-day review (done)');
    expect(done.description).toMatch(/^Kaizen event: .*\nStatus: Done \(1 result, last run 2026-12-03\)\nInference p95 response time: Not enough data\n/);
    expect(review(schedule[1]!.id)).toMatchObject({ summary: 'Review: 60-day review' });
    expect(review(schedule[1]!.id).description).toMatch(/\nStatus: Due\nAppend the fresh logs to the datasets, then Run review/);
    expect(review(added.id).summary).toBe('Review: Check-in, cache; TTL');
    expect(review(added.id).description).toMatch(/\nStatus: Overdue\n/);
  });

  it('is refused with NOT_FOUND for an event that does not exist', async () => {
    await expect(s.call('sustain-calendar', { eventId: 'no-such-event' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('kaizen calendar', () => {
  it('writes the file with --out and prints ICS on stdout without it; a missing event exits 2', async () => {
    const out = path.join(tempDir('kaizen-ics-'), 'demo.ics');
    const written = await runKaizen('calendar', '--event', eventId, '--data-dir', s.dataDir, '--out', out);
    expect(written.err).toBe('');
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/^Wrote .*demo\.ics: \d+ calendar entries\./);
    const fromFile = parse(fs.readFileSync(out, 'utf8')).events;
    expect(fromFile.some((e) => e.uid === `event-${eventId}@kaizen-studio.invalid`)).toBe(true);

    const printed = await runKaizen('calendar', '--event', eventId, '--data-dir', s.dataDir);
    expect(printed.code).toBe(0);
    expect(printed.out.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(parse(printed.out).events.map((e) => e.uid).filter((u) => !u.startsWith('freeze-'))).toEqual(
      fromFile.map((e) => e.uid).filter((u) => !u.startsWith('freeze-')),
    );

    const missing = await runKaizen('calendar', '--event', 'nope', '--data-dir', s.dataDir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope/);
  });
});
