import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeMarkdown } from './SafeMarkdown';

const render = (text: string) => renderToStaticMarkup(createElement(SafeMarkdown, { text }));

/** Every attribute name in the markup. */
const attributes = (html: string) => [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((t) => [...t[0].matchAll(/\s([a-z-:]+)=/gi)].map((m) => m[1]!.toLowerCase()));

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<a href="javascript:alert(3)">x</a>',
  '[click me](javascript:alert(4))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(6))',
  '[spaced]( javascript:alert(7))',
  '[entity](&#106;avascript:alert(8))',
  '![pic](javascript:alert(9))',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(10)></svg>',
  '<div style="background:url(javascript:alert(11))" onclick="alert(12)">hi</div>',
  '<details open ontoggle=alert(13)>',
  '[link](https://example.com "title\\" onmouseover=\\"alert(14)")',
  '<style>body{display:none}</style>',
];

describe('SafeMarkdown (runbook rendering)', () => {
  it('renders headings, lists, code and links as elements', () => {
    const html = render('# Rollback\n\n1. Switch to `v3.1`\n2. Check\n\n- [x] done\n\nSee [dashboard](https://grafana.example/d/1).');
    expect(html).toContain('<h1>Rollback</h1>');
    expect(html).toMatch(/<ol>\s*<li>Switch to <code>v3.1<\/code><\/li>/);
    expect(html).toContain('href="https://grafana.example/d/1"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('(https://grafana.example/d/1)');
    expect(html).not.toContain('target=');
  });

  it.each(PAYLOADS)('leaves %s inert: no script, iframe, style, handler or javascript: URL', (payload) => {
    const html = render(`# Runbook\n\n${payload}\n\nafter`);
    expect(html).not.toMatch(/<(script|iframe|svg|style|img|details|object|embed)\b/i);
    expect(html.match(/<div\b/g)).toHaveLength(1); // the wrapper only
    expect(attributes(html).filter((a) => a.startsWith('on') || a === 'style' || a === 'src')).toEqual([]);
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    expect(html).not.toMatch(/href="&#/i);
    expect(html).toContain('after');
  });

  it('shows an image as its description, never loading it', () => {
    const html = render('![cache hit rate](https://grafana.example/cache.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('[image: cache hit rate — https://grafana.example/cache.png]');
  });
});
