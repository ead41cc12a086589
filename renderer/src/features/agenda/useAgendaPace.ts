import { useEffect, useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import type { AgendaSession } from '../../../../common/contract/schemas/workshop';
import { agendaPace, describePace, formatClockTime, parseClockTime, scheduleAgenda } from '../../../../common/domain/workshop/schedule';
import type { DaySchedule } from '../../../../common/domain/workshop/schedule';
import { useCall } from '../../api/useCall';

/** Minutes after local midnight of an instant (or of now). */
export const localMinutes = (d: Date) => d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60;

/** The agenda's planned clock times, from each day's start time (agenda-days; 09:00 by default). */
export function useSchedule(eventId: string, sessions: readonly AgendaSession[]): DaySchedule[] {
  const { data: days } = useCall('agenda-days', { eventId }, ['agenda']);
  const starts = new Map((days ?? []).map((d) => [d.day, parseClockTime(d.startTime) ?? 540]));
  return scheduleAgenda(sessions, starts);
}

export type PaceView = Readonly<{ text: string; late: boolean; slot: string | null; dayEnd: string | null }>;

/**
 * The current item's planned slot ("09:30–10:15") and, once the day is under way (`running`: an item has been
 * started), how the room is doing: "running 7 min late · day ends ~17:52". Re-evaluated every 15 s.
 */
export function useAgendaPace(event: KaizenEvent, sessions: readonly AgendaSession[], current: AgendaSession | undefined, running: boolean): PaceView | null {
  const schedule = useSchedule(event.id, sessions);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const h = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(h);
  }, []);
  if (!current) return null;
  const item = schedule.flatMap((d) => d.items).find((i) => i.id === current.id);
  const slot = item ? `${formatClockTime(item.startMin)}–${formatClockTime(item.endMin)}` : null;
  if (!running && !current.actualStart) return { text: slot ? `planned ${slot}` : '', late: false, slot, dayEnd: null };
  const started = current.actualStart && !current.actualEnd ? localMinutes(new Date(current.actualStart)) : null;
  const p = agendaPace(schedule, { id: current.id, plannedMinutes: current.plannedMinutes, actualStartMin: started }, localMinutes(now));
  if (!p) return { text: '', late: false, slot, dayEnd: null };
  const dayEnd = formatClockTime(p.projectedDayEndMin);
  return { text: `${describePace(p.lateMinutes)} · day ends ~${dayEnd}`, late: p.lateMinutes >= 1, slot, dayEnd };
}
