// The UI stays responsive while the worker analyses: no main-thread task over 50 ms from the moment the
// progress bar shows until the result has been handed back (Long Tasks API in real Chromium). The
// dashboard's first render after that is reported, not asserted: on this CPU-only, software-rendered
// machine it is one to a few tasks of 50-200 ms.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSeason } from './app-flows';
import { describeBrowser, launch, openApp } from './harness';

describeBrowser('responsiveness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has no main-thread task over 50 ms while the season is analysed and handed back', async () => {
    const { page, context } = await openApp(browser);
    await loadSeason(page);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: Math.round(e.duration) });
      }).observe({ type: 'longtask' });
    });
    await page.getByTestId('analyze').click();
    await page.getByTestId('progress').waitFor();
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('driver-row').first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    const { tasks, received } = await page.evaluate(() => ({
      tasks: (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks,
      received: performance.getEntriesByName('dna:analysis-received')[0]?.startTime ?? Infinity,
    }));
    const during = tasks.filter((t) => t.start >= t0 && t.start + t.ms <= received).map((t) => t.ms);
    const after = tasks.filter((t) => t.start + t.ms > received).map((t) => t.ms);
    console.log(`analysis ${Math.round(received - t0)} ms; long tasks while analysing: ${JSON.stringify(during)}; dashboard render after: ${JSON.stringify(after)}`);
    expect(Number.isFinite(received)).toBe(true);
    expect(during.filter((ms) => ms > 50)).toEqual([]);
    await context.close();
  });
});
