// A race engineer of another series drops a season folder: ../shared/data/imsa-2025 (six lap files of a
// multi-class series, a folder without one, circuits named by the collector's folder names) with no option
// and no renaming. The overview shows the classes, every lap file has a track (no unplaced race), the People
// page lists the drivers the files name and a person's page lists their races. Screenshots at 1280 and 360 px.
// Skips without the folder; under CI=true a missing folder fails, like every real-data test.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewReady, tableCounts, tableRows } from './app-flows';
import { describeBrowser, launch, openApp, screenshot, type OpenedApp } from './harness';

const IMSA = resolve(import.meta.dirname, '../../../shared/data/imsa-2025');
const present = existsSync(IMSA);

/** Classes of the lap files, read from their CLASS column by the test itself. */
function classesInFiles(): Set<string> {
  const out = new Set<string>();
  for (const d of readdirSync(IMSA)) {
    for (const f of readdirSync(join(IMSA, d)).filter((x) => x.endsWith('race-laps.csv'))) {
      const lines = readFileSync(join(IMSA, d, f), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
      const header = lines[0].split(',').map((h) => h.trim());
      const col = header.indexOf('CLASS');
      for (const l of lines.slice(1)) out.add(l.split(',')[col].trim());
    }
  }
  out.delete('');
  return out;
}

function body(): void {
  let browser: Browser;
  let app: OpenedApp;
  let page: Page;
  let carCount = 0;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, { viewport: { width: 1280, height: 900 } });
    page = app.page;
    await page.getByTestId('folder-input').setInputFiles(IMSA);
    await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('places every lap file without a typed track, then shows the classes in the overview', async () => {
    const rows = page.getByTestId('report-row');
    await rows.first().waitFor();
    // six lap files (Daytona's folder has none), every one used, none asking for a track
    await expect(rows.count()).resolves.toBe(6);
    const used = await rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.used));
    expect(used).toEqual(Array(6).fill('true'));
    await expect(page.getByTestId('track-input').count()).resolves.toBe(0);
    await expect(page.getByTestId('analyze').isEnabled()).resolves.toBe(true);
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 180_000 });
    await overviewReady(page);
    const counts = (await page.getByTestId('class-counts').textContent()) ?? '';
    for (const cls of classesInFiles()) expect(counts, cls).toContain(cls);
    // every car, read by scrolling the table (it renders the rows in view only)
    const cars = await tableRows(page, 'driver-table');
    const tableClasses = new Set(cars.map((r) => r.data.class ?? ''));
    expect(tableClasses).toEqual(classesInFiles());
    carCount = (await tableCounts(page, 'driver-table')).rows;
    expect(cars).toHaveLength(carCount);
    await screenshot(page, 'imsa-overview-1280', { fullPage: false });
  });

  it('lists the people and opens a person with their races', async () => {
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-row').first().waitFor({ timeout: 30_000 });
    const { rows: n, rendered } = await tableCounts(page, 'people-table');
    expect(rendered).toBeLessThanOrEqual(n);
    // two or three drivers share each car: more people than cars
    expect(n).toBeGreaterThan(carCount);
    await screenshot(page, 'imsa-people-1280', { fullPage: false });
    // the person with the most races
    const people = await tableRows(page, 'people-table');
    expect(people).toHaveLength(n);
    const best = people.map((r) => ({ key: r.data.key, label: r.cells[0], races: Number(r.cells[3]) })).sort((a, b) => b.races - a.races)[0];
    expect(best.races).toBeGreaterThanOrEqual(2);
    // the filter brings the person's row into the rendered rows
    await page.getByTestId('people-filter').fill(best.label);
    await page.locator(`[data-testid="person-row"][data-key="${best.key}"] [data-testid="person-link"]`).click();
    await page.getByTestId('person-races').waitFor();
    await expect(page.getByTestId('person-race').count()).resolves.toBe(best.races);
    const name = (await page.getByTestId('person-name').textContent()) ?? '';
    expect(name.trim().length).toBeGreaterThan(0);
    // the archetype names the population it was judged against
    await expect(page.getByTestId('person-reference').textContent()).resolves.toMatch(/against the (\d+ (cars|drivers) of class \S+|.* reference)/);
    // what is missing is said with the figures' labels (the IMSA files carry no TOP_SPEED), never a raw key
    const missing = await page.getByTestId('person-missing').allTextContents();
    expect(missing).toContain('Top speed vs field: the files carry no TOP_SPEED');
    expect((await page.locator('main').textContent()) ?? '').not.toMatch(/\b[a-z]+_[a-z_]*(pct|pp|s)\b/);
    // races are named by the date their file encodes, tracks by the circuit (no file names, no lower-case keys)
    const raceCells = await page.getByTestId('person-race').locator('td:nth-child(2) a').allTextContents();
    for (const r of raceCells) expect(r.trim()).toMatch(/^Race · 2025-\d\d-\d\d \d\d:\d\d$/);
    await screenshot(page, 'imsa-person-1280');
  });

  it('a car page shows its class field and who drove which laps', async () => {
    await page.goto(page.url().replace(/#.*$/, '#/overview'));
    await overviewReady(page);
    await page.getByTestId('driver-link').first().click();
    await page.getByTestId('class-field').waitFor();
    await page.getByTestId('car-driver-row').first().waitFor();
    await expect(page.getByTestId('car-driver-row').count()).resolves.toBeGreaterThanOrEqual(2);
    await screenshot(page, 'imsa-car-1280');
  });

  it('at 360 px: overview, people, person and car pages', async () => {
    const url = page.url();
    await page.setViewportSize({ width: 360, height: 780 });
    for (const [hash, name, testid] of [
      ['#/overview', 'overview', 'driver-table'],
      ['#/people', 'people', 'people-table'],
    ] as const) {
      await page.goto(url.replace(/#.*$/, hash));
      await page.getByTestId(testid).waitFor();
      await screenshot(page, `imsa-${name}-360`, { fullPage: false });
      // the table scrolls sideways in its own box, the page does not
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name} at 360 px`).toBeLessThanOrEqual(0);
    }
    await page.getByTestId('person-link').first().click();
    await page.getByTestId('person-races').waitFor();
    await screenshot(page, 'imsa-person-360', { fullPage: false });
    await page.goto(url.replace(/#.*$/, '#/overview'));
    await page.getByTestId('driver-link').first().click();
    await page.getByTestId('class-field').waitFor();
    await screenshot(page, 'imsa-car-360', { fullPage: false });
    // no page-wide horizontal scroll
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(362);
  });
}

describeBrowser('IMSA 2025 season in the app (real data)', () => {
  if (present) describe('imsa-2025', body);
  else if (process.env.CI === 'true') it('needs ../shared/data/imsa-2025 under CI=true', () => expect.fail(`real data folder missing: ${IMSA}`));
  else it.skip(`skipped: real data not found at ${IMSA}`, () => {});
});
