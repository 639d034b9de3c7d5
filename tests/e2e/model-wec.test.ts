// The Model page on a multi-class season (../shared/data/wec-2025): the relative model's archetype is the
// exact rule on its DNA against the car's class reference (src/core/relative/predicted-archetype.ts), so a
// row whose classifier head would say otherwise is labelled "rule on the model's DNA" instead of the head's
// probability. Screenshots at 1280 and 360 px. Skips without the folder; under CI=true a missing folder fails.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from './app-flows';
import { describeBrowser, launch, openApp, screenshot } from './harness';

const WEC = resolve(import.meta.dirname, '../../../shared/data/wec-2025');
const present = existsSync(WEC);

function body(): void {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    page = (await openApp(browser, { viewport: { width: 1280, height: 900 } })).page;
    await page.getByTestId('folder-input').setInputFiles(WEC);
    await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
    await analyse(page);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the model's archetype judged against the class, labelled where the classifier head differs", async () => {
    await page.goto(page.url().replace(/#.*$/, '#/model'));
    const table = page.getByTestId('model-side-by-side');
    await table.waitFor({ timeout: 60_000 });
    const rows = table.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(36); // every WEC car raced two tracks or more
    const text = (await table.textContent()) ?? '';
    expect(text).toContain("(rule on the model's DNA)");
    // the label names the reference in its tooltip: a class population, not the GR Cup season
    const title = await table.locator('span[title^="The exact rule"]').first().getAttribute('title');
    expect(title).toMatch(/cars of class (HYPERCAR|LMGT3)/);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'wec-model-1280', { fullPage: false });
    await page.setViewportSize({ width: 360, height: 800 });
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'wec-model-360', { fullPage: false });
  });
}

describeBrowser('model page on the WEC 2025 season (real data)', () => {
  if (present) describe('wec-2025', body);
  else if (process.env.CI === 'true') it('needs ../shared/data/wec-2025 under CI=true', () => expect.fail(`real data folder missing: ${WEC}`));
  else it.skip(`skipped: real data not found at ${WEC}`, () => {});
});
