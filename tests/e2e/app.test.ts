// The app in real Chromium against the built app: bring a season in, read the report, analyse, see every
// car number, open a driver and see the charts, compare, the model page. Screenshots of each page go to
// test-artifacts/screenshots/ (looked at by hand; the README's screenshot is copied from overview.png).
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasRealData } from '../helpers/real-data';
import { analyse, canvasHasInk, driverRows, loadSeason, overviewReady, realCarNumbers, tableCounts } from './app-flows';
import { describeBrowser, foreignRequests, launch, openApp, screenshot, type OpenedApp } from './harness';

describeBrowser('app: season to dashboard', () => {
  let browser: Browser;
  let app: OpenedApp;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, { viewport: { width: 1280, height: 900 } });
    page = app.page;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the start page with the drop zone, pickers and sample button', async () => {
    await expect(page.getByTestId('drop-zone').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('sample-data').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('file-input').count()).resolves.toBe(1);
    await screenshot(page, 'start');
  });

  it(`validates every file before analysis (${hasRealData ? 'real data' : 'sample data'})`, async () => {
    const source = await loadSeason(page);
    const report = page.getByTestId('validation-report');
    const usable = Number(await page.getByTestId('usable-count').textContent());
    if (source === 'real') {
      // 12 lap files (2 races at 6 tracks); the other exports are recognised and listed as not used.
      expect(usable).toBe(12);
      await expect(report.getByTestId('report-row').count()).resolves.toBe(12);
      await expect(report.getByText('not used').count()).resolves.toBeGreaterThan(0);
    } else {
      expect(usable).toBeGreaterThan(0);
    }
    await screenshot(page, 'validation');
  });

  it('analyses the season and lists every car number in the driver table', async () => {
    await analyse(page);
    const rows = await driverRows(page);
    if (hasRealData) {
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(realCarNumbers());
      expect(rows).toHaveLength(38);
    } else {
      expect(rows.length).toBeGreaterThan(0);
    }
    // the table renders the rows in view only (VirtualTable), and says how many it holds
    const counts = await tableCounts(page, 'driver-table');
    expect(counts.rows).toBe(rows.length);
    if (hasRealData) expect(counts.rendered).toBeLessThan(38);
    // the CSV holds every car, not only the rendered rows
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('driver-table-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r\n/);
    expect(csv[0]).toMatch(/^car,/);
    expect(csv.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    await expect(canvasHasInk(page, 'archetype-chart')).resolves.toBe(true);
    await page.getByTestId('backend-badge').waitFor();
    await screenshot(page, 'overview');
    await screenshot(page, 'overview-top', { fullPage: false });
  });

  it('filters and sorts the driver table', async () => {
    const first = (await driverRows(page))[0].id;
    await page.getByTestId('driver-filter').fill(String(first));
    const filtered = await driverRows(page);
    expect(filtered.map((r) => r.id)).toContain(first);
    expect(filtered.every((r) => String(r.id).startsWith(String(first)))).toBe(true);
    await page.getByTestId('driver-filter').fill('');
    await page.getByRole('button', { name: /^Car/ }).click(); // sort by car, descending
    const desc = (await driverRows(page)).map((r) => r.id);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('opens a driver and draws the radar, pace, sector and lap-time charts', async () => {
    const id = (await driverRows(page))[0].id;
    await page.locator(`[data-testid="driver-row"][data-driver-id="${id}"] [data-testid="driver-link"]`).click();
    await page.getByTestId('driver-radar').waitFor();
    expect(page.url()).toContain(`#/driver/${id}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Car #${id}`);
    for (const chart of ['driver-radar', 'lap-distribution']) {
      await expect(canvasHasInk(page, chart), chart).resolves.toBe(true);
    }
    if (await page.getByTestId('track-pace-chart').count()) {
      await expect(canvasHasInk(page, 'track-pace-chart')).resolves.toBe(true);
      await expect(canvasHasInk(page, 'sector-gap-chart')).resolves.toBe(true);
    }
    await screenshot(page, 'driver');
    // classic is one switch away
    await page.getByText('Classic DNA').click();
    await expect(page.getByTestId('archetype-card').textContent()).resolves.toContain('classic');
    await screenshot(page, 'driver-classic');
    await page.getByText('Relative DNA').click();
  });

  it('opens a track page', async () => {
    await page.goto(`${new URL(page.url()).origin}/#/overview`);
    await page.locator('a[href^="#/track/"]').first().click();
    await page.getByTestId('track-laps').waitFor();
    await expect(canvasHasInk(page, 'track-laps')).resolves.toBe(true);
    await screenshot(page, 'track');
  });

  it('compares drivers with an overlaid radar and sector deltas', async () => {
    await page.locator('a[href="#/overview"]').first().click();
    const ids = (await driverRows(page)).slice(0, 3).map((r) => r.id);
    for (const id of ids) await page.getByRole('checkbox', { name: `Compare car ${id}`, exact: true }).check();
    await page.getByTestId('compare-selected').click();
    await page.getByTestId('compare-radar').waitFor();
    expect(page.url()).toContain(`#/compare/${ids.join(',')}`);
    await expect(canvasHasInk(page, 'compare-radar')).resolves.toBe(true);
    await screenshot(page, 'compare');
  });

  it('shows the model page with the backend and the model info', async () => {
    await page.locator('nav a[href="#/model"]').click();
    await page.getByTestId('model-info').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="model-info"]')?.getAttribute('data-state') !== 'not-loaded', null, {
      timeout: 60_000,
    });
    // the relative model's held-out figures per series, as its metadata carries them; the classic model says it has none
    const relative = page.getByTestId('model-card').filter({ hasText: 'Relative model' });
    await relative.getByTestId('model-series-metrics').waitFor({ timeout: 60_000 });
    const meta = JSON.parse(readFileSync(new URL('../../models/relative-v2/metadata.json', import.meta.url), 'utf8'));
    const bySeries = meta.evaluation.held_out_real_by_series as Record<string, { overall_reliability: number; cars: number }>;
    await expect(relative.locator('[data-testid="model-series-metrics"] thead th[data-series]').allTextContents()).resolves.toEqual(['GR Cup', 'IMSA 2025', 'WEC 2025']);
    const reliability = await relative.locator('[data-testid="model-series-metrics"] tr[data-metric="overall_reliability"] td').allTextContents();
    expect(reliability).toEqual(['gr-cup', 'imsa-2025', 'wec-2025'].map((k) => bySeries[k].overall_reliability.toFixed(4)));
    const heldOut = await relative.locator('[data-testid="model-series-metrics"] tbody tr').first().locator('td').allTextContents();
    expect(heldOut[0]).toBe(`${bySeries['gr-cup'].cars} cars`);
    const classic = page.getByTestId('model-card').filter({ hasText: 'Classic model' });
    await expect(classic.getByTestId('model-series-none').textContent()).resolves.toContain('trained on the GR Cup season only');
    await expect(classic.getByTestId('model-series-metrics').count()).resolves.toBe(0);
    await screenshot(page, 'model');
  });

  it('is readable at 360 px: no page-wide horizontal scroll', async () => {
    await page.evaluate(() => (location.hash = '#/overview'));
    const firstId = (await driverRows(page))[0].id;
    await page.setViewportSize({ width: 360, height: 780 });
    for (const hash of ['#/', '#/overview', `#/driver/${firstId}`, '#/compare/', '#/model']) {
      await page.evaluate((h) => (location.hash = h), hash);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${hash}`).toBeLessThanOrEqual(0);
    }
    await page.evaluate(() => (location.hash = '#/overview'));
    await overviewReady(page);
    await screenshot(page, 'overview-360', { fullPage: false });
    const id = (await driverRows(page))[0].id;
    await page.evaluate((i) => (location.hash = `#/driver/${i}`), id);
    await page.getByTestId('driver-radar').waitFor();
    await screenshot(page, 'driver-360', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('is keyboard operable: filter, open a driver, switch definition, come back', async () => {
    await page.evaluate(() => (location.hash = '#/overview'));
    await page.locator('[data-testid="driver-table"][data-complete]').waitFor();
    const id = (await driverRows(page))[1].id;
    await page.getByTestId('driver-filter').focus();
    await page.keyboard.type(String(id));
    // Tab from the filter reaches the first sort button, then on through the table to the car link
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((car) => document.activeElement?.textContent === `#${car}`, id);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('driver-radar').waitFor();
    expect(page.url()).toContain(`#/driver/${id}`);
    // the page's heading takes focus after navigation
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByLabel('Classic DNA').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('archetype-card').textContent()).resolves.toContain('classic');
    await page.getByLabel('Relative DNA').check();
  });

  it('keeps a log in the seed format and downloads it as dna_analyzer.log', async () => {
    await page.getByTestId('log-panel').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download log' }).click()]);
    expect(download.suggestedFilename()).toBe('dna_analyzer.log');
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trim().split('\n');
    // [TIMESTAMP] [LEVEL] [COMPONENT] [CODE] message (seed-design.md, Error Logging Strategy)
    const seed = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] \[(ERROR|WARN|INFO)\] \[[A-Za-z]+\] \[[EWI]\d{3}\] .+/;
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((l) => !seed.test(l))).toEqual([]);
    expect(lines.some((l) => l.includes('[Analysis]'))).toBe(true);
    await page.getByTestId('log-panel').locator('summary').click();
  });

  it('made no request to another origin and logged no page error', async () => {
    expect(foreignRequests(app.requests)).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});

describeBrowser('app: dark scheme', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('follows prefers-color-scheme: dark', async () => {
    const { page } = await openApp(browser, { colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(18, 21, 26)');
    await loadSeason(page);
    await analyse(page);
    await screenshot(page, 'overview-dark');
  });
});
