/** The reviews' storage: the schedule (editable) and the results of Run review (append-only). */
import { z } from 'zod';
import { ReviewKpiResult, ReviewNumbers } from '../../../common/contract/schemas/reviews';
import type { ReviewResult, ReviewScheduleItem } from '../../../common/contract/schemas/reviews';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

function toItem(r: Row): ReviewScheduleItem {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    title: r.title as string,
    dueDate: r.due_date as string,
    offsetDays: (r.offset_days as number | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

export function listSchedule(db: Db, eventId: string): ReviewScheduleItem[] {
  return (db.prepare('SELECT * FROM review_schedule WHERE event_id = ? ORDER BY due_date, created_at, id').all(eventId) as Row[]).map(toItem);
}

export function findScheduleItem(db: Db, id: string): ReviewScheduleItem | undefined {
  const r = db.prepare('SELECT * FROM review_schedule WHERE id = ?').get(id) as Row | undefined;
  return r ? toItem(r) : undefined;
}

export function insertScheduleItem(db: Db, item: ReviewScheduleItem): void {
  db.prepare(
    `INSERT INTO review_schedule (id, event_id, title, due_date, offset_days, created_at, updated_at)
     VALUES (@id, @eventId, @title, @dueDate, @offsetDays, @createdAt, @updatedAt)`,
  ).run(item);
}

export function updateScheduleItem(db: Db, id: string, at: string, f: { title: string; dueDate: string }): void {
  db.prepare('UPDATE review_schedule SET title = ?, due_date = ?, updated_at = ? WHERE id = ?').run(f.title, f.dueDate, at, id);
}

export function deleteScheduleItem(db: Db, id: string): void {
  db.prepare('DELETE FROM review_schedule WHERE id = ?').run(id);
}

/**
 * The stored numbers: the result's numbers plus `nextStepActionIds`, which has no column of its own (review_results
 * is append-only and chained in the change log, so it is kept in the numbers JSON rather than altering the table).
 * Parsed with the contract's schemas, so results stored before a field existed read with its default.
 */
const StoredNumbers = ReviewNumbers.extend({ nextStepActionIds: z.array(z.string()).default([]) });
const EMPTY_NUMBERS = { drift: [], actions: { open: [], overdue: 0 } };

function toResult(r: Row): ReviewResult {
  const { nextStepActionIds, ...numbers } = StoredNumbers.parse(parseJson<unknown>(r.numbers, EMPTY_NUMBERS));
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    reviewId: r.review_id as string,
    since: r.since as string,
    datasetVersions: parseJson<ReviewResult['datasetVersions']>(r.dataset_versions, []),
    numbers,
    verdicts: z.array(ReviewKpiResult).parse(parseJson<unknown>(r.verdicts, [])),
    attendees: parseJson<string[]>(r.attendees, []),
    notes: r.notes as string,
    nextSteps: parseJson<string[]>(r.next_steps, []),
    nextStepActionIds,
    author: r.author as string,
    createdAt: r.created_at as string,
  };
}

export function insertResult(db: Db, r: ReviewResult): void {
  db.prepare(
    `INSERT INTO review_results (id, event_id, review_id, since, dataset_versions, numbers, verdicts, attendees, notes, next_steps, author, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.eventId, r.reviewId, r.since, JSON.stringify(r.datasetVersions), JSON.stringify({ ...r.numbers, nextStepActionIds: r.nextStepActionIds }), JSON.stringify(r.verdicts), JSON.stringify(r.attendees), r.notes, JSON.stringify(r.nextSteps), r.author, r.createdAt);
}

/** The event's results, newest first. */
export function listResults(db: Db, eventId: string): ReviewResult[] {
  return (db.prepare('SELECT * FROM review_results WHERE event_id = ? ORDER BY created_at DESC, rowid DESC').all(eventId) as Row[]).map(toResult);
}

export function findResult(db: Db, id: string): ReviewResult | undefined {
  const r = db.prepare('SELECT * FROM review_results WHERE id = ?').get(id) as Row | undefined;
  return r ? toResult(r) : undefined;
}

export function resultCounts(db: Db, eventId: string): Map<string, { n: number; last: string }> {
  const rows = db.prepare('SELECT review_id, COUNT(*) AS n, MAX(created_at) AS last FROM review_results WHERE event_id = ? GROUP BY review_id').all(eventId) as Row[];
  return new Map(rows.map((r) => [r.review_id as string, { n: r.n as number, last: r.last as string }]));
}
