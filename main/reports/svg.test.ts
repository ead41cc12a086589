import { describe, expect, it } from 'vitest';
import { isSafeSvg, standaloneSvg, stripNamespaces, svgSize } from './svg';

const ok = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><title>t</title><rect width="10" height="10" fill="url(#g)"/><use href="#a"/></svg>';

describe('report SVG checks', () => {
  it('accepts a plain chart and strips the namespace for inline HTML (no URL left)', () => {
    expect(isSafeSvg(ok)).toBe(true);
    expect(stripNamespaces(ok)).not.toMatch(/https?:/);
  });
  it.each([
    '<svg><script>alert(1)</script></svg>',
    '<svg><rect onload="x()"/></svg>',
    '<svg><image href="https://evil.example/x.png"/></svg>',
    '<svg><foreignObject><div/></foreignObject></svg>',
    '<svg><rect style="fill:url(http://x/y)"/></svg>',
  ])('rejects %s', (svg) => expect(isSafeSvg(svg)).toBe(false));
  it('adds the namespace back for a standalone .svg file and reads its size', () => {
    expect(standaloneSvg(ok)).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width/);
    expect(svgSize(ok)).toEqual({ width: 640, height: 360 });
    expect(svgSize('<svg viewBox="0 0 300 200"></svg>')).toEqual({ width: 300, height: 200 });
  });
});
