import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { KpiPage } from './pages/kpi-page';

/** Issue 19: one date and number format (the OS locale unless chosen), and light / dark / high-contrast themes. */
let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Summary = { name: string; unit: string; current: number | null; currentDate: string | null; source: { kind: string; statistic?: string } };

/** The card's value as the app should write it in `locale`: 4 significant digits (percent for rates) and the unit. */
function expectedValue(k: Summary, locale: string): string {
  const rate = k.source.kind === 'dataset' && k.source.statistic === 'rate';
  const n = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(rate ? k.current! * 100 : k.current!);
  return rate ? `${n} %` : k.unit ? `${n} ${k.unit}` : n;
}

function expectedDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

async function openDisplay(p: Page) {
  await p.getByRole('button', { name: 'Display: theme, date and number format' }).first().click();
  const dialog = p.getByTestId('display-settings');
  await dialog.waitFor();
  return dialog;
}

describe('display settings', () => {
  it('a locale picked in Display changes the KPI values and dates on the board, and stays after a reload', async () => {
    const id = await demoEventId(app);
    const kpis = new KpiPage(page);
    await kpis.open(app.url, id);
    const list = await api<Summary[]>(app, 'kpi-list', { eventId: id });
    await expect.poll(() => kpis.cards().count(), { timeout: 20_000 }).toBe(list.length);
    // A KPI whose value shows a decimal or thousands separator, so the locales write it differently.
    const k = list.find((x) => x.current !== null && x.currentDate && /[.,]/.test(expectedValue(x, 'en-GB')))!;
    expect(k, 'a KPI with a fractional current value').toBeTruthy();
    const card = kpis.cards().filter({ hasText: k.name });
    const value = card.locator('.kpi-value');
    const latestHint = card.locator('.kpi-current .hint');
    const latest = { innerText: async () => (await latestHint.innerText()).trim() };

    // The browser's locale (en-GB in these tests) until one is chosen.
    expect(await value.innerText()).toBe(expectedValue(k, 'en-GB'));
    expect(await latest.innerText()).toBe(`latest, ${expectedDate(k.currentDate!, 'en-GB')}`);

    const dialog = await openDisplay(page);
    await dialog.getByLabel('Dates and numbers').selectOption('de-DE');
    await expect.poll(() => value.innerText()).toBe(expectedValue(k, 'de-DE'));
    expect(await value.innerText()).not.toBe(expectedValue(k, 'en-GB'));
    expect(await latest.innerText()).toBe(`latest, ${expectedDate(k.currentDate!, 'de-DE')}`);
    expect(await latest.innerText()).toMatch(/latest, \d+\. \w+\. 2026/);
    expect(await dialog.locator('.hint').innerText()).toContain('12.345,67');
    await screenshot(page, 'display-locale-de');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Saved in main: a reload (and any other window) formats in German.
    await page.reload();
    await expect.poll(() => value.innerText(), { timeout: 20_000 }).toBe(expectedValue(k, 'de-DE'));
    expect(await api(app, 'settings-get', {})).toEqual({ theme: 'system', locale: 'de-DE' });

    // en-US: month first; back to the system's locale.
    const again = await openDisplay(page);
    await again.getByLabel('Dates and numbers').selectOption('en-US');
    await expect.poll(() => latest.innerText()).toBe(`latest, ${expectedDate(k.currentDate!, 'en-US')}`);
    expect(await latest.innerText()).toMatch(/latest, [A-Z][a-z]{2} \d+, 2026/);
    await again.getByLabel('Dates and numbers').selectOption('');
    await expect.poll(() => value.innerText()).toBe(expectedValue(k, 'en-GB'));
    expect(await api(app, 'settings-get', {})).toEqual({ theme: 'system', locale: null });
  });

  it('follows the OS colour scheme until a theme is chosen; light, dark and high contrast are axe clean on busy pages', async () => {
    const id = await demoEventId(app);
    const kpis = new KpiPage(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await kpis.open(app.url, id);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    const kpiId = (await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId: id }))[0]!.id;
    const backgrounds = new Set<string>();
    for (const [theme, label] of [['light', 'Light'], ['dark', 'Dark'], ['contrast', 'High contrast (projector)']] as const) {
      await kpis.open(app.url, id);
      const dialog = await openDisplay(page);
      await dialog.getByLabel('Theme').selectOption({ label });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await dialog.getByRole('button', { name: 'Done' }).click();
      // Once chosen, the OS setting no longer switches it.
      await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await expect.poll(() => kpis.cards().count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      backgrounds.add(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor));
      await screenshot(page, `theme-${theme}-kpi-board`);
      expect(await axeViolations(page), `${theme}: KPI board`).toEqual([]);

      await page.goto(`${app.url}#/event/${id}/kpis/${kpiId}`);
      await kpis.chart().waitFor({ timeout: 20_000 });
      await page.locator('.cc-title').first().scrollIntoViewIfNeeded();
      await screenshot(page, `theme-${theme}-kpi-chart`);
      expect(await axeViolations(page), `${theme}: KPI chart`).toEqual([]);

      for (const [section, ready] of [['vsm', '.vsm-canvas, svg'], ['ideas', 'h1'], ['reviews', 'h1']] as const) {
        await page.goto(`${app.url}#/event/${id}/${section}`);
        await page.locator(ready).first().waitFor({ timeout: 20_000 });
        await page.waitForLoadState('networkidle');
        await screenshot(page, `theme-${theme}-${section}`);
        expect(await axeViolations(page), `${theme}: ${section}`).toEqual([]);
      }
    }
    // Three distinct looks, and the choice is stored.
    expect(backgrounds.size).toBe(3);
    expect(await api(app, 'settings-get', {})).toEqual({ theme: 'contrast', locale: null });

    // From the keyboard: the command palette switches the theme too.
    await page.keyboard.press('Control+k');
    await page.getByLabel('Type a command').fill('theme: dark');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await api(app, 'settings-get', {})).toEqual({ theme: 'dark', locale: null });
  });

  it('every section of the demo event (and Home) is axe clean in dark and high contrast', async () => {
    const id = await demoEventId(app);
    const sections = ['charter', 'team', 'readiness', 'data', 'kpis', 'vsm', 'analysis', 'agenda', 'ideas', 'voting', 'room', 'affinity', 'matrix',
      'rootcause', 'parking', 'actions', 'decisions', 'governance', 'control-plan', 'runbooks', 'reviews', 'lessons', 'report', 'a3'];
    const found: string[] = [];
    for (const theme of ['dark', 'contrast'] as const) {
      await api(app, 'settings-set', { theme });
      for (const s of ['', ...sections]) {
        await page.goto(s ? `${app.url}#/event/${id}/${s}` : `${app.url}#/`);
        await page.locator('h1').first().waitFor({ timeout: 15_000 });
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        for (const v of await axeViolations(page)) found.push(`${theme} ${s || 'home'}: ${v}`);
      }
    }
    expect(found).toEqual([]);
  });
});
