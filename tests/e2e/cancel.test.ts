// Cancel mid-analysis in real Chromium: the worker is terminated, the start page says E056, and the next
// analysis runs on a fresh worker. The model registry is held back by the test so the analysis is
// still running when Cancel is pressed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyse, driverRows, loadSeason } from './app-flows';
import { describeBrowser, launch, openApp } from './harness';

describeBrowser('cancel', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('cancels a running analysis, terminates the worker and can analyse again', async () => {
    // Held from before the app opens: it starts loading the models in its first idle moment.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await context.route('**/models/registry.json', async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    const { page } = await openApp(context);
    const closed: string[] = [];
    // the preload may have started the worker already
    for (const w of page.workers()) w.on('close', () => closed.push(w.url()));
    page.on('worker', (w) => w.on('close', () => closed.push(w.url())));

    await loadSeason(page);
    await page.getByTestId('analyze').click();
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid="start-notice"][data-code="E056"]').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('progress').count()).resolves.toBe(0);
    await expect.poll(() => closed.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(page.url()).not.toContain('#/overview');

    release();
    await context.unroute('**/models/registry.json');
    await analyse(page);
    await expect(driverRows(page).then((r) => r.length)).resolves.toBeGreaterThan(0);
    await context.close();
  });
});
