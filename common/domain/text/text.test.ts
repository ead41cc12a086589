import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeMarkup } from './escape';
import { fileStem } from './fileStem';
import { formatDate, formatDateTime } from './dates';

describe('escapeMarkup', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeMarkup(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });
  it('never leaves a raw < > or quote in its output, for any text', () => {
    fc.assert(fc.property(fc.string(), (s) => !/[<>"']/.test(escapeMarkup(s))));
  });
});

describe('fileStem', () => {
  it('keeps a readable, safe file name from user text', () => {
    expect(fileStem('Cut p95 latency / fraud API: Q4')).toBe('Cut-p95-latency-fraud-API-Q4');
    expect(fileStem('Crème brûlée')).toBe('Creme-brulee');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('???')).toBe('report');
    expect(fileStem('Cut p95 latency of the fraud-scoring API')).toBe('Cut-p95-latency-of-the-fraud-scoring-API');
  });
});

describe('formatDate / formatDateTime', () => {
  it('spells calendar dates out without a time-zone shift', () => {
    expect(formatDate('2026-11-09')).toBe('9 Nov 2026');
    expect(formatDate('2026-09-30T23:30:00.000Z')).toBe('30 Sep 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('week 3')).toBe('week 3');
    expect(formatDateTime('2026-11-20T09:00:00.000Z')).toBe('20 Nov 2026 09:00 UTC');
  });
});
