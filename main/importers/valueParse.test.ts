import { describe, expect, it } from 'vitest';
import { detectNumberLocale, isMissing, isNonFinite, parseBoolean, parseNumber, parseTimestamp } from './valueParse';
import { inferColumn } from './infer';

describe('numbers', () => {
  it('reads both locales and reports thousands separators', () => {
    expect(parseNumber('1,234.5', 'dot')).toEqual({ value: 1234.5, grouped: true });
    expect(parseNumber('1.234,5', 'comma')).toEqual({ value: 1234.5, grouped: true });
    expect(parseNumber('3,25', 'comma')).toEqual({ value: 3.25, grouped: false });
    expect(parseNumber('-2e3', 'dot')).toEqual({ value: -2000, grouped: false });
    expect(parseNumber('12abc', 'dot')).toBeNull();
    expect(parseNumber('0x1F', 'dot')).toBeNull();
  });
  it('detects the locale from the sample', () => {
    expect(detectNumberLocale(['3,14', '2,5', '1.234,5'])).toBe('comma');
    expect(detectNumberLocale(['3.14', '1,234.5', '7'])).toBe('dot');
  });
  it('missing tokens', () => {
    expect(['', 'NA', 'N/A', 'null', 'NULL', 'None', ' NA '].every((s) => isMissing(s))).toBe(true);
    expect(isMissing('0')).toBe(false);
    expect(isMissing('Nairobi')).toBe(false);
  });
  it('NaN and infinities in any case, with an optional sign (never the start of a word)', () => {
    for (const t of ['NaN', 'nan', 'NAN', '-nan', '+NaN', 'inf', 'INF', '-inf', '+Inf', 'Infinity', '-Infinity', 'infinity', ' -INFINITY ']) expect(isNonFinite(t), t).toBe(true);
    for (const t of ['in', 'info', 'Nancy', 'infinite', '-', '', 'na', '1e999']) expect(isNonFinite(t), t).toBe(false);
  });
  it('booleans', () => {
    expect(parseBoolean('TRUE')).toBe(true);
    expect(parseBoolean('no')).toBe(false);
    expect(parseBoolean('maybe')).toBeNull();
  });
});

describe('timestamps (epoch ms UTC)', () => {
  it('ISO 8601 with and without zone, fractions and offsets', () => {
    expect(parseTimestamp('2026-11-12T10:15:30.250Z', 'iso')).toBe(Date.UTC(2026, 10, 12, 10, 15, 30, 250));
    expect(parseTimestamp('2026-11-12 10:15:30', 'iso')).toBe(Date.UTC(2026, 10, 12, 10, 15, 30));
    expect(parseTimestamp('2026-11-12T10:15:30+02:00', 'iso')).toBe(Date.UTC(2026, 10, 12, 8, 15, 30));
    expect(parseTimestamp('2026-11-12', 'iso')).toBe(Date.UTC(2026, 10, 12));
    expect(parseTimestamp('2026-02-30T00:00:00Z', 'iso')).toBeNull();
    expect(parseTimestamp('2024-02-29T00:00:00Z', 'iso')).toBe(Date.UTC(2024, 1, 29));
  });
  it('day/month orders only as chosen, epoch seconds and milliseconds', () => {
    expect(parseTimestamp('03/04/2026', 'dmy')).toBe(Date.UTC(2026, 3, 3));
    expect(parseTimestamp('03/04/2026', 'mdy')).toBe(Date.UTC(2026, 2, 4));
    expect(parseTimestamp('13/04/2026', 'mdy')).toBeNull();
    expect(parseTimestamp('1793527200', 'epoch-s')).toBe(1793527200000);
    expect(parseTimestamp('1793527200000', 'epoch-ms')).toBe(1793527200000);
  });
});

describe('inference', () => {
  it('ambiguous day/month dates are flagged, unambiguous ones resolved', () => {
    expect(inferColumn('d', ['03/04/2026', '05/06/2026'], 'dot')).toMatchObject({ type: 'timestamp', needsDateOrder: true, dateFormat: null });
    expect(inferColumn('d', ['03/04/2026', '25/06/2026'], 'dot')).toMatchObject({ type: 'timestamp', dateFormat: 'dmy', needsDateOrder: false });
  });
  it('epoch integers in a time-named column are timestamps; elsewhere integers', () => {
    expect(inferColumn('created_at', ['1793527200', '1793527260'], 'dot')).toMatchObject({ type: 'timestamp', dateFormat: 'epoch-s' });
    expect(inferColumn('rows_in', ['1793527200', '1793527260'], 'dot').type).toBe('integer');
  });
  it('mostly-numeric text is text with the numeric share reported (mixed types)', () => {
    const c = inferColumn('v', ['1', '2', '3', 'x'], 'dot');
    expect(c.mixedNumericShare).toBe(0.75);
    expect(['text', 'category']).toContain(c.type);
  });
  it('integers beyond ±2^53 make an all-integer column text; as decimals or exponents they stay real', () => {
    expect(inferColumn('id', ['9007199254740991', '1', '-9007199254740991'], 'dot').type).toBe('integer');
    expect(inferColumn('id', ['9007199254740992', '1', '2'], 'dot')).toMatchObject({ type: 'text', bigIntegers: { count: 1, example: '9007199254740992' } });
    expect(inferColumn('id', ['-12345678901234567890', '1', '2'], 'dot').bigIntegers).toEqual({ count: 1, example: '-12345678901234567890' });
    expect(inferColumn('x', ['12345678901234567890.5', '1'], 'dot').type).toBe('real');
    expect(inferColumn('x', ['1e30', '1'], 'dot').type).toBe('real');
  });
  it('NaN / Infinity do not make a number column text or real; an all-NaN column is real', () => {
    expect(inferColumn('n', ['1', 'NaN', '-inf', 'INF', '3'], 'dot').type).toBe('integer');
    expect(inferColumn('n', ['1.5', 'nan'], 'dot').type).toBe('real');
    expect(inferColumn('created_at', ['NaN', 'nan'], 'dot').type).toBe('real');
  });
  it('a column of 50–90 % dates stays text and names the values that are not dates; from 90 % it is a timestamp with examples', () => {
    const dates = Array.from({ length: 7 }, (_, i) => `2026-11-0${i + 1}`);
    const c = inferColumn('due', [...dates, 'soon', 'tbd', 'tbd', 'later'], 'dot');
    expect(c).toMatchObject({ type: 'text', unparsed: 4, mixedDates: { share: 7 / 11, format: 'iso', notDates: ['soon', 'tbd', 'later'] } });
    expect(inferColumn('due', [...dates, 'x', 'y', 'z', 'w', 'v', 'u', 'q', 'r'], 'dot').mixedDates).toBeUndefined();
    const t = inferColumn('due', [...dates, ...dates, 'soon'], 'dot');
    expect(t).toMatchObject({ type: 'timestamp', unparsed: 1, unparsedExamples: ['soon'] });
  });
});
