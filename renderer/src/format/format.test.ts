import { describe, expect, it } from 'vitest';
import { createFormats } from './format';

// Intl may use a narrow no-break space (U+202F) or no-break space (U+00A0) inside numbers and times; compare
// against plain spaces so the expectations read as a person would type them.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('one date and number format per locale', () => {
  const us = createFormats('en-US');
  const gb = createFormats('en-GB');
  const de = createFormats('de-DE');

  it('groups and separates decimals the locale\'s way', () => {
    expect(us.number(12345.678)).toBe('12,345.68');
    expect(gb.number(12345.678)).toBe('12,345.68');
    expect(de.number(12345.678)).toBe('12.345,68');
    expect(de.fixed(0.5, 2)).toBe('0,50');
    expect(us.count(1234567)).toBe('1,234,567');
    expect(de.count(1234567)).toBe('1.234.567');
    expect(plain(de.percent(0.125))).toBe('12,5 %');
    expect(us.percent(0.125)).toBe('12.5 %');
  });

  it('picks sensible precision by size', () => {
    expect(us.auto(412.46)).toBe('412.5');
    expect(us.auto(3.14159)).toBe('3.14');
    expect(de.auto(0.0123456)).toBe('0,0123');
    expect(us.auto(0)).toBe('0');
  });

  it('writes a calendar day in the locale\'s order without shifting it by time zone', () => {
    expect(gb.date('2026-11-09')).toBe('9 Nov 2026');
    expect(us.date('2026-11-09')).toBe('Nov 9, 2026');
    expect(de.date('2026-11-09')).toBe('9. Nov. 2026');
    // The day part of a stored instant is the day written, not the local one.
    expect(us.date('2026-12-31T23:30:00Z')).toBe('Dec 31, 2026');
  });

  it('writes times with the locale\'s clock', () => {
    const at = new Date(2026, 10, 20, 14, 5);
    expect(plain(us.time(at))).toBe('02:05 PM');
    expect(gb.time(at)).toBe('14:05');
    expect(de.time(at)).toBe('14:05');
    expect(plain(us.dateTime(at.getTime()))).toBe('Nov 20, 2026, 02:05 PM');
    expect(de.dateTime(at.getTime())).toBe('20. Nov. 2026, 14:05');
  });

  it('shows a dash for missing or non-finite values and leaves other text as it is', () => {
    expect(us.number(null)).toBe('—');
    expect(de.auto(Number.NaN)).toBe('—');
    expect(gb.date(undefined)).toBe('—');
    expect(gb.date('next week')).toBe('next week');
    expect(gb.time('not a time')).toBe('not a time');
  });

  it('falls back to en-GB for a tag Intl refuses', () => {
    expect(createFormats('de_DE!').locale).toBe('en-GB');
  });
});
