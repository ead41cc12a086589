import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extendTimer, formatClock, parseDuration, pauseTimer, resetTimer, startTimer, timerRemaining } from './timer';

const idle = { state: 'idle' as const, durationMs: 60_000, remainingMs: 60_000, startedAtMs: null };

describe('timer math', () => {
  it('computes remaining time from the stored start, never below zero', () => {
    const t = startTimer(idle, 1_000, 10_000);
    expect(timerRemaining(t, 1_000)).toBe(10_000);
    expect(timerRemaining(t, 4_500)).toBe(6_500);
    expect(timerRemaining(t, 99_000)).toBe(0);
    // A clock that went backwards does not add time.
    expect(timerRemaining(t, 0)).toBe(10_000);
  });

  it('pauses, resumes from the paused remainder, extends and resets', () => {
    let t = startTimer(idle, 0);
    expect(t.remainingMs).toBe(60_000);
    t = pauseTimer(t, 20_000);
    expect(t).toMatchObject({ state: 'paused', remainingMs: 40_000 });
    t = startTimer(t, 100_000);
    expect(timerRemaining(t, 110_000)).toBe(30_000);
    t = extendTimer(t, 110_000, 60_000);
    expect(timerRemaining(t, 110_000)).toBe(90_000);
    expect(t.durationMs).toBe(120_000);
    expect(resetTimer(t)).toEqual({ state: 'idle', durationMs: 120_000, remainingMs: 120_000, startedAtMs: null });
  });

  it('restarts a finished timer from its full duration', () => {
    const t = startTimer(idle, 0, 5_000);
    const again = startTimer(t, 10_000);
    expect(timerRemaining(again, 10_000)).toBe(5_000);
  });
});

describe('timer invariants', () => {
  it('counts only running time, whatever the pauses, and never goes below zero', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1000, max: 86_400_000 }),
      fc.array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 1, maxLength: 12 }),
      (duration, gaps) => {
        // Alternate running and paused stretches of the given lengths.
        let t = startTimer({ state: 'idle', durationMs: duration, remainingMs: duration, startedAtMs: null }, 0, duration);
        let now = 0;
        let ran = 0;
        // (Stops once time is up: starting a finished timer restarts it, tested above.)
        for (let i = 0; i < gaps.length && ran < duration; i++) {
          now += gaps[i]!;
          if (i % 2 === 0) { ran += gaps[i]!; t = pauseTimer(t, now); } else t = startTimer(t, now);
        }
        const left = timerRemaining(t, now);
        expect(left).toBeGreaterThanOrEqual(0);
        if (t.state === 'paused' || left > 0) expect(left).toBe(Math.max(0, duration - ran));
      },
    ));
  });
});

describe('parseDuration and formatClock', () => {
  it('reads what facilitators type', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
    expect(parseDuration('45 sec')).toBe(45_000);
    expect(parseDuration('10:00')).toBe(600_000);
    expect(parseDuration('1:30:00')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('5 apples')).toBeNull();
    expect(parseDuration('1:75')).toBeNull();
  });
  it('formats minutes:seconds, with hours when needed, rounding up partial seconds', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(9_001)).toBe('0:10');
    expect(formatClock(245_000)).toBe('4:05');
    expect(formatClock(3_909_000)).toBe('1:05:09');
  });
});
