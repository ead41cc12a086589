import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { WorkshopPage } from './pages/workshop-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Session = { id: string; title: string; activity: string; day: number };

/**
 * On-screen size of the map's smallest and largest text: the <img> shows the SVG scaled by object-fit: contain,
 * so one SVG unit is min(rendered/natural) px in each direction.
 */
async function mapTextPx(p: Page): Promise<{ min: number; max: number; scale: number }> {
  const img = p.getByTestId('presenter-map');
  const { naturalWidth, naturalHeight, width, height } = await img.evaluate((el) => {
    const i = el as HTMLImageElement;
    const r = i.getBoundingClientRect();
    return { naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, width: r.width, height: r.height };
  });
  const svg = decodeURIComponent(((await img.getAttribute('src')) ?? '').replace(/^data:[^,]*,/, ''));
  const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(sizes.length).toBeGreaterThan(0);
  const scale = Math.min(width / naturalWidth, height / naturalHeight);
  return { min: Math.min(...sizes) * scale, max: Math.max(...sizes) * scale, scale };
}

/**
 * Lays the map's SVG out inline (same fonts as the <img>) and lists text that overlaps other text, leaves
 * the drawing or sticks out of its stage box.
 */
async function mapTextProblems(p: Page): Promise<string[]> {
  const src = (await p.getByTestId('presenter-map').getAttribute('src')) ?? '';
  const svg = decodeURIComponent(src.replace(/^data:[^,]*,/, '')).replace(/^<\?xml[^>]*>\s*/, '');
  return p.evaluate((markup) => {
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;opacity:0;pointer-events:none';
    host.innerHTML = markup;
    document.body.append(host);
    const root = host.querySelector('svg')!;
    const origin = root.getBoundingClientRect();
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { l: r.left - origin.left, t: r.top - origin.top, r: r.right - origin.left, b: r.bottom - origin.top };
    };
    const texts = [...root.querySelectorAll('text')].map((node) => ({ s: node.textContent ?? '', ...rect(node), node }));
    const out: string[] = [];
    for (const a of texts) {
      if (a.l < -0.5 || a.t < -0.5 || a.r > origin.width + 0.5 || a.b > origin.height + 0.5) out.push(`clipped: ${a.s}`);
      const stage = a.node.parentElement?.classList.contains('vsm-stage') ? a.node.parentElement.querySelector('rect') : null;
      if (stage) {
        const s = rect(stage);
        if (a.l < s.l || a.r > s.r) out.push(`outside its box: ${a.s}`);
      }
    }
    // Glyph boxes include line spacing, so allow a little vertical touch.
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]!;
        const b = texts[j]!;
        if (a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 4 && b.t < a.b - 4) out.push(`overlap: ${a.s} / ${b.s}`);
      }
    host.remove();
    return out;
  }, svg);
}

describe('presenter mode: value-stream map and KPI board', () => {
  it('shows the current-state map in a mapping session and the KPIs in a review session; screenshots at 1280×720', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    const eventId = demo!.id;
    const sessions = await api<Session[]>(app, 'agenda-list', { eventId });
    const mapping = sessions.find((s) => s.title === 'Current-state value stream map')!;
    expect(mapping.activity).toBe('mapping');
    const next = sessions[sessions.indexOf(mapping) + 1]!;
    expect(next.activity).toBe('review');

    const maps = await api<{ id: string; kind: string }[]>(app, 'vsm-list', { eventId });
    const current = maps.find((m) => m.kind === 'current')!;
    const { map } = await api<{ map: { name: string; stages: { name: string }[] } }>(app, 'vsm-get', { mapId: current.id });
    expect(map.stages.length).toBeGreaterThan(2);
    const kpis = await api<{ name: string }[]>(app, 'kpi-list', { eventId });
    expect(kpis.length).toBeGreaterThan(0);

    await api(app, 'agenda-start', { id: mapping.id });
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(mapping.title);
    const img = page.getByTestId('presenter-map');
    await img.waitFor();
    const alt = (await img.getAttribute('alt')) ?? '';
    for (const s of map.stages) expect(alt).toContain(s.name);
    expect(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
    const src = decodeURIComponent((await img.getAttribute('src')) ?? '');
    expect(src.match(/data-stage-name=/g)?.length).toBe(map.stages.length);
    const box = (await img.boundingBox())!;
    expect(box.width).toBeGreaterThan(900);
    await screenshot(page, 'presenter-map-1280x720');
    // Legible from the back of the room: no text of the map under 16 px on screen.
    const px = await mapTextPx(page);
    console.log(`presenter map at 1280×720: scale ${px.scale.toFixed(3)}, smallest text ${px.min.toFixed(1)} px, largest ${px.max.toFixed(1)} px`);
    expect(px.min).toBeGreaterThanOrEqual(16);
    expect(await mapTextProblems(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    // → moves to the next item, a review: the KPI board essentials replace the map.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(next.title);
    await expect.poll(() => page.getByTestId('presenter-kpi').count()).toBe(Math.min(6, kpis.length));
    const cards = (await page.getByTestId('presenter-kpi').allTextContents()).join(' | ');
    for (const k of kpis.slice(0, 6)) expect(cards).toContain(k.name);
    expect(cards).toMatch(/target/i);
    expect(await page.getByTestId('presenter-map').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenter-kpis-1280x720');

    // ← goes back to the map; the saved current item follows.
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('presenter-map').waitFor();
    await expect.poll(async () => (await api<{ currentSessionId: string | null }>(app, 'timer-get', { eventId })).currentSessionId).toBe(mapping.id);

    // On a 1920×1080 projector the drawing is laid out again for the larger area: larger text still.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await mapTextPx(page)).min).toBeGreaterThanOrEqual(20);
    const big = await mapTextPx(page);
    console.log(`presenter map at 1920×1080: scale ${big.scale.toFixed(3)}, smallest text ${big.min.toFixed(1)} px, largest ${big.max.toFixed(1)} px`);
    expect(await mapTextProblems(page)).toEqual([]);
    await screenshot(page, 'presenter-map-1920x1080');
  });

  it('shows an empty state in a mapping session when the event has no current-state map', async () => {
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'No map yet' });
    const s = await api<Session>(app, 'agenda-add', { eventId: ev.id, session: { title: 'Map it', day: 1, activity: 'mapping', plannedMinutes: 30 } });
    await api(app, 'agenda-start', { id: s.id });
    const w = new WorkshopPage(page, app.url, ev.id);
    await w.open('present');
    await page.getByTestId('presenter-map-empty').waitFor();
    expect(await page.getByTestId('presenter-map').count()).toBe(0);
  });
});
