import { ACTION_STATUS_LABELS } from '../../../common/contract/schemas/actions';
import { describeRule } from '../../../common/domain/governance/freeze';
import type { FreezeRule } from '../../../common/domain/governance/freeze';
import { eventCalendarIcs } from '../../../common/domain/sustain/calendar';
import type { CalendarInput, CalendarReview } from '../../../common/domain/sustain/calendar';
import { VERDICT_LABELS } from '../../../common/contract/schemas/reviews';
import type { ReviewResult, ReviewScheduleEntry } from '../../../common/contract/schemas/reviews';
import { fileStem } from '../../../common/domain/text/fileStem';
import type { ServiceContext } from '../../context';
import { listActions } from '../../db/repositories/improve';
import { listWindows } from '../../db/repositories/signoffs';
import { listMembers } from '../../db/repositories/team';
import { todayIso } from '../governance/freeze';
import { requireEvent } from '../lookups';
import { listReviews } from './reviews';

const REVIEW_STATUS: Readonly<Record<ReviewScheduleEntry['status'], string>> = { due: 'Due', overdue: 'Overdue', done: 'Done' };

/** A scheduled review as an all-day calendar entry on its due date, its status (and latest verdicts) in the note. */
function reviewEntry(r: ReviewScheduleEntry, latest: ReviewResult | undefined): CalendarReview {
  const lines = [`Status: ${REVIEW_STATUS[r.status]}${r.results > 0 ? ` (${r.results} result${r.results === 1 ? '' : 's'}, last run ${r.lastRunAt!.slice(0, 10)})` : ''}`];
  if (latest) for (const v of latest.verdicts) lines.push(`${v.name}: ${VERDICT_LABELS[v.verdict]}`);
  if (r.status !== 'done') lines.push('Append the fresh logs to the datasets, then Run review (Reviews page or review-run).');
  return { id: r.id, title: r.title, dueDate: r.dueDate, done: r.status === 'done', note: lines.join('\n'), updatedAt: r.lastRunAt ?? r.updatedAt };
}

/**
 * What the event's calendar holds, read from the store: the event's dates, the scheduled reviews (all-day on their
 * due date, with their status), every action with a due date, every freeze window (withdrawn ones as cancelled).
 */
export function calendarInput(ctx: ServiceContext, eventId: string): CalendarInput {
  const event = requireEvent(ctx, eventId);
  const names = new Map(listMembers(ctx.db, eventId).map((m) => [m.id, m.name]));
  const reviews = listReviews(ctx, eventId);
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
    reviews: reviews.schedule.map((r) => reviewEntry(r, reviews.results.find((x) => x.reviewId === r.id))),
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
