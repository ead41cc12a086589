import { describe, expect, it } from 'vitest';
import { neutraliseCell } from './escape';

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
