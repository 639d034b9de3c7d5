// The harness itself: the built app opens in Debian Chromium and requests nothing from another origin.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, foreignRequests, launch, openApp } from './harness';

describeBrowser('e2e harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the built app and stays on its own origin', async () => {
    const { page, requests, errors, context } = await openApp(browser);
    await expect(page.title()).resolves.toBe('Performance DNA');
    expect(foreignRequests(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
