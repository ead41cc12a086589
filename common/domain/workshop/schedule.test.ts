import { describe, expect, it } from 'vitest';
import { agendaPace, dayDate, describePace, formatClockTime, parseClockTime, scheduleAgenda } from './schedule';

const sessions = [
  { id: 'kick', day: 1, plannedMinutes: 30 },
  { id: 'walk', day: 1, plannedMinutes: 90 },
  { id: 'ideas', day: 1, plannedMinutes: 45 },
  { id: 'vote', day: 2, plannedMinutes: 20 },
  { id: 'rc', day: 2, plannedMinutes: 60 },
];

describe('agenda clock times', () => {
  it('reads and writes times of day', () => {
    expect(parseClockTime('09:00')).toBe(540);
    expect(parseClockTime('8:30')).toBe(510);
    expect(parseClockTime('24:00')).toBeNull();
    expect(parseClockTime('12:60')).toBeNull();
    expect(parseClockTime('nine')).toBeNull();
    expect(formatClockTime(545)).toBe('09:05');
    expect(formatClockTime(1470)).toBe('00:30 (+1 day)');
  });

  it('dates each day from the event start date, across a month end', () => {
    expect(dayDate('2026-11-30', 1)).toBe('2026-11-30');
    expect(dayDate('2026-11-30', 3)).toBe('2026-12-02');
    expect(dayDate(null, 2)).toBeNull();
  });

  it('starts each day at its own time (09:00 by default) and runs the sessions back to back', () => {
    const s = scheduleAgenda(sessions, new Map([[2, 8 * 60 + 30]]));
    expect(s.map((d) => [d.day, formatClockTime(d.startMin), formatClockTime(d.endMin)])).toEqual([
      [1, '09:00', '11:45'],
      [2, '08:30', '09:50'],
    ]);
    expect(s[0]!.items.map((i) => `${i.id} ${formatClockTime(i.startMin)}–${formatClockTime(i.endMin)}`)).toEqual([
      'kick 09:00–09:30',
      'walk 09:30–11:00',
      'ideas 11:00–11:45',
    ]);
  });
});

describe('agenda pace', () => {
  const schedule = scheduleAgenda(sessions, new Map());
  it('an item started on time and overrunning by 7 minutes makes the room 7 min late and the day end 7 min later', () => {
    // walk: planned 09:30–11:00, started 09:30, now 11:07.
    const p = agendaPace(schedule, { id: 'walk', plannedMinutes: 90, actualStartMin: 570 }, 667)!;
    expect(p.overrunMinutes).toBe(7);
    expect(p.lateMinutes).toBe(7);
    expect(describePace(p.lateMinutes)).toBe('running 7 min late');
    expect(formatClockTime(p.projectedDayEndMin)).toBe('11:52');
  });

  it('a late start counts before the item overruns', () => {
    // walk started 09:40, now 10:00: it will end at 11:10, 10 minutes after plan; not yet overrunning.
    const p = agendaPace(schedule, { id: 'walk', plannedMinutes: 90, actualStartMin: 580 }, 600)!;
    expect(p.overrunMinutes).toBe(0);
    expect(describePace(p.lateMinutes)).toBe('running 10 min late');
    expect(formatClockTime(p.projectedItemEndMin)).toBe('11:10');
  });

  it('an item started early puts the room ahead; within a minute is on time', () => {
    const ahead = agendaPace(schedule, { id: 'ideas', plannedMinutes: 45, actualStartMin: 655 }, 660)!;
    expect(describePace(ahead.lateMinutes)).toBe('running 5 min ahead');
    expect(describePace(0.4)).toBe('on time');
  });

  it('a current item not started yet starts now or at its planned time, whichever is later', () => {
    expect(agendaPace(schedule, { id: 'vote', plannedMinutes: 20, actualStartMin: null }, 8 * 60)!.lateMinutes).toBe(0);
    expect(agendaPace(schedule, { id: 'vote', plannedMinutes: 20, actualStartMin: null }, 9 * 60 + 15)!.lateMinutes).toBe(15);
  });

  it('an item that is not on the agenda has no pace', () => {
    expect(agendaPace(schedule, { id: 'gone', plannedMinutes: 5, actualStartMin: null }, 600)).toBeNull();
  });
});
