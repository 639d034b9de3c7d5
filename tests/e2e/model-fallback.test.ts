// Model failures in real Chromium: a missing model (E001) and a corrupted weight shard (E061, the
// route is intercepted and one byte flipped) both leave the app on the exact core with the coded notice
// and I001, and every car is still in the table.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyse, driverRows, loadSeason } from './app-flows';
import { describeBrowser, launch, openApp, PROJECT_ROOT, screenshot } from './harness';

const hasModels = existsSync(join(PROJECT_ROOT, 'models', 'registry.json'));

async function noticeCodes(page: Page): Promise<string[]> {
  const el = page.getByTestId('model-notice').first();
  await el.waitFor({ timeout: 60_000 });
  return ((await el.getAttribute('data-codes')) ?? '').split(' ').filter(Boolean);
}

describeBrowser('model fallback', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a missing model file: E001 and I001, exact profiles for every car', async () => {
    // The routes go in before the app opens: it starts loading the models in its first idle moment.
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
    await context.route('**/models/registry.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const { page } = await openApp(context);
    await loadSeason(page);
    await analyse(page);
    const codes = await noticeCodes(page);
    expect(codes).toEqual(['E001', 'I001']);
    await expect(page.getByTestId('backend-badge').getAttribute('data-state')).resolves.toBe('failed');
    expect((await driverRows(page)).length).toBeGreaterThan(0);
    await context.close();
  });

  it.skipIf(!hasModels)('a corrupted weight shard: E061, the model refused, exact profiles shown (needs models/registry.json)', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
    let corrupted = 0;
    await context.route('**/models/**/weights.bin', async (route) => {
      const res = await route.fetch();
      const body = Buffer.from(await res.body());
      body[body.length >> 1] ^= 0xff; // one flipped byte in the middle of the shard
      corrupted++;
      await route.fulfill({ response: res, body });
    });
    const { page } = await openApp(context);
    await loadSeason(page);
    await analyse(page);
    const codes = await noticeCodes(page);
    expect(corrupted).toBeGreaterThan(0);
    expect(codes).toContain('E061');
    expect(codes).toContain('I001');
    const rows = await driverRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.predicted === '')).toBe(true);
    expect(rows.some((r) => r.archetype !== '')).toBe(true);
    await screenshot(page, 'overview-model-refused');
    await context.close();
  });
});
