import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { ActionsPage } from './pages/actions-page';
import { ReportPage } from './pages/report-page';
import { VsmPage } from './pages/vsm-page';
import { WorkshopPage } from './pages/workshop-page';

/** Issue 19, fit for a 1280×720 projector: the affinity board and the impact/effort chart. */
let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Box = { left: number; right: number; top: number; bottom: number };
type Idea = { id: string; text: string; category: string };

/** The affinity board's columns as page rectangles, and the board's own. */
async function boardLayout(p: Page): Promise<{ board: Box & { scrollWidth: number; clientWidth: number }; columns: Box[] }> {
  return p.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const board = document.querySelector('.affinity-board')!;
    return {
      board: { ...box(board), scrollWidth: board.scrollWidth, clientWidth: board.clientWidth },
      columns: [...document.querySelectorAll('[data-testid="affinity-column"]')].map(box),
    };
  });
}

describe('affinity board at 1280×720', () => {
  it('shows every column of a five-column board whole; with eight columns it scrolls sideways with its scroll bar and a notice on screen', async () => {
    const eventId = await demoEventId(app);
    const ideas = await api<Idea[]>(app, 'idea-list', { eventId });
    const categories = [...new Set(ideas.map((i) => i.category))];
    expect(categories.length).toBeGreaterThanOrEqual(6);
    const groupOf = new Map<string, string>();
    for (const name of categories.slice(0, 4)) groupOf.set(name, (await api<{ id: string }>(app, 'affinity-group-add', { eventId, name })).id);
    for (const i of ideas) if (groupOf.has(i.category)) await api(app, 'idea-update', { id: i.id, patch: { groupId: groupOf.get(i.category) } });

    const p = new ActionsPage(page, app.url, eventId);
    await p.open('affinity');
    await expect.poll(() => page.getByTestId('affinity-column').count(), { timeout: 15_000 }).toBe(5);
    await expect.poll(() => page.getByTestId('affinity-card').count()).toBe(ideas.length);
    await screenshot(page, 'projector2-affinity-5-columns');
    // Ungrouped + four groups: every column whole inside the window (the old 17rem columns ran off at the 4th).
    const five = await boardLayout(page);
    for (const c of five.columns) {
      expect(c.left).toBeGreaterThanOrEqual(five.board.left - 0.5);
      expect(c.right).toBeLessThanOrEqual(Math.min(five.board.right, 1280) + 0.5);
      expect(c.top).toBeLessThan(720);
    }
    expect(five.board.scrollWidth).toBeLessThanOrEqual(five.board.clientWidth + 1);
    expect(await page.getByTestId('affinity-more').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Three more groups (eight columns): more than fit, so the board scrolls, and it shows it.
    for (const name of ['Security', 'Vendors', 'Later']) await api(app, 'affinity-group-add', { eventId, name });
    await expect.poll(() => page.getByTestId('affinity-column').count(), { timeout: 15_000 }).toBe(8);
    const more = page.getByTestId('affinity-more').getByRole('status');
    await expect.poll(() => more.textContent(), { timeout: 5_000 }).toMatch(/\d+ more columns? to the right/);
    const eight = await boardLayout(page);
    expect(eight.board.scrollWidth).toBeGreaterThan(eight.board.clientWidth);
    // The board fits the window's height, so its horizontal scroll bar is on screen, not below the fold.
    expect(eight.board.bottom).toBeLessThanOrEqual(720);
    const hidden = eight.columns.filter((c) => c.right > eight.board.right + 1).length;
    expect(await more.textContent()).toContain(`${hidden} more column${hidden === 1 ? '' : 's'} to the right`);
    await screenshot(page, 'projector2-affinity-8-columns');
    expect(await axeViolations(page)).toEqual([]);
    // Scroll right until the last column (the group 'Later') is whole on screen.
    for (let k = 0; k < 4 && (await more.textContent())?.includes('to the right'); k++) {
      await page.getByRole('button', { name: 'Scroll right →' }).click();
      await page.waitForTimeout(500);
    }
    const end = await boardLayout(page);
    expect(end.columns.at(-1)!.right).toBeLessThanOrEqual(end.board.right + 1);
    await expect.poll(() => more.textContent()).toMatch(/columns? to the left$/);
    await screenshot(page, 'projector2-affinity-scrolled');
  });
});

describe('impact/effort chart at 1280×720', () => {
  it('is larger and whole on screen, and points at the edges and corners never cover a quadrant label', async () => {
    const eventId = await demoEventId(app);
    const ideas = await api<Idea[]>(app, 'idea-list', { eventId });
    // Where the labels used to be (top centre of each quadrant) and the extremes of every side.
    const spots: [number, number][] = [[9.2, 2.5], [9.2, 7.5], [4.2, 2.5], [4.2, 7.5], [10, 0], [10, 10], [0, 2.5], [0, 7.5]];
    for (const [k, [impact, effort]] of spots.entries()) await api(app, 'matrix-place', { eventId, ideaId: ideas[k]!.id, impact, effort });
    const p = new ActionsPage(page, app.url, eventId);
    await p.open('matrix');
    await expect.poll(() => page.getByTestId('pick-point').count(), { timeout: 15_000 }).toBe(spots.length);
    await screenshot(page, 'projector2-matrix');
    const layout = await page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return {
        svg: box(document.querySelector('.pick-chart')!),
        quadrants: [...document.querySelectorAll('.pick-chart > rect')].map(box),
        labels: [...document.querySelectorAll('.pick-quadrant')].map((t) => ({ text: t.textContent, ...box(t) })),
        points: [...document.querySelectorAll('[data-testid="pick-point"] circle')].map(box),
      };
    });
    expect(layout.labels.map((l) => l.text)).toEqual(['Implement', 'Challenge', 'Possible', 'Kill']);
    const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const l of layout.labels) for (const pt of layout.points) expect(overlaps(l, pt), `a point covers ${l.text}`).toBe(false);
    // Larger than it was (a 380 × 250 px plot at 1280 × 720), and whole in the window.
    expect(layout.quadrants).toHaveLength(4);
    const plot = { width: Math.max(...layout.quadrants.map((q) => q.right)) - Math.min(...layout.quadrants.map((q) => q.left)), height: Math.max(...layout.quadrants.map((q) => q.bottom)) - Math.min(...layout.quadrants.map((q) => q.top)) };
    expect(plot.width).toBeGreaterThanOrEqual(430);
    expect(plot.height).toBeGreaterThanOrEqual(330);
    expect(layout.svg.bottom).toBeLessThanOrEqual(720);
    // The score table beside it still shows every column (nothing cut at the right edge).
    const table = await page.evaluate(() => {
      const t = document.querySelector('.matrix-table table')!.getBoundingClientRect();
      const card = document.querySelector('.matrix-table')!.getBoundingClientRect();
      return { right: t.right, cardRight: card.right };
    });
    expect(table.right).toBeLessThanOrEqual(Math.min(table.cardRight, 1280));

    // The presenter's matrix: five ideas in Implement are more lines than its quadrant holds at 1280×720, so it
    // shows what fits and "+ N more" — no idea cut off unseen, every line inside its quadrant.
    await api(app, 'matrix-place', { eventId, ideaId: ideas[2]!.id, impact: 8, effort: 1 });
    await api(app, 'matrix-place', { eventId, ideaId: ideas[3]!.id, impact: 7, effort: 3 });
    await api(app, 'matrix-place', { eventId, ideaId: ideas[6]!.id, impact: 6, effort: 4 });
    const sessions = await api<{ id: string; title: string }[]>(app, 'agenda-list', { eventId });
    const design = sessions.find((x) => x.title === 'Design countermeasures')!;
    await api(app, 'agenda-update', { id: design.id, patch: { activity: 'prioritisation' } });
    await api(app, 'agenda-current', { eventId, sessionId: design.id });
    await new WorkshopPage(page, app.url, eventId).open('present');
    await page.getByTestId('presenter-matrix').waitFor({ timeout: 15_000 });
    const placements = await api<{ impact: number; effort: number }[]>(app, 'matrix-list', { eventId });
    const quadrants = await page.evaluate(() =>
      ['implement', 'challenge', 'possible', 'kill'].map((q) => {
        const el = document.querySelector(`.presenter-quadrant-${q}`)!;
        const r = el.getBoundingClientRect();
        const items = [...el.querySelectorAll('li')].map((li) => ({ text: li.textContent ?? '', bottom: li.getBoundingClientRect().bottom, more: li.classList.contains('presenter-more') }));
        return { q, bottom: r.bottom, items, count: Number(el.querySelector('h3 span')!.textContent) };
      }),
    );
    const inQuadrant = { implement: 0, challenge: 0, possible: 0, kill: 0 } as Record<string, number>;
    for (const pl of placements) inQuadrant[pl.impact >= 5 ? (pl.effort >= 5 ? 'challenge' : 'implement') : pl.effort >= 5 ? 'kill' : 'possible']!++;
    expect(inQuadrant.implement).toBe(5);
    for (const qd of quadrants) {
      expect(qd.count).toBe(inQuadrant[qd.q]);
      for (const li of qd.items) expect(li.bottom, `${qd.q}: ${li.text}`).toBeLessThanOrEqual(qd.bottom + 0.5);
      const more = qd.items.find((li) => li.more);
      const listed = qd.items.filter((li) => !li.more).length;
      expect(listed + (more ? Number(/\+ (\d+) more/.exec(more.text)![1]) : 0)).toBe(qd.count);
    }
    expect(quadrants[0]!.items.some((li) => li.more)).toBe(true);
    await screenshot(page, 'projector2-presenter-matrix');
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('demo event consistent', () => {
  it("shows the scoring path (the charter's target area) as the current-state map and as the A3's current condition", async () => {
    const eventId = await demoEventId(app);
    const vsm = new VsmPage(page, app.url, eventId);
    await vsm.open();
    await vsm.canvas().waitFor({ timeout: 15_000 });
    expect(await vsm.stageNames()).toEqual(['Feature lookup', 'Pre-processing', 'Model inference', 'Post-processing / rules']);
    await expect.poll(() => page.getByTestId('constraint-name').textContent(), { timeout: 10_000 }).toBe('Feature lookup');
    expect(await vsm.metric('metric-lead').textContent()).toMatch(/\d ms/);
    await screenshot(page, 'projector2-demo-map');
    expect(await axeViolations(page)).toEqual([]);

    const report = new ReportPage(page);
    await report.open(eventId, 'a3');
    const current = report.a3Field('Current condition');
    await expect.poll(() => current.inputValue(), { timeout: 10_000 }).toContain('Value stream "Scoring path today"');
    expect(await current.inputValue()).toContain('Constraint: Feature lookup');
    expect(await current.inputValue()).not.toMatch(/retraining/i);
    expect(await report.a3Field('Goal').inputValue()).toContain('daily precision at or above 0.77');
    await screenshot(page, 'projector2-demo-a3');
    expect(await axeViolations(page)).toEqual([]);
  });
});
