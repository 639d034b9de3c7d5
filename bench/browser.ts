// Browser figures for `npm run bench` (bench/run.ts calls runBrowserBench): the built app in Debian
// Chromium, measured through its own UI and worker. Prints figures; asserts nothing.
//   1. model load + integrity (tfjs import, backend init, fetch, sha256 + test inference) per backend
//   2. inference for 100 and 10,000 synthetic drivers per backend (webgl, wasm, cpu; webgpu only on a real
//      adapter: a software fallback one is skipped)
//   3. drop-to-dashboard for the real season: folder picked → report → Analyse → driver table complete, in a
//      fresh tab (cold: first analysis, models not yet loaded) and again in the same tab (warm)
//   4. one generated lap file of 1,000,000 laps (~250 MB, bench/big-file.ts) dropped the same way: time,
//      renderer peak memory (the renderer process's VmHWM: page and worker), longest main-thread task,
//      and the progress counts seen in each phase
// Standalone: node --import tsx bench/browser-run.ts [--no-build] [--only big|season|models]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BIG_FILE_PATH, writeBigLapFile } from './big-file';
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

export interface DropFigures {
  /** Drop → validation report with Analyse enabled. */
  validateMs: number;
  /** Analyse → the exact dashboard (driver table complete). */
  analyseMs: number;
  /** Dashboard → the model's predictions filled in (null when they did not come). */
  predictionsMs: number | null;
  totalMs: number;
  drivers: number;
  longTasksMs: number[];
  /** Distinct progress texts seen while validating and while analysing (counts that moved). */
  progressSeen: { validating: number; analysing: number; last: string[] };
  /** Peak resident memory of the renderer processes (page + its worker), MB; null where /proc is not readable. */
  rendererPeakMb: number | null;
  /** The worker's timings of the analysis call (its log line): read (0 when validation's columns are reused), profiles. */
  worker: { totalMs: number; readMs: number; profilesMs: number; modelMs: number } | null;
}

export interface BrowserBenchResult {
  backends: BackendFigures[];
  cold: DropFigures | null;
  warm: DropFigures | null;
  big: DropFigures | null;
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

/** Whether the page gets a real WebGPU adapter, a software fallback one, or none. */
async function softwareWebGpu(browser: Browser, url: string): Promise<'real' | 'fallback' | 'none'> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/`);
    return await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string } } | null> } }).gpu;
      const adapter = await gpu?.requestAdapter().catch(() => null);
      if (!adapter) return 'none';
      const info = adapter.info ?? {};
      const software = adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader|llvmpipe|software/i.test(`${info.description ?? ''} ${info.vendor ?? ''}`);
      return software ? 'fallback' : 'real';
    });
  } finally {
    await page.close();
  }
}

/** Peak RSS (VmHWM) of the browser's renderer processes, from their pids (CDP SystemInfo) and /proc. */
async function rendererPeakMb(browser: Browser): Promise<number | null> {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    await cdp.detach();
    let peak = 0;
    for (const p of processInfo.filter((x) => x.type === 'renderer')) {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    }
    return peak || null;
  } catch {
    return null;
  }
}

/** Long tasks and the progress texts, recorded in the page from now on. */
async function watchPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __progress: { validating: string[]; analysing: string[] } };
    w.__longTasks = [];
    w.__progress = { validating: [], analysing: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
    setInterval(() => {
      const v = document.querySelector('[data-testid="validation-counts"]')?.textContent?.trim();
      const a = document.querySelector('label[for="analysis-progress"]')?.textContent?.replace(/\s+/g, ' ').trim();
      if (v && !w.__progress.validating.includes(v)) w.__progress.validating.push(v);
      if (a && !w.__progress.analysing.includes(a)) w.__progress.analysing.push(a);
    }, 100);
  });
}

async function dropToDashboard(browser: Browser, page: Page, dir: string, timeoutMs = 300_000): Promise<DropFigures> {
  await watchPage(page);
  // BENCH_PROFILE=DIR: the page's main thread is profiled (CDP) from the drop on, written as DIR/main-<time>.cpuprofile
  const profileDir = process.env.BENCH_PROFILE;
  const cdp = profileDir ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(dir);
  await page.getByTestId('validation-report').waitFor({ timeout: timeoutMs });
  await page.locator('[data-testid="analyze"]:not([disabled])').waitFor({ timeout: timeoutMs });
  const t1 = Date.now();
  await page.getByTestId('analyze').click();
  await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: timeoutMs });
  const t2 = Date.now();
  const predictions = await page
    .locator('[data-testid="counts"][data-predictions="done"]')
    .waitFor({ timeout: 120_000 })
    .then(() => Date.now() - t2)
    .catch(() => null);
  const drivers = Number(await page.getByTestId('driver-table').getAttribute('aria-rowcount').catch(() => null)) - 1 || (await page.getByTestId('driver-row').count());
  await page.waitForTimeout(1500); // the chart and the library write happen when the page is idle
  if (cdp && profileDir) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(join(profileDir, `main-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  // read before the bench opens the log panel below (its own rendering is not the app's)
  const seen = await page.evaluate(() => (window as unknown as { __progress: { validating: string[]; analysing: string[] } }).__progress);
  const longTasksMs = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
  // the worker's own account of the analysis, from the log panel (session.svelte.ts writes it)
  const panel = page.getByTestId('log-panel');
  await panel.locator('summary').click();
  const logText = (await panel.locator('pre').textContent()) ?? '';
  if (process.env.BENCH_LOG) console.log(logText);
  await panel.locator('summary').click();
  const w = [...logText.matchAll(/lap\(s\) in (\d+) ms \(read (\d+), profiles (\d+), model (\d+)\)/g)].at(-1);
  return {
    validateMs: t1 - t0,
    analyseMs: t2 - t1,
    predictionsMs: predictions,
    totalMs: t2 - t0,
    drivers,
    longTasksMs,
    progressSeen: { validating: seen.validating.length, analysing: seen.analysing.length, last: [seen.validating.at(-1) ?? '', seen.analysing.at(-1) ?? ''] },
    rendererPeakMb: await rendererPeakMb(browser),
    worker: w ? { totalMs: Number(w[1]), readMs: Number(w[2]), profilesMs: Number(w[3]), modelMs: Number(w[4]) } : null,
  };
}

function logDrop(log: (l: string) => void, label: string, d: DropFigures, goals: { totalMs: number; memMb?: number }): void {
  log(
    `browser    ${label}: drop → dashboard ${fmt(d.totalMs)} (report ${fmt(d.validateMs)}, analyse → exact table ${fmt(d.analyseMs)}; ` +
      `predictions ${d.predictionsMs === null ? 'did not come' : `+${fmt(d.predictionsMs)}`}), ${d.drivers} cars; goal ≤ ${fmt(goals.totalMs)}`,
  );
  if (d.worker) log(`browser      in the worker: analysis call ${fmt(d.worker.totalMs)} (read ${fmt(d.worker.readMs)}, profiles ${fmt(d.worker.profilesMs)}); the rest of "analyse" is the message and the page`);
  const over = d.longTasksMs.filter((ms) => ms > 50);
  log(
    `browser      main-thread long tasks: ${d.longTasksMs.length} (longest ${d.longTasksMs.length ? Math.max(...d.longTasksMs) : 0} ms; ` +
      `over 50 ms: ${over.length ? over.slice(0, 12).join(', ') + (over.length > 12 ? ', …' : '') + ' ms' : 'none'}); goal: none over 50 ms`,
  );
  log(
    `browser      renderer peak memory ${d.rendererPeakMb === null ? 'n/a' : `${d.rendererPeakMb.toFixed(0)} MB`}${goals.memMb ? `; goal ≤ ${goals.memMb} MB` : ''}; ` +
      `progress texts seen: ${d.progressSeen.validating} while validating ("${d.progressSeen.last[0]}"), ${d.progressSeen.analysing} while analysing ("${d.progressSeen.last[1]}")`,
  );
}

export async function runBrowserBench(opts: { rebuild?: boolean; log?: (line: string) => void; only?: string[] } = {}): Promise<BrowserBenchResult | null> {
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
  const result: BrowserBenchResult = { backends: [], cold: null, warm: null, big: null };
  const part = (name: string) => !opts.only || opts.only.includes(name);
  try {
    for (const backend of part('models') ? BACKENDS : []) {
      // webgpu needs the flag; the part runs only where the adapter is a real GPU (the device machine)
      const browser = await launch({ webgpu: backend === 'webgpu' });
      try {
        if (backend === 'webgpu') {
          // a software adapter (what Chromium gives without a GPU) would take tens of seconds per batch and say
          // nothing about WebGPU: skipped, as the app's automatic choice skips it
          const adapter = await softwareWebGpu(browser, server.url);
          if (adapter !== 'real') {
            log(`browser    webgpu skipped: ${adapter === 'none' ? 'no WebGPU adapter' : 'the adapter is a software fallback'} (a real GPU machine runs this part)`);
            continue;
          }
        }
        const f = await modelFigures(browser, server.url, backend);
        result.backends.push(f);
        const t = f.timingsMs;
        const load = Object.keys(t).map((k) => `${k} ${fmt(t[k])}`).join(', ');
        const inf = Object.entries(f.inferenceMs)
          .map(([rows, ms]) => `${Number(rows).toLocaleString('en')} drivers ${fmt(median(ms))} (median of ${ms.length})`)
          .join(', ');
        log(`browser    ${backend.padEnd(6)} on ${f.actual ?? '?'}: model ${f.state}; load ${load || 'n/a'}${inf ? `; inference ${inf}` : ''}${f.note ? `; ${f.note}` : ''}`);
      } finally {
        await browser.close();
      }
    }
    if (part('season') && existsSync(REAL_DATA_DIR)) {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/`);
        await page.waitForSelector('html[data-app-ready]');
        result.cold = await dropToDashboard(browser, page, REAL_DATA_DIR);
        logDrop(log, 'real season, fresh tab (cold)', result.cold, { totalMs: 1000 });
        // the next drop in the same tab: back to the start page, files cleared, the same folder again
        await page.evaluate(() => (location.hash = '#/'));
        await page.getByRole('button', { name: 'Clear files' }).click();
        result.warm = await dropToDashboard(browser, page, REAL_DATA_DIR);
        logDrop(log, 'real season, next drop in the same tab (warm)', result.warm, { totalMs: 300 });
      } finally {
        await browser.close();
      }
    } else if (part('season')) {
      log('browser    drop-to-dashboard skipped: ../shared/data/gr-cup not found');
    }
    if (part('big')) {
      const dir = mkdtempSync(join(tmpdir(), 'perfdna-big-browser-'));
      try {
        mkdirSync(join(dir, 'COTA'));
        const file = await writeBigLapFile(join(dir, BIG_FILE_PATH), {});
        log(`browser    big file: ${file.laps.toLocaleString('en')} laps, ${(file.bytes / 1e6).toFixed(0)} MB (bench/big-file.ts), dropped as a folder`);
        const browser = await launch();
        try {
          const page = await browser.newPage();
          await page.goto(`${server.url}/`);
          await page.waitForSelector('html[data-app-ready]');
          result.big = await dropToDashboard(browser, page, dir, 600_000);
          logDrop(log, '1 M-lap file, fresh tab', result.big, { totalMs: 10_000, memMb: 400 });
        } finally {
          await browser.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  return result;
}
