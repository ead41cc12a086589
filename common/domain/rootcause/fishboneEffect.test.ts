import { describe, expect, it } from 'vitest';
import { renderFishboneSvg } from './fishboneSvg';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('the fishbone effect is never clipped', () => {
  const effect = 'p95 latency of the /score endpoint is 900 ms at peak on weekdays between 09:00 and 11:00 UTC, three times the 300 ms SLA agreed with the payments team, and the retry storms it causes double the feature-store load; see https://wiki.example/incidents/INC-2026-11-12-latency-regression-after-the-feature-store-migration for the timeline';
  const svg = renderFishboneSvg({ effect, categories: [{ name: 'Data', causes: [{ id: 'a', parentId: null, text: 'Stale features' }] }] }, { title: 'Fishbone' });

  it('draws every word of a long effect (no ellipsis), long words split across lines', () => {
    const drawn = texts(svg).join(' ');
    expect(drawn).not.toContain('…');
    for (const w of ['p95', 'weekdays', 'SLA', 'payments', 'double', 'timeline']) expect(drawn).toContain(w);
    expect(drawn.replace(/\s+/g, '')).toContain('https://wiki.example/incidents/INC-2026-11-12-latency-regression-after-the-feature-store-migration');
  });

  it('grows the drawing so the head box fits inside it', () => {
    const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const head = /<rect x="[\d.]+" y="([\d.-]+)" width="[\d.]+" height="([\d.]+)" rx="8"/.exec(svg)!;
    expect(Number(head[1])).toBeGreaterThanOrEqual(0);
    expect(Number(head[1]) + Number(head[2])).toBeLessThanOrEqual(height);
  });
});
