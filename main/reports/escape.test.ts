import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, fileStem, neutraliseCell } from './escape';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });
  it('never leaves a raw < > or quote in its output, for any text', () => {
    fc.assert(fc.property(fc.string(), (s) => !/[<>"']/.test(escapeHtml(s))));
  });
});

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each(['=1+2', '+1', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","y")'])('prefixes %j with a quote', (v) => {
    expect(neutraliseCell(v)).toBe(`'${v}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseCell('Mei Lin')).toBe('Mei Lin');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
  });
});

describe('fileStem', () => {
  it('keeps a readable, safe file name from user text', () => {
    expect(fileStem('Cut p95 latency / fraud API: Q4')).toBe('Cut-p95-latency-fraud-API-Q4');
    expect(fileStem('Crème brûlée')).toBe('Creme-brulee');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('???')).toBe('report');
  });
});
