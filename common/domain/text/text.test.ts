import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeMarkup } from './escape';
import { fileStem } from './fileStem';

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
