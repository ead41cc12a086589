import type { Db } from '../connection';

// SQL for the agenda's day start times and the participant lock (migration 0180). Rules live in the services.

export type DayStartRow = Readonly<{ day: number; startTime: string }>;

export function listDayStarts(db: Db, eventId: string): DayStartRow[] {
  return db.prepare('SELECT day, start_time AS startTime FROM agenda_days WHERE event_id = ? ORDER BY day').all(eventId) as DayStartRow[];
}

export function saveDayStart(db: Db, eventId: string, day: number, startTime: string): void {
  db.prepare(
    `INSERT INTO agenda_days (event_id, day, start_time) VALUES (?, ?, ?)
     ON CONFLICT(event_id, day) DO UPDATE SET start_time = excluded.start_time`,
  ).run(eventId, day, startTime);
}

export type LockRow = Readonly<{ eventId: string; kind: 'round' | 'vote'; refId: string; memberId: string; lockedAt: string }>;

const LOCK_COLUMNS = 'event_id AS eventId, kind, ref_id AS refId, member_id AS memberId, locked_at AS lockedAt';

export function findLock(db: Db, eventId: string): LockRow | null {
  return (db.prepare(`SELECT ${LOCK_COLUMNS} FROM participant_locks WHERE event_id = ?`).get(eventId) as LockRow | undefined) ?? null;
}

/** The most recent lock of an event that is not deleted: the app shows its participant screen whatever the route. */
export function findActiveLock(db: Db): LockRow | null {
  return (
    (db
      .prepare(
        `SELECT ${LOCK_COLUMNS.replace(/(\w+) AS/g, 'l.$1 AS')} FROM participant_locks l JOIN events e ON e.id = l.event_id
         WHERE e.deleted_at IS NULL ORDER BY l.locked_at DESC LIMIT 1`,
      )
      .get() as LockRow | undefined) ?? null
  );
}

export function saveLock(db: Db, l: LockRow): void {
  db.prepare(
    `INSERT INTO participant_locks (event_id, kind, ref_id, member_id, locked_at) VALUES (@eventId, @kind, @refId, @memberId, @lockedAt)
     ON CONFLICT(event_id) DO UPDATE SET kind = excluded.kind, ref_id = excluded.ref_id, member_id = excluded.member_id, locked_at = excluded.locked_at`,
  ).run(l);
}

export function deleteLock(db: Db, eventId: string): void {
  db.prepare('DELETE FROM participant_locks WHERE event_id = ?').run(eventId);
}
