/**
 * Agenda clock times: when each session is planned to start and end, how late the room is running, and when the
 * day will end at this pace. Plain data in, plain data out. Times of day are minutes after local midnight
 * (540 = 09:00), so the math never depends on a time zone; the caller converts real instants to local minutes.
 */

/** A day that has no start time of its own starts at 09:00. */
export const DEFAULT_DAY_START_MIN = 9 * 60;

export type ScheduleInput = Readonly<{ id: string; day: number; plannedMinutes: number }>;
export type ScheduledItem = Readonly<{ id: string; day: number; startMin: number; endMin: number }>;
export type DaySchedule = Readonly<{ day: number; startMin: number; endMin: number; items: readonly ScheduledItem[] }>;

/** "09:00" / "9:05" → minutes after midnight; null when it is not a time of day (24:00 and later included). */
export function parseClockTime(text: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** 545 → "09:05"; past midnight the next day is marked: 1470 → "00:30 (+1 day)". Rounds to the minute. */
export function formatClockTime(minutes: number): string {
  const total = Math.round(minutes);
  const days = Math.floor(total / 1440);
  const inDay = total - days * 1440;
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0');
  const mm = String(inDay % 60).padStart(2, '0');
  return days > 0 ? `${hh}:${mm} (+${days} day${days > 1 ? 's' : ''})` : `${hh}:${mm}`;
}

/** The calendar date of agenda day `day` (1 = the event's start date), "YYYY-MM-DD"; null without a start date. */
export function dayDate(eventStartDate: string | null, day: number): string | null {
  if (!eventStartDate || !/^\d{4}-\d{2}-\d{2}$/.test(eventStartDate)) return null;
  const t = Date.parse(`${eventStartDate}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  return new Date(t + (day - 1) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Planned clock times: each day starts at its start time (`dayStarts`, minutes; else 09:00) and its sessions follow
 * one another in the given order with their planned minutes. Days come out in ascending order.
 */
export function scheduleAgenda(sessions: readonly ScheduleInput[], dayStarts: ReadonlyMap<number, number>): DaySchedule[] {
  const days = [...new Set(sessions.map((s) => s.day))].sort((a, b) => a - b);
  return days.map((day) => {
    const startMin = dayStarts.get(day) ?? DEFAULT_DAY_START_MIN;
    let at = startMin;
    const items = sessions
      .filter((s) => s.day === day)
      .map((s) => {
        const item = { id: s.id, day, startMin: at, endMin: at + Math.max(0, s.plannedMinutes) };
        at = item.endMin;
        return item;
      });
    return { day, startMin, endMin: at, items };
  });
}

export type Pace = Readonly<{
  /** Minutes behind the plan (negative = ahead): when the current item will end at this pace minus its planned end. */
  lateMinutes: number;
  /** How far the current item has run past its planned length (0 while within it or not started). */
  overrunMinutes: number;
  /** When the current item will end at this pace. */
  projectedItemEndMin: number;
  /** When the current item's day will end if the later sessions keep their planned lengths. */
  projectedDayEndMin: number;
}>;

/**
 * How the room is doing against the plan, from the current item. Not started yet: it starts now or at its planned
 * start, whichever is later. Started: it ends at start + planned minutes, or now if it has already run longer.
 * lateness = projected end − planned end; every later session of the day moves by the same amount.
 * Null when the item is not in the schedule.
 */
export function agendaPace(
  schedule: readonly DaySchedule[],
  current: Readonly<{ id: string; plannedMinutes: number; actualStartMin: number | null }>,
  nowMin: number,
): Pace | null {
  const day = schedule.find((d) => d.items.some((i) => i.id === current.id));
  const item = day?.items.find((i) => i.id === current.id);
  if (!day || !item) return null;
  const planned = Math.max(0, current.plannedMinutes);
  const plannedEndOfRun = current.actualStartMin === null ? Math.max(nowMin, item.startMin) + planned : current.actualStartMin + planned;
  const projectedItemEndMin = Math.max(nowMin, plannedEndOfRun);
  const lateMinutes = projectedItemEndMin - item.endMin;
  return {
    lateMinutes,
    overrunMinutes: current.actualStartMin === null ? 0 : Math.max(0, nowMin - plannedEndOfRun),
    projectedItemEndMin,
    projectedDayEndMin: day.endMin + lateMinutes,
  };
}

/** "running 7 min late", "running 3 min ahead", "on time" (within a minute either way). */
export function describePace(lateMinutes: number): string {
  const m = Math.round(lateMinutes);
  if (m >= 1) return `running ${m} min late`;
  if (m <= -1) return `running ${-m} min ahead`;
  return 'on time';
}
