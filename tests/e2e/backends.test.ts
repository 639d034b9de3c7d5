// Backend choice in the browser worker, in real Chromium: the same season analysed once on WebGPU
// (--enable-unsafe-webgpu, forced: this machine's adapter is a software fallback) and once without it
// (automatic) gives the same archetypes, exact and predicted. Headless Debian Chromium has no GPU: its
// WebGPU adapter is a fallback and its WebGL renderer is SwiftShader, so the automatic choice takes
// neither (issue 10) and runs on wasm; WebGL forced in settings still runs on WebGL.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyse, driverRows, loadSeason, type TableRow } from './app-flows';
import { describeBrowser, launch, openApp } from './harness';

async function backendOf(page: Page): Promise<{ backend: string; state: string; title: string }> {
  const badge = page.getByTestId('backend-badge');
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend') !== '', null, { timeout: 60_000 });
  return {
    backend: (await badge.getAttribute('data-backend')) ?? '',
    state: (await badge.getAttribute('data-state')) ?? '',
    title: (await badge.getAttribute('title')) ?? '',
  };
}

async function run(browser: Browser, query: string): Promise<{ rows: TableRow[]; backend: { backend: string; state: string; title: string } }> {
  const { page, context } = await openApp(browser, { query });
  await loadSeason(page);
  await analyse(page);
  const rows = await driverRows(page);
  const backend = await backendOf(page);
  await context.close();
  return { rows, backend };
}

describeBrowser('backends', () => {
  let gpuBrowser: Browser;
  let plainBrowser: Browser;
  beforeAll(async () => {
    gpuBrowser = await launch({ webgpu: true });
    plainBrowser = await launch();
  });
  afterAll(async () => {
    await gpuBrowser?.close();
    await plainBrowser?.close();
  });

  it('gives the same archetypes on WebGPU and WebGL (forced) as on the automatic choice', async () => {
    const gpu = await run(gpuBrowser, '?backend=webgpu');
    const gl = await run(plainBrowser, '?backend=webgl');
    const plain = await run(plainBrowser, '');
    expect(gpu.backend.backend).toBe('webgpu');
    expect(gl.backend.backend).toBe('webgl');
    expect(gl.backend.title).toBe('webgl: forced in settings');
    expect(plain.backend.backend).toBe('wasm');
    expect(gpu.backend.state).toBe(plain.backend.state);
    expect(gpu.rows.length).toBeGreaterThan(0);
    expect(gpu.rows).toEqual(plain.rows);
    expect(gl.rows).toEqual(plain.rows);
  });

  it('automatic choice skips a software WebGPU adapter and a software (SwiftShader) WebGL renderer and says why', async () => {
    const auto = await run(gpuBrowser, '');
    expect(auto.backend.backend).toBe('wasm');
    expect(auto.backend.title).toContain('software (fallback) WebGPU adapter');
    expect(auto.backend.title).toMatch(/webgl: software WebGL renderer \([^)]*SwiftShader/i);
  });
});
