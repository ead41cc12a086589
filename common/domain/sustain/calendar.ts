/**
 * The event's follow-up calendar as ICS entries: the event's own days, action due dates, change-freeze windows and
 * review dates. Plain data in (what the services read), `IcsEntry[]` / ICS text out (ics.ts writes the format).
 */
import { addDays } from '../governance/freeze';
import type { FreezeRule } from '../governance/freeze';
import { buildCalendar, freezeOccurrences, icsUid } from './ics';
import type { IcsEntry } from './ics';

export type CalendarEvent = Readonly<{ id: string; name: string; startDate: string | null; endDate: string | null; updatedAt?: string }>;

export type CalendarAction = Readonly<{
  id: string;
  title: string;
  description: string;
  dueDate: string | null;
  /** 'dropped' exports as a cancelled entry, so a calendar that imported it earlier crosses it out. */
  status: 'planned' | 'in-progress' | 'done' | 'verified' | 'dropped';
  statusLabel: string;
  ownerName: string | null;
  updatedAt?: string;
}>;

export type CalendarFreezeWindow = Readonly<{
  id: string;
  name: string;
  reason: string;
  rule: FreezeRule;
  /** The rule in words ("last 3 business days of each month"). */
  description: string;
  validFrom: string | null;
  validUntil: string | null;
  /** A withdrawn window exports as cancelled entries. */
  withdrawn: boolean;
}>;

/** A 30/60/90-day review (or any follow-up meeting) on a calendar date. */
export type CalendarReview = Readonly<{ id: string; title: string; dueDate: string; done: boolean; note?: string; updatedAt?: string }>;

export type CalendarInput = Readonly<{
  event: CalendarEvent;
  actions: readonly CalendarAction[];
  freezeWindows: readonly CalendarFreezeWindow[];
  reviews?: readonly CalendarReview[];
  /** Today on the room's calendar (YYYY-MM-DD): the freeze horizon is counted from it. */
  today: string;
}>;

/** How far ahead recurring freeze days are written out (and how far back at most, to the event's start). */
export const CALENDAR_HORIZON_DAYS = 365;

/**
 * The dates freeze rules are expanded over: from the event's start (or today, whichever is earlier, but at most
 * a year back) to a year after today.
 */
export function calendarHorizon(today: string, eventStart: string | null): { from: string; to: string } {
  const earliest = addDays(today, -CALENDAR_HORIZON_DAYS);
  const start = eventStart !== null && eventStart < today ? eventStart : today;
  return { from: start < earliest ? earliest : start, to: addDays(today, CALENDAR_HORIZON_DAYS) };
}

function eventEntries(e: CalendarEvent): IcsEntry[] {
  const start = e.startDate ?? e.endDate;
  if (start === null) return [];
  return [{ uid: icsUid('event', e.id), summary: `Kaizen event: ${e.name}`, start, end: e.endDate ?? start, categories: ['Kaizen event'], lastModified: e.updatedAt }];
}

function actionEntry(a: CalendarAction, eventName: string): IcsEntry[] {
  if (a.dueDate === null) return [];
  const finished = a.status === 'done' || a.status === 'verified';
  const lines = [`Status: ${a.statusLabel}`, `Owner: ${a.ownerName ?? 'nobody yet'}`, `Kaizen event: ${eventName}`];
  if (a.description.trim()) lines.push('', a.description);
  return [
    {
      uid: icsUid('action', a.id),
      summary: `Action due: ${a.title}${finished ? ` (${a.statusLabel.toLowerCase()})` : ''}`,
      description: lines.join('\n'),
      start: a.dueDate,
      status: a.status === 'dropped' ? 'CANCELLED' : 'CONFIRMED',
      categories: ['Kaizen action'],
      lastModified: a.updatedAt,
    },
  ];
}

function freezeEntries(w: CalendarFreezeWindow, horizon: { from: string; to: string }): IcsEntry[] {
  const from = w.validFrom !== null && w.validFrom > horizon.from ? w.validFrom : horizon.from;
  const to = w.validUntil !== null && w.validUntil < horizon.to ? w.validUntil : horizon.to;
  const occ = freezeOccurrences(w.rule, from, to, w.validUntil);
  if (!occ) return [];
  const base = {
    summary: `Change freeze: ${w.name}`,
    description: `${w.description}\nReason: ${w.reason}${w.withdrawn ? '\nWithdrawn.' : ''}`,
    status: w.withdrawn ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    categories: ['Change freeze'],
  };
  switch (occ.kind) {
    case 'span':
      return [{ ...base, uid: icsUid('freeze', w.id), start: occ.start, end: occ.end }];
    case 'weekly':
      return [{ ...base, uid: icsUid('freeze', w.id), start: occ.start, rrule: occ.rrule }];
    case 'days':
      // One entry per day, each with its own stable UID (window id + date).
      return occ.days.map((d) => ({ ...base, uid: icsUid('freeze', w.id, d), start: d }));
  }
}

function reviewEntry(r: CalendarReview, eventName: string): IcsEntry {
  return {
    uid: icsUid('review', r.id),
    summary: `Review: ${r.title}${r.done ? ' (done)' : ''}`,
    description: [`Kaizen event: ${eventName}`, r.note ?? ''].filter(Boolean).join('\n'),
    start: r.dueDate,
    categories: ['Kaizen review'],
    lastModified: r.updatedAt,
  };
}

/** Every entry of the event's calendar, in a stable order: event, reviews, actions by due date, freeze windows. */
export function calendarEntries(input: CalendarInput): IcsEntry[] {
  const horizon = calendarHorizon(input.today, input.event.startDate);
  const byDue = [...input.actions].sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  return [
    ...eventEntries(input.event),
    ...(input.reviews ?? []).map((r) => reviewEntry(r, input.event.name)),
    ...byDue.flatMap((a) => actionEntry(a, input.event.name)),
    ...input.freezeWindows.flatMap((w) => freezeEntries(w, horizon)),
  ];
}

/** The event's calendar as ICS text (RFC 5545), stamped with `stamp` (the export time). */
export function eventCalendarIcs(input: CalendarInput, stamp: Date | string): string {
  return buildCalendar({ name: `${input.event.name} — Kaizen follow-up`, stamp, entries: calendarEntries(input) });
}
