import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations } from './harness';
import type { AppUnderTest } from './harness';
import { ActionsPage } from './pages/actions-page';
import { RootCausePage } from './pages/rootcause-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Fishbone = { categories: { name: string; causes: { text: string; parentId: string | null }[] }[] };

describe('root cause', () => {
  it('builds a two-level fishbone on the AI categories, exports SVG and PNG, and survives reload', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Fraud scoring p95', problemStatement: 'p95 of the scoring API is 420 ms' });
    const rc = new RootCausePage(page, app.url, e.id);
    await rc.open('fishbone');
    for (const name of ['Data', 'Model', 'Infrastructure', 'Process', 'People', 'Measurement']) await rc.category(name).waitFor();
    await rc.addCause('Data', 'Feature lookups one by one');
    await rc.addSubCause('Feature lookups one by one', 'No batch read in the v3 client');
    await rc.addCause('Infrastructure', 'Pods throttled at peak');
    await rc.addSubCause('Pods throttled at peak', 'CPU limit 1 core');
    await rc.addCause('Model', '<script>alert("x")</script> model is 3× larger');
    const fb = await api<Fishbone>(app, 'fishbone-get', { eventId: e.id });
    const data = fb.categories.find((c) => c.name === 'Data')!;
    expect(data.causes.map((c) => [c.text, c.parentId === null])).toEqual([['Feature lookups one by one', true], ['No batch read in the v3 client', false]]);
    await page.reload();
    await rc.diagramMentions('CPU limit 1 core');
    expect(await rc.diagram().getAttribute('alt')).toContain('<script>alert("x")</script> model is 3× larger');
    await screenshot(page, 'fishbone-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    const svg = fs.readFileSync((await svgDl.path())!, 'utf8');
    expect(svgDl.suggestedFilename()).toBe('fishbone-Fraud-scoring-p95.svg');
    expect(svg).toContain('No batch read in the v3 client');
    expect(svg).toContain('&lt;script&gt;');
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    const png = fs.readFileSync((await pngDl.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(2400); // 1200 px wide SVG at 2×
  });

  it('keeps a branching 5 Whys chain with a marked root cause', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Whys e2e' });
    const rc = new RootCausePage(page, app.url, e.id);
    await rc.open('whys');
    await page.getByText('No 5 Whys chain yet').waitFor();
    await page.getByLabel('Problem statement').fill('p95 is 420 ms at peak');
    await page.getByRole('button', { name: 'Start 5 Whys' }).click();
    const ask = async (label: string, text: string) => {
      const box = page.getByRole('textbox', { name: label });
      await box.fill(text);
      await box.press('Enter');
      await page.getByRole('textbox', { name: `Why: ${text}?` }).waitFor();
    };
    await ask('Why: p95 is 420 ms at peak?', 'Lookups are slow');
    await ask('Why: Lookups are slow?', 'One call per feature');
    await ask('Why: Lookups are slow?', 'Store is in another region');
    // Checkboxes in tree order: the first answer, then its two branches.
    await page.getByRole('checkbox', { name: 'Root cause' }).nth(1).check();
    await expect.poll(async () => (await api<{ nodes: { text: string; isRootCause: boolean }[] }[]>(app, 'whys-list', { eventId: e.id }))[0]!.nodes.filter((n) => n.isRootCause).length).toBe(1);
    await screenshot(page, 'whys-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    const [chain] = await api<{ nodes: { text: string; parentId: string | null }[] }[]>(app, 'whys-list', { eventId: e.id });
    expect(chain!.nodes.filter((n) => n.parentId !== null).map((n) => n.text)).toEqual(['One call per feature', 'Store is in another region']);
  });

  it('places ideas on the PICK chart by score and by keyboard, labelled by quadrant', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Matrix e2e' });
    for (const text of ['Cache features', 'Rewrite in Rust', 'Tune autoscaler', 'Rename dashboards']) await api(app, 'idea-add', { eventId: e.id, idea: { text } });
    const p = new ActionsPage(page, app.url, e.id);
    await p.open('matrix');
    const score = async (idea: string, impact: string, effort: string) => {
      await page.getByLabel(`Impact of ${idea}`).fill(impact);
      await page.getByLabel(`Impact of ${idea}`).press('Enter');
      await p.waitSaved();
      await page.getByLabel(`Effort of ${idea}`).fill(effort);
      await page.getByLabel(`Effort of ${idea}`).press('Enter');
      await expect.poll(() => page.getByTestId('matrix-row').filter({ hasText: idea }).getByTestId('quadrant').textContent()).not.toBe('not placed');
    };
    await score('Cache features', '8', '2');
    await score('Rewrite in Rust', '7', '9');
    await score('Tune autoscaler', '2', '2');
    await score('Rename dashboards', '2', '8');
    await expect.poll(() => page.getByTestId('quadrant').allTextContents()).toEqual(['Implement', 'Challenge', 'Possible', 'Kill']);
    // Keyboard: Shift+↑ moves 2 points: impact 2 → 4 (still Possible) → 6 (Implement).
    const point = page.getByRole('button', { name: /^3\. Tune autoscaler/ });
    await point.focus();
    await point.press('Shift+ArrowUp');
    await expect.poll(() => page.getByTestId('quadrant').nth(2).textContent()).toBe('Possible');
    await point.press('Shift+ArrowUp');
    await expect.poll(() => page.getByTestId('quadrant').nth(2).textContent()).toBe('Implement');
    await screenshot(page, 'matrix-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    const placements = await api<{ ideaId: string; impact: number; effort: number }[]>(app, 'matrix-list', { eventId: e.id });
    expect(placements.map((x) => x.impact).sort()).toEqual([2, 6, 7, 8]);
    // Pointer drag: move point 4 ("Rename dashboards", Kill) to the top-left corner of the plot → Implement.
    const box = (await page.getByRole('button', { name: /^4\. Rename dashboards/ }).boundingBox())!;
    const plot = (await page.locator('.pick-chart rect').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.2, plot.y + plot.height * 0.2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('quadrant').nth(3).textContent()).toBe('Implement');
    const moved = (await api<{ ideaId: string; impact: number; effort: number; source: string }[]>(app, 'matrix-list', { eventId: e.id })).find((x) => x.source === 'drag')!;
    expect(moved.impact).toBeGreaterThan(5);
    expect(moved.effort).toBeLessThan(5);
  });

  it('groups ideas into affinity groups by keyboard and by drag and drop, with undo', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Affinity e2e' });
    for (const text of ['Cache features', 'Batch lookups', 'Tune autoscaler']) await api(app, 'idea-add', { eventId: e.id, idea: { text } });
    const p = new ActionsPage(page, app.url, e.id);
    await p.open('affinity');
    await page.getByLabel('New group').fill('Feature store');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('region', { name: 'Group Feature store' }).waitFor();
    await page.getByLabel('New group').fill('<i>Infra</i>');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('region', { name: 'Group <i>Infra</i>' }).waitFor();
    const groupOf = async (text: string) => {
      const [groups, ideas] = await Promise.all([
        api<{ id: string; name: string }[]>(app, 'affinity-group-list', { eventId: e.id }),
        api<{ text: string; groupId: string | null }[]>(app, 'idea-list', { eventId: e.id }),
      ]);
      const gid = ideas.find((i) => i.text === text)!.groupId;
      return groups.find((g) => g.id === gid)?.name ?? 'Ungrouped';
    };
    // Keyboard: focus the card, → moves it one column right; focus stays on the card.
    const card = page.getByTestId('affinity-card').filter({ hasText: 'Cache features' });
    await card.focus();
    await card.press('ArrowRight');
    await expect.poll(() => groupOf('Cache features')).toBe('Feature store');
    // Press again only once the board shows the card in its new column (the store answered first).
    const cardIn = (group: string) => page.getByRole('region', { name: `Group ${group}` }).getByTestId('affinity-card').filter({ hasText: 'Cache features' });
    await cardIn('Feature store').waitFor();
    await cardIn('Feature store').press('ArrowRight');
    await expect.poll(() => groupOf('Cache features')).toBe('<i>Infra</i>');
    await cardIn('<i>Infra</i>').waitFor();
    await cardIn('<i>Infra</i>').press('ArrowLeft');
    await expect.poll(() => groupOf('Cache features')).toBe('Feature store');
    // Mouse: drag a card onto a group.
    await page.getByTestId('affinity-card').filter({ hasText: 'Batch lookups' }).dragTo(page.getByRole('region', { name: 'Group Feature store' }));
    await expect.poll(() => groupOf('Batch lookups')).toBe('Feature store');
    await page.getByTestId('affinity-card').filter({ hasText: 'Tune autoscaler' }).dragTo(page.getByRole('region', { name: 'Group <i>Infra</i>' }));
    await expect.poll(() => groupOf('Tune autoscaler')).toBe('<i>Infra</i>');
    expect(await page.getByRole('region', { name: 'Group Feature store' }).getByTestId('affinity-card').allTextContents()).toEqual(['Cache features', 'Batch lookups']);
    await screenshot(page, 'affinity-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    // Undo the last move.
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => groupOf('Tune autoscaler')).toBe('Ungrouped');
  });

  it('shows the demo event’s two-level fishbone and its actions with owners (screenshots)', async () => {
    const [demo] = await api<{ id: string; isDemo: boolean }[]>(app, 'event-list', {});
    expect(demo!.isDemo).toBe(true);
    const rc = new RootCausePage(page, app.url, demo!.id);
    await rc.open('fishbone');
    await rc.diagramMentions('Feature store has no batch read in v3 client');
    await screenshot(page, 'fishbone-demo-1280x720');
    const p = new ActionsPage(page, app.url, demo!.id);
    await p.open('actions');
    await p.rows().first().waitFor();
    expect(await p.rows().count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('overdue').count()).toBe(1);
    // Links show the linked item's text, not its id.
    await p.row('Restore batched feature reads').getByText('Root cause: Feature lookups made one by one (Fishbone: Data)').waitFor();
    await p.row('latency budget').getByText('Root cause: The release checklist has no latency budget (5 Whys: p95 of the fraud-scoring API is over 400 ms at peak)').waitFor();
    await screenshot(page, 'actions-demo-1280x720');
  });
});
