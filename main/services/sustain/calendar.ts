import { ACTION_STATUS_LABELS } from '../../../common/contract/schemas/actions';
import { describeRule } from '../../../common/domain/governance/freeze';
import type { FreezeRule } from '../../../common/domain/governance/freeze';
import { eventCalendarIcs } from '../../../common/domain/sustain/calendar';
import type { CalendarInput } from '../../../common/domain/sustain/calendar';
import { fileStem } from '../../../common/domain/text/fileStem';
import type { ServiceContext } from '../../context';
import { listActions } from '../../db/repositories/improve';
import { listWindows } from '../../db/repositories/signoffs';
import { listMembers } from '../../db/repositories/team';
import { todayIso } from '../governance/freeze';
import { requireEvent } from '../lookups';

/**
 * What the event's calendar holds, read from the store: the event's dates, every action with a due date, every
 * freeze window (withdrawn ones as cancelled). Reviews join here when they land: `reviews: listReviews(…)`.
 */
export function calendarInput(ctx: ServiceContext, eventId: string): CalendarInput {
  const event = requireEvent(ctx, eventId);
  const names = new Map(listMembers(ctx.db, eventId).map((m) => [m.id, m.name]));
  return {
    event: { id: event.id, name: event.name, startDate: event.startDate, endDate: event.endDate, updatedAt: event.updatedAt },
    actions: listActions(ctx.db, eventId).map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      dueDate: a.dueDate,
      status: a.status,
      statusLabel: ACTION_STATUS_LABELS[a.status],
      ownerName: a.ownerId === null ? null : (names.get(a.ownerId) ?? 'removed member'),
      updatedAt: a.updatedAt,
    })),
    freezeWindows: listWindows(ctx.db, eventId).map((w) => ({
      id: w.id,
      name: w.name,
      reason: w.reason,
      rule: w.rule as FreezeRule,
      description: describeRule(w.rule as FreezeRule),
      validFrom: w.validFrom,
      validUntil: w.validUntil,
      withdrawn: w.withdrawn !== null,
    })),
    today: todayIso(ctx),
  };
}

/** The event's follow-up calendar as an ICS file (RFC 5545) for a download or `kaizen calendar`. */
export function exportCalendar(ctx: ServiceContext, eventId: string): { fileName: string; mimeType: 'text/calendar'; content: string } {
  const input = calendarInput(ctx, eventId);
  return {
    fileName: `${fileStem(input.event.name, 'event')}-calendar.ics`,
    mimeType: 'text/calendar' as const,
    content: eventCalendarIcs(input, ctx.clock.now()),
  };
}
