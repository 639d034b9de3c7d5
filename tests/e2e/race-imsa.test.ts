// The race views on a multi-class endurance season in Chromium: ../shared/data/imsa-2025 dropped as a folder
// (the track comes from each folder's name), then a race page: the
// classification per class beside the official results, the charts, driver stints, weather in °F.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canvasHasInk } from './app-flows';
import { describeBrowser, launch, openApp, screenshot, type OpenedApp } from './harness';

const IMSA = resolve(import.meta.dirname, '../../../shared/data/imsa-2025');
const LONG_BEACH = join(IMSA, '07-long-beach-street-circuit');

describeBrowser('race views on IMSA 2025 (real data)', () => {
  let browser: Browser;
  let app: OpenedApp;
  let page: Page;
  const present = existsSync(IMSA);

  beforeAll(async () => {
    if (!present) return;
    browser = await launch();
    app = await openApp(browser, { viewport: { width: 1280, height: 900 } });
    page = app.page;
    await page.getByTestId('folder-input').setInputFiles(IMSA);
    await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 180_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('classifies Long Beach per class with the official position of every car beside it', async () => {
    if (!present) return;
    await page.getByTestId('race-links').getByRole('link', { name: /^Long Beach/ }).click();
    await page.getByTestId('classification-row').first().waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('by-class').isChecked()).resolves.toBe(true);
    const classes = await page.locator('[data-testid="race-classification"] tr.class-row').allInnerTexts();
    // Long Beach runs two classes (the sheet's CLASS column: 11 GTP, 16 GTD)
    expect(classes.map((c) => c.trim())).toEqual(['GTP', 'GTD']);
    const results = readFileSync(join(LONG_BEACH, readdirSync(LONG_BEACH).find((f) => f.endsWith('race-results.csv'))!), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
    const header = results[0].split(',');
    const rows = await page.getByTestId('classification-row').evaluateAll((rs) =>
      rs.map((r) => ({ car: (r as HTMLElement).dataset.car!, laps: Number((r as HTMLElement).dataset.laps), official: (r.querySelector('[data-testid="official-position"]') as HTMLElement).innerText.split(' ')[0] })),
    );
    for (const line of results.slice(1)) {
      const cells = line.split(',');
      const car = cells[header.indexOf('NUMBER')];
      const ours = rows.find((r) => r.car === car);
      expect(ours?.official, `car ${car}`).toBe(cells[header.indexOf('POSITION')]);
      expect(ours?.laps, `car ${car}`).toBe(Number(cells[header.indexOf('LAPS')]));
    }
  });

  it('draws every chart, lists stints with their drivers, and the weather in °F', async () => {
    if (!present) return;
    for (const id of ['lap-trace', 'race-history', 'race-positions', 'clean-boxes', 'weather-chart']) {
      await expect(canvasHasInk(page, id), id).resolves.toBe(true);
    }
    const drivers = await page.locator('[data-testid="stints-table"] thead th').allInnerTexts();
    expect(drivers).toContain('Driver');
    await expect(page.getByTestId('race-weather').innerText()).resolves.toContain('Air (°F)');
    await screenshot(page, 'race-imsa-1280');
    await page.setViewportSize({ width: 360, height: 800 });
    await expect(canvasHasInk(page, 'lap-trace')).resolves.toBe(true);
    await screenshot(page, 'race-imsa-360');
    expect(app.errors).toEqual([]);
  });
});
