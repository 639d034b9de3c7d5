// Browser figures for `npm run bench` (bench/run.ts calls runBrowserBench): the built app in Debian
// Chromium, measured through its own UI and worker. Prints figures; asserts nothing.
//   1. model load + integrity (tfjs import, backend init, fetch, sha256 + test inference) per backend
//   2. inference for 100 and 10,000 synthetic drivers per backend (webgl, wasm, cpu; webgpu when Chromium
//      gives an adapter: here a software fallback one, forced)
//   3. drop-to-dashboard for the real season: folder picked → report → Analyse → driver table complete
// Standalone: node --import tsx bench/browser-run.ts
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp, CHROMIUM_PATH, hasChromium, isBuilt, launch, PROJECT_ROOT, serveApp } from '../tests/e2e/chromium';

const REAL_DATA_DIR = resolve(PROJECT_ROOT, '../shared/data/gr-cup');
const OUT_DIR = join(PROJECT_ROOT, 'test-artifacts', 'bench-dist');
const BACKENDS = ['webgl', 'wasm', 'cpu', 'webgpu'] as const;

export interface BackendFigures {
  backend: string;
  /** What the worker ended up on (a forced backend that fails falls back). */
  actual: string | null;
  state: string;
  timingsMs: Record<string, number>;
  inferenceMs: Record<number, number[]>;
  note?: string;
}

export interface BrowserBenchResult {
  backends: BackendFigures[];
  dropToDashboardMs: { validateMs: number; analyseMs: number; totalMs: number; drivers: number; longTasksMs: number[] } | null;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function modelFigures(browser: Browser, url: string, backend: string): Promise<BackendFigures> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/?backend=${backend}#/model`);
    await page.waitForSelector('html[data-app-ready]');
    const info = page.getByTestId('model-info');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-info"]')?.getAttribute('data-state') !== 'not-loaded', null, {
      timeout: 120_000,
    });
    const state = (await info.getAttribute('data-state')) ?? '';
    const actual = await page.getByTestId('backend-name').textContent().catch(() => null);
    const timingsMs = Object.fromEntries(
      await page.locator('[data-timing]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-timing'), Number(e.getAttribute('data-ms'))])),
    ) as Record<string, number>;
    const inferenceMs: Record<number, number[]> = {};
    let note: string | undefined;
    if (state === 'ready') {
      await page.getByTestId('run-bench').click();
      await page.waitForSelector('[data-testid="bench-results"][data-done] li[data-rows="10000"], [data-testid="bench-error"]', { timeout: 300_000 });
      for (const li of await page.locator('[data-testid="bench-results"] li').all()) {
        inferenceMs[Number(await li.getAttribute('data-rows'))] = JSON.parse((await li.getAttribute('data-ms')) ?? '[]');
      }
      note = (await page.getByTestId('bench-error').textContent().catch(() => null)) ?? undefined;
    } else {
      note = (await page.getByTestId('model-notice').first().getAttribute('data-codes').catch(() => null)) ?? 'model not ready';
    }
    return { backend, actual, state, timingsMs, inferenceMs, note };
  } finally {
    await page.close();
  }
}

async function dropToDashboard(page: Page): Promise<BrowserBenchResult['dropToDashboardMs']> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(REAL_DATA_DIR);
  await page.getByTestId('validation-report').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="analyze"]:not([disabled])').waitFor();
  const t1 = Date.now();
  await page.getByTestId('analyze').click();
  await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: 300_000 });
  const t2 = Date.now();
  const drivers = await page.getByTestId('driver-row').count();
  await page.waitForTimeout(1500); // the chart and the library write happen when the page is idle
  const longTasksMs = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  return { validateMs: t1 - t0, analyseMs: t2 - t1, totalMs: t2 - t0, drivers, longTasksMs };
}

export async function runBrowserBench(opts: { rebuild?: boolean; log?: (line: string) => void } = {}): Promise<BrowserBenchResult | null> {
  const log = opts.log ?? ((l: string) => console.log(l));
  if (!hasChromium) {
    log(`browser    skipped: Chromium not found at ${CHROMIUM_PATH}`);
    return null;
  }
  if (opts.rebuild !== false || !isBuilt(OUT_DIR)) {
    const ms = await buildApp(OUT_DIR);
    log(`browser    app built in ${fmt(ms)} (test-artifacts/bench-dist)`);
  }
  const server = await serveApp(OUT_DIR);
  const result: BrowserBenchResult = { backends: [], dropToDashboardMs: null };
  try {
    for (const backend of BACKENDS) {
      // webgpu needs the flag; this machine's adapter is a software fallback, so the backend is forced.
      const browser = await launch({ webgpu: backend === 'webgpu' });
      try {
        const f = await modelFigures(browser, server.url, backend);
        result.backends.push(f);
        const t = f.timingsMs;
        const load = ['importTf', 'backend', 'fetch', 'integrity'].filter((k) => k in t).map((k) => `${k} ${fmt(t[k])}`).join(', ');
        const inf = Object.entries(f.inferenceMs)
          .map(([rows, ms]) => `${Number(rows).toLocaleString('en')} drivers ${fmt(median(ms))} (median of ${ms.length})`)
          .join(', ');
        log(`browser    ${backend.padEnd(6)} on ${f.actual ?? '?'}: model ${f.state}; load ${load || 'n/a'}${inf ? `; inference ${inf}` : ''}${f.note ? `; ${f.note}` : ''}`);
      } finally {
        await browser.close();
      }
    }
    if (existsSync(REAL_DATA_DIR)) {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/`);
        await page.waitForSelector('html[data-app-ready]');
        result.dropToDashboardMs = await dropToDashboard(page);
        const d = result.dropToDashboardMs!;
        log(`browser    drop-to-dashboard, real season (103 files): ${fmt(d.totalMs)} (report ${fmt(d.validateMs)}, analyse to complete table ${fmt(d.analyseMs)}, ${d.drivers} drivers, automatic backend)`);
        const over = d.longTasksMs.filter((ms) => ms > 50);
        log(`browser    main-thread long tasks from drop to kept analysis: ${d.longTasksMs.length} (longest ${d.longTasksMs.length ? Math.max(...d.longTasksMs) : 0} ms; over the 50 ms target: ${over.length ? over.join(', ') + ' ms' : 'none'})`);
      } finally {
        await browser.close();
      }
    } else {
      log('browser    drop-to-dashboard skipped: ../shared/data/gr-cup not found');
    }
  } finally {
    await server.close();
  }
  return result;
}
